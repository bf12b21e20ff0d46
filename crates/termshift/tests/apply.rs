//! Writing a plan safely: rollback when a file stops parsing, refusal when
//! a file changed after it was read, and a property: renames never give a
//! Go or TypeScript file a syntax error it did not have.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use termshift::apply::{self, Batches, FileChange, WriteOptions};
use termshift::plan::{self, Originals, Policy, Selection};
use termshift::syntax::{self, Lang};
use termshift::Config;

fn change(dir: &Path, name: &str, original: &str, edited: &str) -> FileChange {
    let file = dir.join(name);
    fs::write(&file, original).unwrap();
    FileChange {
        repo: "r".into(),
        path: name.into(),
        modified: fs::metadata(&file).unwrap().modified().ok(),
        file,
        language: Lang::from_path(Path::new(name)),
        original: original.as_bytes().to_vec(),
        edited: edited.as_bytes().to_vec(),
    }
}

#[test]
fn an_edit_that_breaks_parsing_puts_every_file_back() {
    let dir = tempfile::tempdir().unwrap();
    let good = change(
        dir.path(),
        "a.go",
        "package a\n\nvar runID = 1\n",
        "package a\n\nvar sessionID = 1\n",
    );
    let broken = change(
        dir.path(),
        "b.go",
        "package a\n\nfunc f(runID int) {}\n",
        "package a\n\nfunc f(session ID int {}\n",
    );
    let err = apply::write(
        &[good.clone(), broken.clone()],
        WriteOptions { allow_dirty: true },
    )
    .unwrap_err();
    assert_eq!(err.exit_code, 1);
    assert!(err.title.contains("b.go does not parse"), "{}", err.title);
    assert_eq!(fs::read(&good.file).unwrap(), good.original);
    assert_eq!(fs::read(&broken.file).unwrap(), broken.original);
    let leftovers = fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "no temporary file is left behind");
}

#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let c = change(dir.path(), "run.sh", "echo run\n", "echo session\n");
    fs::set_permissions(&c.file, fs::Permissions::from_mode(0o754)).unwrap();
    apply::write(std::slice::from_ref(&c), WriteOptions { allow_dirty: true }).unwrap();
    let mode = fs::metadata(&c.file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o754);
    assert_eq!(fs::read_to_string(&c.file).unwrap(), "echo session\n");
}

/// Scans, classifies and plans `dir` with every category selected.
fn changes_of(dir: &Path) -> Result<Vec<FileChange>, termshift::Error> {
    let config = Config::quick("run", "session", &[PathBuf::from(dir)]).unwrap();
    let inventory = termshift::classify(&config, termshift::scan(&config).unwrap());
    let originals = Originals::read(&config, &inventory)?;
    let selection = Selection {
        categories: config.categories(),
        filter: &|_| true,
    };
    let plan = plan::plan(&config, &inventory, &originals, &selection, Policy::HardCut)?;
    apply::changes(&plan, &originals, Batches::All)
}

#[test]
fn a_file_changed_after_the_plan_read_it_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let first = "package a\n\nvar runID = 1\n";
    let second = "package a\n\nfunc runLater() {}\n";
    fs::write(dir.path().join("a.go"), first).unwrap();
    fs::write(dir.path().join("b.go"), second).unwrap();
    let changes = changes_of(dir.path()).unwrap();
    assert_eq!(changes.len(), 2);
    // Someone edits b.go between the plan and the write.
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(dir.path().join("b.go"), "package a\n\nfunc runNow() {}\n").unwrap();
    let err = apply::write(&changes, WriteOptions { allow_dirty: true }).unwrap_err();
    assert!(err.title.contains("changed on disk"), "{}", err.title);
    assert_eq!(fs::read_to_string(dir.path().join("a.go")).unwrap(), first);
}

/// Names holding the old word, in the styles code uses.
fn name() -> impl Strategy<Value = String> {
    let styles = [
        "run",
        "runs",
        "runID",
        "RunID",
        "runId",
        "run_id",
        "RUN_ID",
        "lastRunID",
        "getRuns",
        "run_count",
        "runsByUser",
        "RunIDs",
        "my_run",
        "HTTPRunURL",
    ];
    prop::sample::select(styles.to_vec()).prop_map(str::to_string)
}

/// A Go file using `names` as fields, keys, parameters, locals and strings,
/// beside names of the new word.
fn go_snippet(names: &[String]) -> String {
    // The twin's key is one no rename makes (`RunID` -> `SessionID` would
    // meet an untagged `SessionID`).
    let mut out = String::from("package a\n\ntype T struct {\n\tSessionID string `json:\"sid\"`\n");
    for (i, n) in names.iter().enumerate() {
        out += &format!("\tF{i}{n} string `json:\"{n}\"`\n");
    }
    out += "}\n\nfunc f(sessionID string) map[string]string {\n";
    for (i, n) in names.iter().enumerate() {
        out += &format!("\tv{i}{n} := sessionID + \"{n}\"\n\t_ = v{i}{n}\n");
    }
    out += "\treturn map[string]string{\n\t\t\"session_id\": sessionID,\n";
    for (i, n) in names.iter().enumerate() {
        out += &format!("\t\t\"k{i}{n}\": sessionID,\n");
    }
    out += "\t}\n}\n";
    out
}

/// The same shapes in TypeScript.
fn ts_snippet(names: &[String]) -> String {
    let mut out = String::from("export interface T {\n  sessionId: string;\n");
    for (i, n) in names.iter().enumerate() {
        out += &format!("  f{i}{n}: string;\n");
    }
    out += "}\n\nexport function f(sessionId: string) {\n";
    for (i, n) in names.iter().enumerate() {
        out += &format!("  const v{i}{n} = sessionId ?? \"{n}\";\n");
    }
    out += "  return { sessionId,";
    for (i, n) in names.iter().enumerate() {
        out += &format!(" k{i}{n}: sessionId,");
    }
    out += " };\n}\n";
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn renames_never_add_a_syntax_error(names in prop::collection::vec(name(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let files = [("a.go", go_snippet(&names)), ("a.ts", ts_snippet(&names))];
        for (name, text) in &files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        // Every name is distinct, so nothing collides and something changes.
        let changes = changes_of(dir.path());
        prop_assert!(changes.is_ok(), "{:?}", changes.err());
        let changes = changes.unwrap();
        prop_assert!(!changes.is_empty());
        {
            for c in &changes {
                let before = syntax::error_count(c.language, &c.original);
                let after = syntax::error_count(c.language, &c.edited);
                prop_assert!(
                    after <= before,
                    "{} gained syntax errors:\n{}",
                    c.path,
                    String::from_utf8_lossy(&c.edited)
                );
            }
        }
    }
}
