//! The command line, end to end: output contract, exit codes and bad input.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn termshift() -> Command {
    Command::cargo_bin("termshift").unwrap()
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

/// What a command that must succeed prints, run in `dir`.
fn stdout_of(dir: &Path, args: &[&str]) -> Vec<u8> {
    termshift()
        .current_dir(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn jsonl(output: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn help_shows_examples() {
    termshift().arg("--help").assert().success().stdout(
        predicate::str::contains("Examples:").and(predicate::str::contains("termshift scan")),
    );
    termshift()
        .args(["scan", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--format"));
}

#[test]
fn quick_scan_prints_the_jsonl_contract() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/main.go",
        "package main\n\ntype Conv struct {\n\tRunID string\n}\n",
    );
    let out = termshift()
        .args([
            "scan", "--from", "run", "--to", "session", "--format", "jsonl",
        ])
        .arg(dir.path().join("app"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["repo"], "app");
    assert_eq!(row["path"], "main.go");
    assert_eq!(row["line"], 4);
    assert_eq!(row["column"], 2);
    assert_eq!(row["text"], "RunID");
    assert_eq!(row["word"], "Run");
    assert_eq!(row["term"], "from");
    assert_eq!(row["language"], "go");
    assert_eq!(row["role"], "field_declaration");
    assert_eq!(row["symbol"], "Conv.RunID");
    // Later stages add fields, with every value of the documented kind.
    for field in ["category", "meaning", "proposed", "owner", "component"] {
        assert!(row[field].is_string(), "{field}: {row}");
    }
    assert!(row["reasons"].is_array());
    assert!(["high", "medium", "low"].contains(&row["confidence"].as_str().unwrap()));
    assert!(["Yes", "No", "Mixed", "Unknown"].contains(&row["maps_to"].as_str().unwrap()));
    assert!(row["breaking"].is_string());
}

/// A project with an alias, a domain and a verb, for the commands that
/// read a configuration.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n",
    );
    write(
        dir.path(),
        "api/conv.go",
        "package api\n\ntype Conv struct {\n\tSessionID string\n\tRunID     string\n}\n\n\
         func Open(sessionID string) *Conv {\n\treturn &Conv{SessionID: sessionID, RunID: sessionID}\n}\n\n\
         func Reply(c *Conv) map[string]any {\n\treturn map[string]any{\"run_id\": c.RunID}\n}\n",
    );
    dir
}

#[test]
fn trace_draws_where_a_value_goes() {
    let dir = project();
    termshift()
        .current_dir(dir.path())
        .args(["trace", "Conv.RunID"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Conv.RunID [LEGACY_SESSION_ALIAS]")
                .and(predicate::str::contains("comes from:"))
                .and(predicate::str::contains(
                    "sessionID [TRUE_SESSION_IDENTIFIER]",
                ))
                .and(predicate::str::contains(
                    "\"run_id\" [LEGACY_SESSION_ALIAS]  (keyed, api/conv.go:13)",
                ))
                // Every place the name stands, however many.
                .and(
                    predicate::str::contains("│ used at:")
                        .and(predicate::str::contains("api/conv.go:5,9,13")),
                ),
        );
    let out = stdout_of(dir.path(), &["trace", "RunID", "--format", "json"]);
    let traces: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(traces[0]["symbol"], "Conv.RunID");
    assert_eq!(traces[0]["uses"][0], "api/conv.go:5,9,13");
    assert!(traces[0]["edges"].as_array().unwrap().len() >= 2);
    termshift()
        .current_dir(dir.path())
        .args(["trace", "Conv.RunID", "--format", "mermaid"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("flowchart LR").and(predicate::str::contains("-->|keyed|")),
        );
    termshift()
        .current_dir(dir.path())
        .args(["trace", "Nothing.Here"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no name `Nothing.Here`"));
}

#[test]
fn explain_prints_every_reason_on_a_line() {
    let dir = project();
    termshift()
        .current_dir(dir.path())
        .args(["scan", "--explain", "api/conv.go:13"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("`run_id` (object_key")
                .and(predicate::str::contains(
                    "- Conv.RunID flows into \"run_id\" at api/conv.go:13",
                ))
                .and(predicate::str::contains("proposed: Rename to `session_id`")),
        );
    termshift()
        .current_dir(dir.path())
        .args(["scan", "--explain", "api/conv.go:2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no occurrence at api/conv.go:2"));
    // A place without its line fails before the scan would (here at a
    // revision that does not exist).
    termshift()
        .current_dir(dir.path())
        .args([
            "scan",
            "--rev",
            "no-such-revision",
            "--explain",
            "api/conv.go",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`api/conv.go` is not PATH:LINE"));
}

#[test]
fn eval_scores_against_a_key_and_fails_below_target() {
    let dir = project();
    let key = "path\tline\ttext\tterm\tcategory\n\
               api/conv.go\t4\tSessionID\tto\tTRUE_SESSION_IDENTIFIER\n\
               api/conv.go\t5\tRunID\tfrom\tLEGACY_SESSION_ALIAS\n\
               api/conv.go\t8\tsessionID\tto\tTRUE_SESSION_IDENTIFIER\n\
               api/conv.go\t9\tSessionID\tto\tTRUE_SESSION_IDENTIFIER\n\
               api/conv.go\t9\tsessionID\tto\tTRUE_SESSION_IDENTIFIER\n\
               api/conv.go\t9\tRunID\tfrom\tLEGACY_SESSION_ALIAS\n\
               api/conv.go\t9\tsessionID\tto\tTRUE_SESSION_IDENTIFIER\n\
               api/conv.go\t13\trun_id\tfrom\tLEGACY_SESSION_ALIAS\n\
               api/conv.go\t13\tRunID\tfrom\tLEGACY_SESSION_ALIAS\n";
    write(dir.path(), "key.tsv", key);
    termshift()
        .current_dir(dir.path())
        .args([
            "eval",
            "--key",
            "key.tsv",
            "--min-precision",
            "0.95",
            "--min-recall",
            "0.95",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("LEGACY_SESSION_ALIAS").and(predicate::str::contains("1.000")),
        );
    // The key says the field is a domain: a mistake, below target.
    write(
        dir.path(),
        "wrong.tsv",
        key.replacen("LEGACY_SESSION_ALIAS", "PLANNING_RUN_DOMAIN", 1),
    );
    termshift()
        .current_dir(dir.path())
        .args(["eval", "--key", "wrong.tsv", "--min-recall", "0.95"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("mistakes (1)"))
        .stderr(predicate::str::contains(
            "below target: PLANNING_RUN_DOMAIN: recall",
        ));
    write(dir.path(), "bad.tsv", "path\tline\n");
    termshift()
        .current_dir(dir.path())
        .args(["eval", "--key", "bad.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `text` column"));
}

#[test]
fn table_is_grouped_by_file_without_colour_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r/a.md", "Use `run_id` here.\n");
    write(dir.path(), "r/b.txt", "session one\n");
    let assert = termshift()
        .args(["scan", "--from", "run", "--to", "session"])
        .arg(dir.path().join("r"))
        .assert();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        !stdout.contains('\u{1b}'),
        "no escape codes when piped: {stdout:?}"
    );
    assert!(stdout.contains("r/a.md (markdown)"), "{stdout}");
    assert!(stdout.contains("markdown_code_span"), "{stdout}");
    assert!(stdout.contains("r/b.txt (text)"), "{stdout}");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("2 occurrences in 2 files"), "{stderr}");
}

#[test]
fn a_pipe_gets_no_progress() {
    let dir = project();
    let stderr_of = |args: &[&str]| {
        let assert = termshift()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .success();
        String::from_utf8(assert.get_output().stderr.clone()).unwrap()
    };
    // The summary line alone: no phase, no spinner, no line redrawn.
    for command in [&["scan"][..], &["report", "-o", "inventory.md"], &["plan"]] {
        let stderr = stderr_of(command);
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(lines.len() <= 1, "{command:?}: {stderr:?}");
        for drawn in [
            "walking",
            "parsing",
            "classifying",
            "planning",
            "\r",
            "\u{1b}",
        ] {
            assert!(
                !stderr.contains(drawn),
                "{command:?}: {drawn:?} in {stderr:?}"
            );
        }
    }
    assert_eq!(stderr_of(&["-q", "scan"]), "");
}

#[test]
fn missing_root_is_a_usage_error() {
    termshift()
        .args([
            "scan",
            "--from",
            "run",
            "--to",
            "session",
            "/no/such/folder",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("does not exist")
                .and(predicate::str::contains("/no/such/folder")),
        );
}

#[test]
fn configuration_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\nscope = 1\n",
    );
    termshift()
        .current_dir(dir.path())
        .arg("scan")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("termshift.toml:4")
                .and(predicate::str::contains("unknown field `scope`")),
        );
    // A typo of a key, a kind or a category names the likely one.
    for (config, args, likely) in [
        (
            "[migration]\nfrom = \"run\"\ntoo = \"session\"\n",
            &["scan"][..],
            "did you mean `to`?",
        ),
        (
            "[migration]\nfrom = \"run\"\nto = \"session\"\nkind = \"renam\"\n",
            &["scan"],
            "did you mean `rename`?",
        ),
        (
            "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"a\"\npath = \".\"\n",
            &["check", "--deny", "PROCES_VERB"],
            "did you mean `PROCESS_VERB`?",
        ),
        (
            "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"a\"\npath = \".\"\n",
            &["report", "--category", "doc_stal"],
            "did you mean `DOC_STALE`?",
        ),
    ] {
        write(dir.path(), "termshift.toml", config);
        termshift()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(likely));
    }
    termshift()
        .args(["--config", "nowhere.toml", "scan"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("nowhere.toml")
                .and(predicate::str::contains("termshift init")),
        );
}

#[test]
fn configured_roots_globs_and_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termshift.toml",
        "exclude = [\"**/vendor/**\"]\n[migration]\nfrom = \"run\"\nto = \"session\"\n\
         [[roots]]\nname = \"api\"\npath = \"repos/api\"\n",
    );
    write(dir.path(), "repos/api/.gitignore", "dist/\n");
    write(dir.path(), "repos/api/src/run.py", "run_id = 1\n");
    write(dir.path(), "repos/api/dist/bundle.js", "var runId;\n");
    write(dir.path(), "repos/api/vendor/lib.go", "var runID int\n");
    let out = termshift()
        .current_dir(dir.path())
        .args(["scan", "--format", "jsonl"])
        .assert()
        .success();
    let rows = jsonl(&out.get_output().stdout);
    let paths: Vec<_> = rows
        .iter()
        .map(|r| {
            format!(
                "{}/{}",
                r["repo"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(paths, ["api/src/run.py"]);
}

#[test]
fn a_root_that_holds_the_configuration_leaves_termshifts_own_files_out() {
    let dir = tempfile::tempdir().unwrap();
    let config =
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"app\"\npath = \".\"\n";
    write(dir.path(), "termshift.toml", config);
    write(dir.path(), ".termshift/notes.txt", "the run history\n");
    write(dir.path(), "src/run.py", "run_id = 1\n");
    // A configuration of the same name deeper in the root is the project's.
    write(dir.path(), "docs/termshift.toml", "# the run notes\n");
    let rows = jsonl(&stdout_of(dir.path(), &["scan", "--format", "jsonl"]));
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["docs/termshift.toml", "src/run.py"]);
}

#[test]
fn bad_input_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    write(&root, "image.png", b"\x89PNG\r\n\x1a\n\0\0\0run_id\0");
    write(&root, "latin1.txt", b"caf\xe9 run_id\n");
    write(&root, "big.txt", format!("run_id\n{}", "x".repeat(2000)));
    write(&root, "broken.go", "package x\nfunc f( {\n\tvar runID = \n");
    write(&root, "ok.go", "package x\nvar runID = 1\n");
    std::os::unix::fs::symlink(root.join("missing.txt"), root.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
    write(
        dir.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[scan]\nmax_file_size = 1000\n[[roots]]\nname = \"r\"\npath = \"root\"\n",
    );
    let assert = termshift()
        .current_dir(dir.path())
        .args(["scan", "--format", "jsonl"])
        .assert()
        .success();
    let output = assert.get_output();
    let rows = jsonl(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let by_path = |p: &str| rows.iter().filter(|r| r["path"] == p).collect::<Vec<_>>();
    assert!(by_path("image.png").is_empty(), "binary skipped");
    assert_eq!(
        by_path("latin1.txt").len(),
        1,
        "invalid UTF-8 still scanned"
    );
    assert!(by_path("big.txt").is_empty(), "large file skipped");
    assert_eq!(by_path("ok.go")[0]["role"], "variable_declaration");
    assert_eq!(
        by_path("broken.go").len(),
        1,
        "a file with syntax errors keeps its hits"
    );
    assert!(
        stderr.contains("r/big.txt") && stderr.contains("over the size limit"),
        "{stderr}"
    );
    assert!(stderr.contains("dangling.txt"), "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(stderr.contains("1 files with syntax errors"), "{stderr}");
    assert!(stderr.contains("1 binary files skipped"), "{stderr}");
    assert!(
        stderr.contains("1 files with invalid UTF-8 read lossily"),
        "{stderr}"
    );
    // The JSON report lists each of them, named `root/path` as every path
    // of an output is.
    let report = stdout_of(dir.path(), &["report", "--format", "json"]);
    let document: Value = serde_json::from_slice(&report).unwrap();
    let warnings: Vec<(&str, &str)> = document["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["path"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect();
    let paths: Vec<&str> = warnings.iter().map(|(path, _)| *path).collect();
    assert_eq!(
        paths,
        [
            "r/big.txt",
            "r/dangling.txt",
            "r/image.png",
            "r/latin1.txt",
            "r/loop"
        ],
        "{warnings:?}"
    );
    assert!(warnings[2].1.starts_with("binary file"), "{warnings:?}");
    assert!(warnings[3].1.starts_with("not valid UTF-8"), "{warnings:?}");
}

#[test]
fn filters_select_occurrences_and_reject_unknown_values() {
    let dir = project();
    let out = stdout_of(
        dir.path(),
        &[
            "scan",
            "--format",
            "jsonl",
            "--category",
            "LEGACY_SESSION_ALIAS",
            "--symbol",
            "Reply",
        ],
    );
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows
        .iter()
        .all(|r| r["category"] == "LEGACY_SESSION_ALIAS" && r["symbol"] == "Reply"));
    let out = stdout_of(
        dir.path(),
        &[
            "scan",
            "--format",
            "jsonl",
            "--breaking",
            "yes",
            "--path",
            "api/*.go",
        ],
    );
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["text"], "run_id");
    termshift()
        .current_dir(dir.path())
        .args(["scan", "--category", "LEGACY_SESION_ALIAS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown category `LEGACY_SESION_ALIAS`",
        ));
    termshift()
        .current_dir(dir.path())
        .args(["scan", "--breaking", "sometimes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown breaking level"));
}

#[test]
fn check_fails_on_aliases_until_allowed_or_baselined() {
    let dir = project();
    let check = |args: &[&str]| {
        let mut cmd = termshift();
        cmd.current_dir(dir.path()).arg("check").args(args);
        cmd
    };
    check(&[]).assert().code(1).stdout(predicate::str::contains(
        "LEGACY_SESSION_ALIAS api/conv.go:5:2 `RunID`",
    ));
    check(&["--format", "github"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=api/conv.go,line=13,col=",
        ));
    // A baseline accepts what exists; a moved line is not new, a new one is.
    check(&["--write-baseline", "baseline.json"])
        .assert()
        .success();
    check(&["--baseline", "baseline.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 occurrences of"));
    let conv = fs::read_to_string(dir.path().join("api/conv.go")).unwrap();
    write(dir.path(), "api/conv.go", format!("// moved down\n{conv}"));
    check(&["--baseline", "baseline.json"]).assert().success();
    write(
        dir.path(),
        "api/conv.go",
        format!("{conv}\nfunc Again(c *Conv) string {{ return c.RunID }}\n"),
    );
    check(&["--baseline", "baseline.json"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("`RunID`").and(predicate::str::contains("1 occurrences of")),
        );
    // An [[allow]] entry accepts them with its reason.
    let config = fs::read_to_string(dir.path().join("termshift.toml")).unwrap();
    write(
        dir.path(),
        "termshift.toml",
        format!("{config}[[allow]]\npaths = [\"api/conv.go\"]\nreason = \"compatibility shim until 3.0\"\n"),
    );
    check(&[])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "allowed api/conv.go:5 `RunID`: compatibility shim until 3.0",
        ));
}

#[test]
fn check_rejects_a_baseline_of_another_migration() {
    let dir = project();
    write(
        dir.path(),
        "other.json",
        r#"{"schema_version":1,"from":"user","to":"account","roots":["api"],"entries":[]}"#,
    );
    termshift()
        .current_dir(dir.path())
        .args(["check", "--baseline", "other.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("written for `user` -> `account`"));
    write(
        dir.path(),
        "gone.json",
        r#"{"schema_version":1,"from":"run","to":"session","roots":["api","web"],"entries":[]}"#,
    );
    termshift()
        .current_dir(dir.path())
        .args(["check", "--baseline", "gone.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names the root `web`"));
    termshift()
        .current_dir(dir.path())
        .args(["check", "--deny", "NOT_A_CATEGORY"])
        .assert()
        .code(2);
}

#[test]
fn report_writes_markdown_atomically_and_refuses_missing_folders() {
    let dir = project();
    termshift()
        .current_dir(dir.path())
        .args(["report", "-o", "inventory.md"])
        .assert()
        .success();
    let report = fs::read_to_string(dir.path().join("inventory.md")).unwrap();
    assert!(
        report.starts_with("---\nTitle: Run to Session Inventory\n"),
        "{report}"
    );
    assert!(report.contains("## LEGACY_SESSION_ALIAS (Must migrate to session terminology)"));
    assert!(report.contains("| `api/conv.go:5` | `Conv.RunID` | Session identifier | Yes | Remove legacy field | Internal | backend |"), "{report}");
    // `-o -` is standard output: the same document, and no file named `-`.
    for args in [&["report"][..], &["report", "-o", "-"]] {
        assert_eq!(
            String::from_utf8(stdout_of(dir.path(), args)).unwrap(),
            report
        );
    }
    assert!(!dir.path().join("-").exists());
    // The machine-readable formats of the same inventory.
    for (format, check) in [
        ("json", "\"schema_version\": 1"),
        ("csv", "repo,path,line,column,text"),
        ("sarif", "\"version\": \"2.1.0\""),
        ("html", "id=\"findings-data\""),
    ] {
        termshift()
            .current_dir(dir.path())
            .args(["report", "--format", format])
            .assert()
            .success()
            .stdout(predicate::str::contains(check).and(predicate::str::contains("RunID")));
    }
    termshift()
        .current_dir(dir.path())
        .args(["report", "-o", "missing/inventory.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the folder missing does not exist",
        ));
    assert!(!dir.path().join("missing").exists());
    // No occurrence at all is still a valid report that says so.
    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "termshift.toml", "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n");
    write(empty.path(), "api/main.go", "package main\n");
    termshift()
        .current_dir(empty.path())
        .arg("report")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No occurrence of `run` or `session` was found",
        ));
}

#[test]
fn init_suggests_a_folder_of_another_meaning_as_one_domain() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api/conv.go",
        "package api\n\ntype Conv struct {\n\tSessionID string\n\tRunID     string\n}\n\nfunc Open(sessionID string) *Conv {\n\treturn &Conv{SessionID: sessionID, RunID: sessionID}\n}\n",
    );
    write(
        dir.path(),
        "api/tools/runner/types.go",
        "package runner\n\ntype ParsedRun struct {\n\tRunPath string\n}\n\ntype ArtifactRun struct {\n\tRunDir string\n\tParsed ParsedRun\n}\n",
    );
    termshift()
        .current_dir(dir.path())
        .args(["init", "--from", "run", "--to", "session", "api"])
        .assert()
        .success()
        .stderr(predicate::str::contains("an alias cleanup"));
    let written = fs::read_to_string(dir.path().join("termshift.toml")).unwrap();
    assert!(
        written.contains(
            "[[domains]]\nname = \"runner\"\nsymbols = [\"ArtifactRun\", \"ArtifactRun.*\", \"ParsedRun\", \"ParsedRun.*\"]\npaths = [\"api/tools/runner/**\"]\n"
        ),
        "{written}"
    );
    // Never a glob of the word alone.
    assert!(!written.contains("\"*Run*\""), "{written}");
}

#[test]
fn init_writes_a_starter_configuration_with_suggested_domains() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api/conv.go",
        "package api\n\ntype Conv struct {\n\tSessionID string\n\tRunID     string\n}\n\n\
         func Open(sessionID string) *Conv {\n\treturn &Conv{SessionID: sessionID, RunID: sessionID}\n}\n\n\
         type PlanningRun struct {\n\tRunID string\n\tSteps int\n}\n\n\
         func (p PlanningRun) Next(runID string) PlanningRun {\n\treturn PlanningRun{RunID: runID}\n}\n",
    );
    termshift()
        .current_dir(dir.path())
        .args(["init", "--from", "run", "--to", "session", "api"])
        .assert()
        .success();
    let written = fs::read_to_string(dir.path().join("termshift.toml")).unwrap();
    assert!(
        written.contains("[[roots]]\nname = \"api\"\npath = \"api\""),
        "{written}"
    );
    assert!(written.contains("\"**/node_modules/**\""), "{written}");
    assert!(
        written.contains("never reach a name with `session`")
            && written.contains("name = \"planning run\"")
            && written.contains("\"*PlanningRun*\""),
        "{written}"
    );
    // The starter is a working configuration: the suggested domain takes
    // the planning names, the alias stays an alias.
    let out = stdout_of(dir.path(), &["scan", "--format", "jsonl", "-q"]);
    let rows = jsonl(&out);
    let category = |line: u64| {
        rows.iter()
            .find(|r| r["line"] == line && r["text"] == "RunID")
            .map(|r| r["category"].as_str().unwrap().to_string())
    };
    assert_eq!(category(5).as_deref(), Some("LEGACY_SESSION_ALIAS"));
    assert_eq!(category(13).as_deref(), Some("PLANNING_RUN_DOMAIN"));
    termshift()
        .current_dir(dir.path())
        .args(["init", "--from", "run", "--to", "session", "api"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("termshift.toml already exists"));
    termshift()
        .current_dir(dir.path())
        .args(["init", "--from", "run", "--to", "session", "api", "--force"])
        .assert()
        .success();
}

#[test]
fn the_gate_never_passes_on_what_it_could_not_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api/a.go", "package api\n\nvar runID = 1\n");
    // Globs the walker cannot build would leave the root unscanned.
    let globs: Vec<String> = (0..20_000)
        .map(|i| format!("\"**/dir{i}/**/x{i}*.{{a,b,c}}\""))
        .collect();
    write(
        dir.path(),
        "termshift.toml",
        format!(
            "exclude = [{}]\n[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n",
            globs.join(",")
        ),
    );
    termshift()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "globs of root `api` cannot be used",
        ));
    for bad in ["NaN", "2", "-0.5", "x"] {
        termshift()
            .current_dir(dir.path())
            .args(["eval", "--key", "key.tsv"])
            .arg(format!("--min-precision={bad}"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--min-precision"));
    }
}

#[cfg(unix)]
#[test]
fn an_output_file_never_replaces_what_is_not_the_users_regular_file() {
    use std::os::unix::fs::{symlink, FileTypeExt, MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api/a.go", "package api\n\nvar runID = 1\n");
    write(
        dir.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n",
    );
    let report = |to: &str| {
        termshift()
            .current_dir(dir.path())
            .args(["-q", "report", "-o", to])
            .assert()
    };
    // A new file gets the mode any new file gets here, not 0600.
    fs::write(dir.path().join("probe"), "").unwrap();
    let usual = fs::metadata(dir.path().join("probe"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    report("new.md").success();
    let mode = fs::metadata(dir.path().join("new.md"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, usual);
    // A link is written through: it stays a link, its target holds the
    // report.
    fs::write(dir.path().join("real.md"), "old").unwrap();
    symlink("real.md", dir.path().join("link.md")).unwrap();
    report("link.md").success();
    assert!(fs::symlink_metadata(dir.path().join("link.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(dir.path().join("real.md"))
        .unwrap()
        .contains("# Run to Session Inventory"));
    // An existing file keeps its mode, and its owner where the user may
    // give it.
    let kept = dir.path().join("kept.md");
    fs::write(&kept, "old").unwrap();
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
    let root = fs::metadata(&kept).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&kept, Some(65534), Some(65534)).unwrap();
    }
    report("kept.md").success();
    let meta = fs::metadata(&kept).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }
    // A device takes the bytes as a stream and stays a device.
    if Path::new("/dev/full").exists() {
        report("/dev/full")
            .code(2)
            .stderr(predicate::str::contains("No space left"));
        assert!(fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device());
    }
    // A folder is refused.
    fs::create_dir(dir.path().join("out")).unwrap();
    report("out")
        .code(2)
        .stderr(predicate::str::contains("it is a folder"));
}

#[cfg(unix)]
#[test]
fn outputs_escape_what_they_quote() {
    let dir = tempfile::tempdir().unwrap();
    // A file name with a pipe, backticks and markup; an owner with markup;
    // a control sequence that would set a terminal's title.
    let odd = "api/a|b`c<img src=x onerror=alert(1)>.go";
    write(
        dir.path(),
        odd,
        "package api\n\n// =HYPERLINK(\"x\") run it\nvar runID = \"\u{1b}]0;pwned\u{7}<b>\"\n",
    );
    write(
        dir.path(),
        "api/CODEOWNERS",
        "* @y<script>alert(1)</script>\n",
    );
    write(
        dir.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n",
    );
    let text = |args: &[&str]| String::from_utf8(stdout_of(dir.path(), args)).unwrap();
    let markdown = text(&["report", "-q", "--color", "always"]);
    // Markup may stand only where Markdown shows it as text: in the YAML
    // front matter (data), in fenced blocks and in code spans.
    let prose = markdown_prose(&markdown);
    assert!(!prose.contains('<'), "{prose}");
    assert!(markdown.contains("&lt;script&gt;"), "{markdown}");
    // The file name is one code span, its pipe escaped, fenced by more
    // backticks than it holds.
    assert!(
        markdown.contains("``api/a\\|b`c<img src=x onerror=alert(1)>.go:"),
        "{markdown}"
    );
    assert!(!markdown.contains('\u{7}'), "{markdown:?}");
    let trace = text(&["trace", "-q", "runID"]);
    assert!(!trace.contains('\u{7}'), "{trace:?}");
    assert!(trace.contains("\\u{1b}]0;pwned"), "{trace:?}");
    let mermaid = text(&["trace", "-q", "runID", "--format", "mermaid"]);
    assert!(!mermaid.contains('<'), "{mermaid}");
    let csv = text(&["report", "-q", "--format", "csv"]);
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    // The diff is the files' bytes, control characters and all.
    let diff = text(&["apply", "-q"]);
    assert!(diff.contains("\u{1b}]0;pwned\u{7}"), "{diff:?}");
}

/// The text of a Markdown document that a viewer renders as Markdown: without
/// its front matter, its fenced blocks and its code spans.
fn markdown_prose(markdown: &str) -> String {
    let mut prose = String::new();
    let mut lines = markdown.lines().peekable();
    if lines.peek() == Some(&"---") {
        lines.next();
        for line in lines.by_ref() {
            if line == "---" {
                break;
            }
        }
    }
    let mut fenced = false;
    for line in lines {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // A code span opens with a run of backticks and closes with a run of
        // the same length.
        let mut rest = line;
        while let Some(start) = rest.find('`') {
            prose.push_str(&rest[..start]);
            let run = rest[start..].chars().take_while(|&c| c == '`').count();
            let after = &rest[start + run..];
            let fence = "`".repeat(run);
            let close = (0..after.len()).find(|&at| {
                after[at..].starts_with(&fence)
                    && !after[at + run..].starts_with('`')
                    && (at == 0 || !after[..at].ends_with('`'))
            });
            match close {
                Some(at) => rest = &after[at + run..],
                None => {
                    rest = after;
                    break;
                }
            }
        }
        prose.push_str(rest);
        prose.push('\n');
    }
    prose
}

#[test]
fn a_file_given_is_named_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "svc/queue.go", "package svc\n\nvar runID = 1\n");
    write(dir.path(), "svc/other.go", "package svc\n\nvar runs = 2\n");
    write(dir.path(), "svc/skip.go", "package svc\n\nvar runKey = 3\n");
    let out = termshift()
        .current_dir(dir.path())
        .args(["-q", "scan", "--from", "run", "--to", "session"])
        .args(["svc/queue.go", "svc/other.go"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("svc/queue.go (go)"), "{out}");
    assert!(out.contains("svc/other.go (go)"), "{out}");
    assert!(
        !out.contains("queue.go/queue.go") && !out.contains("skip.go"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_skipped_and_blocks_nothing() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\nkind = \"rename\"\n[[roots]]\nname = \"r\"\npath = \"r\"\n",
    );
    write(dir.path(), "r/ok.go", "package a\n\nvar runKey = 1\n");
    let odd = dir
        .path()
        .join("r")
        .join(std::ffi::OsStr::from_bytes(b"bad\xffname.go"));
    fs::write(&odd, "package a\n\nvar runID = 1\n").unwrap();
    termshift()
        .current_dir(dir.path())
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
        .success()
        .stderr(predicate::str::contains("name is not UTF-8; skipped"));
    assert_eq!(
        fs::read_to_string(dir.path().join("r/ok.go")).unwrap(),
        "package a\n\nvar sessionKey = 1\n"
    );
    assert_eq!(
        fs::read_to_string(&odd).unwrap(),
        "package a\n\nvar runID = 1\n"
    );
}
