//! `plan` and `apply` end to end, over a copy of `tests/data/apply`: a Go
//! service and its TypeScript client in which `run` became a second name
//! for `session`.

mod common;
use common::{assert_go_vet_passes, copy_tree, required_tool};

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;

fn termshift(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("termshift").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// A fresh copy of the corpus.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/apply");
    copy_tree(&data, dir.path());
    dir
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap()
}

/// A project of one root holding one file (`root/file`), configured to
/// migrate run to session, with `more` appended to its configuration.
fn one_file(root: &str, file: &str, content: &str, more: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(root).join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
    let config = format!(
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"{root}\"\npath = \"{root}\"\n{more}"
    );
    fs::write(dir.path().join("termshift.toml"), config).unwrap();
    dir
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// After `apply --write`: a second apply has nothing to do, and the gate
/// passes.
fn assert_settled(dir: &Path) {
    termshift(dir)
        .arg("apply")
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("nothing to do"));
    termshift(dir).arg("check").assert().success();
}

/// The Go module at `module` is gofmt-clean and passes go vet (where go
/// is installed; the test command installs it).
fn go_is_clean(module: &Path) {
    if !required_tool("go") {
        return;
    }
    let gofmt = Process::new("gofmt")
        .args(["-l", "."])
        .current_dir(module)
        .output()
        .unwrap();
    assert!(gofmt.status.success());
    let listed = String::from_utf8_lossy(&gofmt.stdout);
    assert_eq!(listed, "", "gofmt -l lists files");
    assert_go_vet_passes(module, &module.join(".gocache"));
}

#[test]
fn the_diff_of_the_corpus() {
    let dir = corpus();
    insta::assert_snapshot!(stdout(termshift(dir.path()).arg("apply")));
}

#[test]
fn the_plan_of_the_corpus() {
    let dir = corpus();
    let plan = stdout(termshift(dir.path()).args(["plan", "--format", "json"]));
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let batches = plan["plan"]["batches"].as_array().unwrap();
    let titles: Vec<&str> = batches
        .iter()
        .map(|b| b["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Internal symbols", "API contracts"]);
    let removed: Vec<&str> = batches
        .iter()
        .flat_map(|b| b["items"].as_array().unwrap())
        .filter(|i| i["action"] == "remove")
        .map(|i| i["old"].as_str().unwrap())
        .collect();
    assert_eq!(removed, ["RunID", "runId", "runId", "run_id"]);
}

#[test]
fn written_go_is_gofmt_clean_vets_and_a_second_apply_has_nothing_to_do() {
    let dir = corpus();
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success()
        .stderr(predicate::str::contains("edited 2 files"));
    let go_file = read(dir.path(), "svc/record.go");
    assert!(!go_file.contains("RunID") && !go_file.contains("run_id"));
    assert!(go_file.contains("\tCount     int    `json:\"count\"`\n"));
    assert_settled(dir.path());
    go_is_clean(&dir.path().join("svc"));
}

#[test]
fn compat_keeps_the_legacy_twins_until_their_batch() {
    let dir = corpus();
    let plan = stdout(termshift(dir.path()).args(["plan", "--policy", "compat"]));
    assert!(
        plan.contains("## Batch 6: Remove compatibility shims"),
        "{plan}"
    );
    termshift(dir.path())
        .args(["apply", "--policy", "compat", "--write", "--allow-dirty"])
        .assert()
        .success();
    let go_file = read(dir.path(), "svc/record.go");
    assert!(go_file.contains("\tRunID string `json:\"run_id\"`\n"));
    assert!(go_file.contains("sessionID := r.SessionID"));
    termshift(dir.path())
        .args([
            "apply",
            "--policy",
            "compat",
            "--batch",
            "6",
            "--write",
            "--allow-dirty",
        ])
        .assert()
        .success();
    let go_file = read(dir.path(), "svc/record.go");
    assert!(!go_file.contains("RunID"), "{go_file}");
    termshift(dir.path()).arg("check").assert().success();
}

#[test]
fn a_collision_is_left_for_a_person_and_stops_everything_under_strict() {
    let dir = corpus();
    let pair = "package svc\n\n// Pair joins a session with another.\nfunc Pair(runID, sessionID string) string {\n\treturn runID + \"/\" + sessionID\n}\n";
    fs::write(dir.path().join("svc/pair.go"), pair).unwrap();
    let before = read(dir.path(), "svc/record.go");
    let args = [
        "apply",
        "--write",
        "--allow-dirty",
        "--category",
        "NEEDS_REVIEW,LEGACY_SESSION_ALIAS",
    ];
    termshift(dir.path())
        .args(args)
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("would collide")
                .and(predicate::str::contains(
                    "svc/pair.go:4: `runID` -> `sessionID`",
                ))
                .and(predicate::str::contains("--policy")),
        );
    assert_eq!(read(dir.path(), "svc/record.go"), before);
    assert_eq!(read(dir.path(), "svc/pair.go"), pair);
    // Without --strict the plan shows the conflict and the rest is written.
    let plan = stdout(termshift(dir.path()).args([
        "plan",
        "--category",
        "NEEDS_REVIEW,LEGACY_SESSION_ALIAS",
    ]));
    assert!(
        plan.contains("## Conflicts left for a person")
            && plan.contains("| svc/pair.go:4 | `runID` -> `sessionID` | line 4 |")
            && plan.contains("| 2 places | `otherSessionID` |"),
        "{plan}"
    );
    termshift(dir.path())
        .args(args)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "svc/pair.go:4: `runID` -> `sessionID`",
        ));
    assert_eq!(read(dir.path(), "svc/pair.go"), pair);
    assert_ne!(read(dir.path(), "svc/record.go"), before);
}

#[test]
fn the_same_conflict_on_one_line_is_said_once_with_its_count() {
    let line = "function a(e,t){return {runId:e,sessionId:t}}function b(e,t){return {runId:e,sessionId:t}}function c(e,t){return {runId:e,sessionId:t}}\n";
    let dir = one_file("web", "app.min.js", line, "");
    let out = termshift(dir.path()).arg("plan").assert().success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("web/app.min.js:1: `runId` -> `sessionId`")
            && warnings[0].ends_with("(3 times)"),
        "{err}"
    );
    assert!(err.contains("3 name(s) would collide"), "{err}");
}

#[test]
fn two_overrides_to_one_name_in_a_scope_collide() {
    let dir = corpus();
    let config = read(dir.path(), "termshift.toml")
        + "\n[renames]\n\"Names.RunID\" = \"Key\"\n\"Names.RunName\" = \"Key\"\n";
    fs::write(dir.path().join("termshift.toml"), config).unwrap();
    fs::write(
        dir.path().join("svc/names.go"),
        "package svc\n\n// Names are two names.\ntype Names struct {\n\tRunID   string\n\tRunName string\n}\n",
    )
    .unwrap();
    termshift(dir.path())
        .args([
            "apply",
            "--strict",
            "--category",
            "NEEDS_REVIEW,LEGACY_SESSION_ALIAS",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("would become `Key` too"));
}

#[test]
fn a_new_name_that_is_not_an_identifier_is_refused() {
    let dir = corpus();
    let config = read(dir.path(), "termshift.toml") + "\n[renames]\nrunID = \"session-id\"\n";
    fs::write(dir.path().join("termshift.toml"), config).unwrap();
    let before = read(dir.path(), "svc/record.go");
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("svc/record.go:34:2: `runID` -> `session-id`")
                .and(predicate::str::contains("not a valid go identifier")),
        );
    assert_eq!(read(dir.path(), "svc/record.go"), before);
}

#[test]
fn an_override_renames_one_local_and_its_uses() {
    let dir = corpus();
    let config = read(dir.path(), "termshift.toml") + "\n[renames]\n\"Describe.runID\" = \"id\"\n";
    fs::write(dir.path().join("termshift.toml"), config).unwrap();
    let diff = stdout(termshift(dir.path()).arg("apply"));
    assert!(diff.contains("+\tid := r.SessionID\n"), "{diff}");
    assert!(
        diff.contains("+\treturn fmt.Sprintf(\"record of %s\", id)\n"),
        "{diff}"
    );
}

#[test]
fn uncommitted_changes_are_refused_unless_allowed() {
    let dir = corpus();
    let git = |args: &[&str]| {
        let out = Process::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "corpus"]);
    let edited = read(dir.path(), "web/api.ts") + "// a change of one's own\n";
    fs::write(dir.path().join("web/api.ts"), &edited).unwrap();
    let record = read(dir.path(), "svc/record.go");
    termshift(dir.path())
        .args(["apply", "--write"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("uncommitted changes")
                .and(predicate::str::contains("web/api.ts"))
                .and(predicate::str::contains("--allow-dirty")),
        );
    assert_eq!(read(dir.path(), "web/api.ts"), edited);
    assert_eq!(read(dir.path(), "svc/record.go"), record);
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success();
    assert!(!read(dir.path(), "web/api.ts").contains("runId"));
}

#[test]
fn the_schema_script_is_safe_to_run_twice() {
    let schema = "CREATE TABLE turns (\n  run_id TEXT NOT NULL,\n  body TEXT\n);\nCREATE INDEX turns_by_run ON turns(run_id);\n";
    let dir = one_file("db", "schema.sql", schema, "");
    let plan = stdout(termshift(dir.path()).args([
        "plan",
        "--format",
        "json",
        "--category",
        "NEEDS_REVIEW,LEGACY_SESSION_ALIAS",
    ]));
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let sql = plan["sql"].as_str().unwrap();
    assert!(sql.contains("DROP INDEX IF EXISTS turns_by_run;"), "{sql}");
    assert!(
        sql.contains("CREATE INDEX IF NOT EXISTS turns_by_session ON turns(session_id);"),
        "{sql}"
    );
    if !required_tool("sqlite3") {
        return;
    }
    let db = dir.path().join("old.db");
    let run = |script: &str| {
        let mut child = Process::new("sqlite3")
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    run(schema);
    run(sql);
    run(sql);
    let out = run(".schema turns\n");
    let schema_now = String::from_utf8_lossy(&out.stdout);
    assert!(schema_now.contains("turns_by_session"), "{schema_now}");
    assert!(!schema_now.contains("turns_by_run"), "{schema_now}");
}

/// Runs SQL on an SQLite database with the `sqlite3` shell, which goes on
/// after an error as the script's header says; stdout.
fn sqlite(db: &Path, script: &str) -> String {
    use std::io::Write;
    let mut child = Process::new("sqlite3")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

#[test]
fn the_schema_script_keeps_every_value_of_a_column_beside_its_twin() {
    let schema = "CREATE TABLE turns (\n  session_id TEXT,\n  run_id TEXT,\n  body TEXT\n);\n";
    let dir = one_file("db", "schema.sql", schema, "");
    fs::write(
        dir.path().join("db/queries.sql"),
        "SELECT run_id, body FROM turns WHERE run_id = ?;\n",
    )
    .unwrap();
    let plan = stdout(termshift(dir.path()).args([
        "plan",
        "--format",
        "json",
        "--category",
        "NEEDS_REVIEW,LEGACY_SESSION_ALIAS",
    ]));
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let sql = plan["sql"].as_str().unwrap();
    let copy = sql
        .find("UPDATE turns SET session_id = COALESCE(session_id, run_id);")
        .unwrap_or_else(|| panic!("no copy before the drop:\n{sql}"));
    assert!(copy < sql.find("DROP COLUMN run_id").unwrap(), "{sql}");
    if !required_tool("sqlite3") {
        return;
    }
    // A database with both columns, rows written by old and new code; and
    // one from before the twin existed.
    let both = dir.path().join("both.db");
    sqlite(
        &both,
        &format!("{schema}INSERT INTO turns VALUES (NULL, 'r1', 'old'), ('s2', 's2', 'new');\n"),
    );
    let before = dir.path().join("before.db");
    sqlite(
        &before,
        "CREATE TABLE turns (run_id TEXT, body TEXT);\nINSERT INTO turns VALUES ('r3', 'oldest');\n",
    );
    for db in [&both, &before] {
        sqlite(db, sql);
        sqlite(db, sql);
    }
    let rows = |db: &Path| sqlite(db, "SELECT session_id, body FROM turns ORDER BY body;\n");
    assert_eq!(rows(&both), "s2|new\nr1|old\n");
    assert_eq!(rows(&before), "r3|oldest\n");
    let columns = sqlite(&both, "SELECT name FROM pragma_table_info('turns');\n");
    assert!(!columns.contains("run_id"), "{columns}");
}

/// A fresh copy of a shipped example.
fn example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    copy_tree(&data, dir.path());
    dir
}

#[test]
fn the_account_example_migrates_and_then_passes_the_gate() {
    let dir = example("user-to-account");
    insta::assert_snapshot!(stdout(termshift(dir.path()).arg("apply")));
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "regenerate billing-py/billing/proto/billing_pb2.py",
        ));
    assert_settled(dir.path());
}

#[test]
fn the_session_example_migrates_its_go_cleanly_and_then_passes_the_gate() {
    let dir = example("run-to-session");
    insta::assert_snapshot!(stdout(termshift(dir.path()).arg("apply")));
    let generated = read(dir.path(), "backend/pb/events.pb.go");
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success();
    assert_eq!(
        read(dir.path(), "backend/pb/events.pb.go"),
        generated,
        "generated code is never edited"
    );
    assert_settled(dir.path());
    go_is_clean(&dir.path().join("backend"));
}

#[test]
fn compat_writes_the_new_key_beside_the_old_and_reads_both() {
    let client = "export function toQuery(runId: string) {\n  return {\n    runId: runId,\n    page: 1,\n  };\n}\n\nexport function fromQuery(params: URLSearchParams) {\n  const id = params.get(\"runId\");\n  return id;\n}\n";
    let dir = one_file("web", "q.ts", client, "");
    // No `session` anywhere: a rename, whose names all change.
    let plan = stdout(termshift(dir.path()).args(["plan", "--policy", "compat"]));
    assert!(plan.contains("add `sessionId` beside `runId`"), "{plan}");
    assert!(
        plan.contains("## Batch 6: Remove compatibility shims"),
        "{plan}"
    );
    termshift(dir.path())
        .args(["apply", "--policy", "compat", "--write", "--allow-dirty"])
        .assert()
        .success();
    let written = read(dir.path(), "web/q.ts");
    assert!(
        written.contains("    sessionId: sessionId,\n    runId: sessionId,\n"),
        "{written}"
    );
    assert!(
        written.contains("params.get(\"sessionId\") ?? params.get(\"runId\")"),
        "{written}"
    );
    // At the end of the period, the hard cut drops what compat added.
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success();
    let written = read(dir.path(), "web/q.ts");
    assert!(!written.contains("runId"), "{written}");
    assert!(
        written.contains("const id = params.get(\"sessionId\");"),
        "{written}"
    );
}

#[test]
fn line_endings_and_the_last_line_are_kept() {
    let go = "package svc\r\n\r\ntype Record struct {\r\n\tSessionID string `json:\"session_id\"`\r\n\tRunID     string `json:\"run_id\"`\r\n\tN         int\r\n}\r\n\r\nfunc Of(sessionID string) Record {\r\n\treturn Record{SessionID: sessionID, RunID: sessionID}\r\n}";
    let dir = one_file("svc", "r.go", go, "");
    termshift(dir.path())
        .args([
            "apply",
            "--write",
            "--allow-dirty",
            "--category",
            "NEEDS_REVIEW,LEGACY_SESSION_ALIAS",
        ])
        .assert()
        .success();
    let written = read(dir.path(), "svc/r.go");
    assert_eq!(
        written,
        "package svc\r\n\r\ntype Record struct {\r\n\tSessionID string `json:\"session_id\"`\r\n\tN         int\r\n}\r\n\r\nfunc Of(sessionID string) Record {\r\n\treturn Record{SessionID: sessionID}\r\n}"
    );
}

#[test]
fn a_legacy_key_on_a_field_of_its_own_is_left_to_a_person_and_an_alias_goes() {
    let rust = "use serde::{Deserialize, Serialize};\n\n#[derive(Serialize)]\npub struct View {\n    pub session_id: String,\n    #[serde(rename = \"run_id\")]\n    pub legacy: String,\n}\n\n#[derive(Deserialize)]\npub struct Request {\n    /// Old clients send `run_id`.\n    #[serde(alias = \"run_id\")]\n    pub session_id: String,\n}\n";
    // The legacy key holds the session: said by hand, as flow cannot see
    // it in a snippet this small.
    let decision = "[[decisions]]\nsymbol = \"View.legacy\"\ncategory = \"LEGACY_SESSION_ALIAS\"\n\
                    reason = \"the same value\"\n";
    let dir = one_file("rs", "src/lib.rs", rust, decision);
    let categories = "NEEDS_REVIEW,LEGACY_SESSION_ALIAS,DOC_STALE";
    termshift(dir.path())
        .args(["apply", "--strict", "--category", categories])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rs/src/lib.rs:6: `run_id` -> `session_id`: `legacy` holds the same value as \
             `session_id` but keeps its name and its uses: remove it by hand",
        ));
    let config = read(dir.path(), "termshift.toml")
        + "[[allow]]\nsymbols = [\"View.legacy\"]\nreason = \"read by old dashboards\"\n";
    fs::write(dir.path().join("termshift.toml"), config).unwrap();
    let diff = stdout(termshift(dir.path()).args(["apply", "--category", categories]));
    assert!(
        diff.contains("-    /// Old clients send `run_id`.\n-    #[serde(alias = \"run_id\")]\n     pub session_id: String,"),
        "{diff}"
    );
    assert!(!diff.contains("rename = \"session_id\""), "{diff}");
}

#[test]
fn imports_follow_the_file_they_name_and_a_use_keeps_the_declaration_it_names() {
    let component = "export function RunHeader(props: { sessionId: string; runId: string }) {\n  return props.runId;\n}\n";
    let decision = "[[decisions]]\ntext = \"RunHeader\"\ncategory = \"LEGACY_SESSION_ALIAS\"\n\
                    reason = \"the header shows a session\"\n";
    let dir = one_file("web", "src/components/RunHeader.tsx", component, decision);
    // A style sheet is not renamed: its path stays.
    let app = "import { RunHeader } from \"./components/RunHeader\";\nimport \"./run_styles.css\";\nexport const header = RunHeader;\n";
    fs::write(dir.path().join("web/src/app.ts"), app).unwrap();
    let plan: serde_json::Value = serde_json::from_str(&stdout(
        termshift(dir.path()).args(["plan", "--format", "json"]),
    ))
    .unwrap();
    let skipped: Vec<(&str, u64, &str)> = plan["plan"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let why = s["why"].as_str().unwrap();
            (
                s["path"].as_str().unwrap(),
                s["line"].as_u64().unwrap(),
                why.split(':').next().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("src/app.ts", 2, "a module path"),
            (
                "src/components/RunHeader.tsx",
                2,
                "its declaration at line 1 stays as it is"
            ),
        ]
    );
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success();
    // The function, its file and its imports are renamed.
    assert_eq!(
        read(dir.path(), "web/src/app.ts"),
        "import { SessionHeader } from \"./components/SessionHeader\";\nimport \"./run_styles.css\";\nexport const header = SessionHeader;\n"
    );
    // `props.runId` is decided by the function around it, but the field it
    // reads needs review: renaming the read alone would make it read
    // `sessionId`, another field.
    assert_eq!(
        read(dir.path(), "web/src/components/SessionHeader.tsx"),
        component.replace("function RunHeader", "function SessionHeader")
    );
    assert!(!dir.path().join("web/src/components/RunHeader.tsx").exists());
}

#[test]
fn a_local_renamed_to_a_parameter_of_its_function_is_a_collision() {
    // `sessionID := sessionID` would not compile, and after the
    // reassignment the two hold different values.
    let go = "package svc\n\nfunc Load(sessionID string) string {\n\trunID := sessionID\n\tsessionID = \"x\"\n\treturn runID + sessionID\n}\n";
    let dir = one_file("svc", "a.go", go, "");
    for strict in [true, false] {
        let mut apply = termshift(dir.path());
        apply.args(["apply", "--write", "--allow-dirty"]);
        if strict {
            apply.arg("--strict");
        }
        apply
            .assert()
            .code(if strict { 1 } else { 0 })
            .stderr(predicate::str::contains(
            "svc/a.go:4: `runID` -> `sessionID`: `sessionID` is already a name in `Load` (line 3)",
        ));
        assert_eq!(read(dir.path(), "svc/a.go"), go);
    }
}

#[test]
fn a_legacy_call_chained_beside_its_twin_goes() {
    let go = r#"package svc

type Log struct{}

func (l Log) Str(k, v string) Log { return l }

type Conv struct {
	SessionID string
	RunID     string
}

func Trace(l Log, c Conv, sessionID string) {
	l.Str("run_id", sessionID).Str("session_id", sessionID)
	l.Str("conv", "x").Str("run_id", c.RunID).Str("session_id", c.RunID)
	c.RunID = sessionID
}
"#;
    let dir = one_file("svc", "a.go", go, "");
    fs::write(dir.path().join("svc/go.mod"), "module svc\n\ngo 1.19\n").unwrap();
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success();
    let written = read(dir.path(), "svc/a.go");
    assert!(
        written.contains("\tl.Str(\"session_id\", sessionID)\n"),
        "{written}"
    );
    // Of two calls the renames make equal, the one that held the new key
    // stays, its value renamed.
    assert!(
        written.contains("\tl.Str(\"conv\", \"x\").Str(\"session_id\", c.SessionID)\n"),
        "{written}"
    );
    go_is_clean(&dir.path().join("svc"));
}

#[test]
fn a_term_of_two_words_is_renamed_in_prose_and_code() {
    let go = "package x\n\n// The runtime step settings are nil until the\n// StepSettingsList holds the step\n// settings of each model.\ntype StepSettings struct{}\n\nvar stepSettings StepSettings\n";
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("x")).unwrap();
    fs::write(dir.path().join("x/a.go"), go).unwrap();
    fs::write(dir.path().join("x/go.mod"), "module x\n\ngo 1.19\n").unwrap();
    fs::write(
        dir.path().join("termshift.toml"),
        "[migration]\nfrom = \"step settings\"\nto = \"inference settings\"\n[[roots]]\nname = \"x\"\npath = \"x\"\n",
    )
    .unwrap();
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success();
    assert_eq!(
        read(dir.path(), "x/a.go"),
        "package x\n\n// The runtime inference settings are nil until the\n// InferenceSettingsList holds the inference\n// settings of each model.\ntype InferenceSettings struct{}\n\nvar inferenceSettings InferenceSettings\n"
    );
    go_is_clean(&dir.path().join("x"));
}

#[test]
fn locals_of_two_closures_of_one_function_do_not_meet() {
    // `runID` and `sessionID` live in two function literals: renaming one
    // onto the other's name is no collision.
    let go = "package svc

func Register(h func(func(string) string)) {
	h(func(sessionID string) string {
		return sessionID
	})
	h(func(id string) string {
		runID := id
		return runID
	})
}
";
    let dir = one_file("svc", "a.go", go, "");
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success();
    assert_eq!(
        read(dir.path(), "svc/a.go"),
        go.replace("runID", "sessionID")
    );
}

#[test]
fn compat_keeps_a_legacy_entry_whose_value_follows_its_renamed_local() {
    let go = "package api\n\ntype Turn struct {\n\tSessionID string `json:\"session_id\"`\n\tRunID     string `json:\"run_id\"`\n}\n\nfunc Of(id string) Turn {\n\trunID := id\n\treturn Turn{SessionID: runID, RunID: runID}\n}\n";
    let dir = one_file("api", "turn.go", go, "");
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty", "--policy", "compat"])
        .assert()
        .success();
    // The legacy field and its key stay for old clients; the local they are
    // given is renamed with its declaration.
    assert_eq!(
        read(dir.path(), "api/turn.go"),
        go.replace("runID := id", "sessionID := id").replace(
            "{SessionID: runID, RunID: runID}",
            "{SessionID: sessionID, RunID: sessionID}"
        )
    );
}

#[test]
fn min_confidence_narrows_what_is_planned() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/run-to-session");
    copy_tree(&example, dir.path());
    let places = |confidence: &str| -> usize {
        let json = stdout(termshift(dir.path()).args([
            "-q",
            "plan",
            "--format",
            "json",
            "--min-confidence",
            confidence,
        ]));
        let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
        plan["plan"]["batches"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["items"].as_array().unwrap())
            .map(|i| i["places"].as_array().unwrap().len())
            .sum()
    };
    let (high, medium, low) = (places("high"), places("medium"), places("low"));
    assert!(
        0 < high && high < medium && medium <= low,
        "{high} {medium} {low}"
    );
    termshift(dir.path())
        .args(["plan", "--min-confidence", "certain"])
        .assert()
        .code(2);
}

#[test]
fn verify_keeps_what_builds_and_puts_back_what_does_not() {
    let good = "package svc\n\nfunc Of(runID string) string {\n\treturn runID\n}\n";
    let dir = one_file("svc", "a.go", good, "");
    fs::write(dir.path().join("svc/go.mod"), "module svc\n\ngo 1.19\n").unwrap();
    // A command given: it fails, so nothing stays written, and its output
    // is shown.
    termshift(dir.path())
        .args([
            "apply",
            "--write",
            "--allow-dirty",
            "--verify",
            "echo vet says no; exit 4",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("`echo vet says no; exit 4` failed")
                .and(predicate::str::contains("(exit 4)"))
                .and(predicate::str::contains("vet says no"))
                .and(predicate::str::contains("every edited file was put back")),
        );
    assert_eq!(read(dir.path(), "svc/a.go"), good);
    assert!(!dir.path().join(".termshift/interrupted-apply").exists());
    if !required_tool("go") {
        return;
    }
    // The root's usual check, told by its go.mod: the rename builds.
    termshift(dir.path())
        .env("GOCACHE", dir.path().join(".gocache"))
        .env("GOFLAGS", "-mod=mod")
        .args(["apply", "--write", "--allow-dirty", "--verify"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "verified in svc: `go build ./... && go vet ./...` passed",
        ));
    assert_eq!(
        read(dir.path(), "svc/a.go"),
        good.replace("runID", "sessionID")
    );
    // A package that go vet rejects: the edits are put back.
    let bad = "package svc\n\nimport \"fmt\"\n\nfunc Of(runID string) string {\n\treturn fmt.Sprintf(\"%d\", runID)\n}\n";
    fs::write(dir.path().join("svc/a.go"), bad).unwrap();
    termshift(dir.path())
        .env("GOCACHE", dir.path().join(".gocache"))
        .env("GOFLAGS", "-mod=mod")
        .args(["apply", "--write", "--allow-dirty", "--verify"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Sprintf format %d has arg"));
    assert_eq!(read(dir.path(), "svc/a.go"), bad);
}

#[test]
fn a_verify_command_that_hangs_is_stopped_and_every_file_goes_back() {
    let good = "package svc\n\nfunc Of(runID string) string {\n\treturn runID\n}\n";
    let dir = one_file("svc", "a.go", good, "");
    termshift(dir.path())
        .args([
            "apply",
            "--write",
            "--allow-dirty",
            "--verify",
            "echo building; sleep 120",
            "--verify-timeout",
            "1",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("(stopped after 1s without finishing)")
                .and(predicate::str::contains("building"))
                .and(predicate::str::contains("every edited file was put back")),
        );
    assert_eq!(read(dir.path(), "svc/a.go"), good);
    assert!(!dir.path().join(".termshift/interrupted-apply").exists());
}

#[test]
fn verify_without_a_command_needs_a_root_that_tells_its_check() {
    let dir = one_file("svc", "a.go", "package svc\n\nvar runID = 1\n", "");
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty", "--verify"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--verify 'make test'"));
    termshift(dir.path())
        .args(["apply", "--verify", "true"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--write"));
}

#[test]
fn a_utf16_file_is_scanned_and_left_for_a_person() {
    let text = "# Notes\n\nSet `RunID` to the session.\n";
    let dir = one_file("docs", "notes.md", "", "");
    let path = dir.path().join("docs/notes.md");
    // Little-endian with its byte order mark, as Windows tools write it.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(&path, &utf16).unwrap();
    let scan = stdout(termshift(dir.path()).args(["scan", "--format", "jsonl"]));
    assert!(
        scan.contains(r#""path":"notes.md","line":3,"column":6,"text":"RunID""#),
        "{scan}"
    );
    // Its places are the decoded text's: an edit would write it as UTF-8.
    let plan = stdout(termshift(dir.path()).arg("plan"));
    assert!(
        plan.contains("| docs/notes.md:3 | `RunID` | UTF-16 file: edit it by hand"),
        "{plan}"
    );
    termshift(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("docs/notes.md:3: `RunID` left as it is: UTF-16 file")
                .and(predicate::str::contains("nothing to do")),
        );
    assert_eq!(fs::read(&path).unwrap(), utf16);
}

#[test]
fn a_shim_its_name_declares_goes_in_a_hard_cut_and_stays_in_compat() {
    let go = "package svc\n\nimport \"encoding/json\"\n\ntype Meta struct {\n\tSessionID string `json:\"session_id\"`\n}\n\nfunc (m *Meta) UnmarshalJSON(b []byte) error {\n\ttype plain Meta\n\tvar a struct {\n\t\tplain\n\t\tLegacyRunID string `json:\"run_id,omitempty\"`\n\t}\n\tif err := json.Unmarshal(b, &a); err != nil {\n\t\treturn err\n\t}\n\t*m = Meta(a.plain)\n\tif m.SessionID == \"\" && a.LegacyRunID != \"\" {\n\t\tm.SessionID = a.LegacyRunID\n\t}\n\treturn nil\n}\n";
    let dir = one_file("svc", "meta.go", go, "");
    fs::write(dir.path().join("svc/go.mod"), "module svc\n\ngo 1.19\n").unwrap();
    let categories = "LEGACY_SESSION_ALIAS,NEEDS_REVIEW";
    // Compat keeps it as it is, and the gate accepts it.
    let diff = stdout(termshift(dir.path()).args([
        "apply",
        "--policy",
        "compat",
        "--category",
        categories,
    ]));
    assert!(!diff.contains("LegacyRunID"), "{diff}");
    let plan = stdout(termshift(dir.path()).args([
        "plan",
        "--policy",
        "compat",
        "--category",
        categories,
    ]));
    assert!(
        plan.contains("`LegacyRunID` is a backward-compatibility shim: its name says so: kept for old clients"),
        "{plan}"
    );
    termshift(dir.path())
        .args(["check", "--deny", "LEGACY_SESSION_ALIAS"])
        .assert()
        .success();
    // A hard cut removes it with the code that reads it.
    termshift(dir.path())
        .args([
            "apply",
            "--write",
            "--allow-dirty",
            "--category",
            categories,
        ])
        .assert()
        .success();
    let written = read(dir.path(), "svc/meta.go");
    assert_eq!(
        written,
        "package svc\n\nimport \"encoding/json\"\n\ntype Meta struct {\n\tSessionID string `json:\"session_id\"`\n}\n\nfunc (m *Meta) UnmarshalJSON(b []byte) error {\n\ttype plain Meta\n\tvar a struct {\n\t\tplain\n\t}\n\tif err := json.Unmarshal(b, &a); err != nil {\n\t\treturn err\n\t}\n\t*m = Meta(a.plain)\n\treturn nil\n}\n"
    );
    if required_tool("go") {
        assert_go_vet_passes(&dir.path().join("svc"), &dir.path().join(".gocache"));
    }
}

#[test]
fn the_plan_says_what_regenerating_will_change() {
    let proto = "syntax = \"proto3\";\npackage api;\n\nmessage Turn {\n  string run_key = 1;\n  string planning_run = 2;\n}\n";
    let dir = one_file("api", "turn.proto", proto, "");
    fs::write(
        dir.path().join("termshift.toml"),
        "[migration]\nfrom = \"run\"\nto = \"session\"\nkind = \"rename\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n\
         [[decisions]]\ntext = \"planning_run\"\ncategory = \"HISTORY\"\nreason = \"another meaning\"\n",
    )
    .unwrap();
    let generated = "// Code generated by protoc-gen-go. DO NOT EDIT.\n// source: turn.proto\n\npackage pb\n\ntype Turn struct {\n\tRunKey string `protobuf:\"bytes,1,opt,name=run_key,proto3\" json:\"run_key,omitempty\"`\n\tPlanningRun string `protobuf:\"bytes,2,opt,name=planning_run,proto3\" json:\"planning_run,omitempty\"`\n}\n\nfunc (x *Turn) GetRunKey() string {\n\treturn x.RunKey\n}\n";
    fs::create_dir_all(dir.path().join("api/pb")).unwrap();
    fs::write(dir.path().join("api/pb/turn.pb.go"), generated).unwrap();
    let plan = stdout(termshift(dir.path()).args(["-q", "plan"]));
    assert!(
        plan.contains("| api/turn.proto | api/pb/turn.pb.go | `protoc --go_out=<dir> turn.proto` | `RunKey` -> `SessionKey` (2), `run_key` -> `session_key` (2), `GetRunKey` -> `GetSessionKey` (1) |"),
        "{plan}"
    );
    // The generated file is not edited; the field the plan keeps is not
    // predicted to change.
    assert!(!plan.contains("PlanningSession"), "{plan}");
    let diff = stdout(termshift(dir.path()).arg("apply"));
    assert!(!diff.contains("turn.pb.go"), "{diff}");
    // A category that reaches into the generated file still edits only
    // its source.
    let history = stdout(termshift(dir.path()).args(["-q", "plan", "--category", "HISTORY"]));
    assert!(
        history.contains(
            "| `planning_run` -> `planning_session` | Proto change | 1 | api/turn.proto:6 |"
        ) && !history
            .split("## Regenerate")
            .next()
            .unwrap()
            .contains("turn.pb.go"),
        "{history}"
    );
    // With nothing planned, nothing is to regenerate.
    let nothing = stdout(termshift(dir.path()).args(["-q", "plan", "--category", "OTHER_PROGRAM"]));
    assert!(
        nothing.contains("Nothing to change") && !nothing.contains("## Regenerate"),
        "{nothing}"
    );
}
