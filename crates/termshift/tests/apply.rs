//! Writing a plan safely: rollback when a file stops parsing, refusal when
//! a file changed after it was read, and a property: renames never give a
//! Go or TypeScript file a syntax error it did not have.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use termshift::apply::{self, Batches, FileChange, WriteOptions};
use termshift::plan::{self, OnConflict, Originals, Policy, Selection};
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
        renamed_to: None,
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
        &WriteOptions {
            allow_dirty: true,
            journal: None,
            ..WriteOptions::default()
        },
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
    apply::write(
        std::slice::from_ref(&c),
        &WriteOptions {
            allow_dirty: true,
            journal: None,
            ..WriteOptions::default()
        },
    )
    .unwrap();
    let mode = fs::metadata(&c.file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o754);
    assert_eq!(fs::read_to_string(&c.file).unwrap(), "echo session\n");
}

#[cfg(unix)]
#[test]
fn a_link_is_written_through_and_a_hard_link_kept() {
    use std::os::unix::fs::{symlink, MetadataExt};
    let dir = tempfile::tempdir().unwrap();
    let real = change(
        dir.path(),
        "real.go",
        "package a\n\nvar runID = 1\n",
        "package a\n\nvar sessionID = 1\n",
    );
    symlink("real.go", dir.path().join("link.go")).unwrap();
    let mut through = real.clone();
    through.file = dir.path().join("link.go");
    through.path = "link.go".into();
    let shared = change(
        dir.path(),
        "shared.go",
        "package a\n\nvar runs = 2\n",
        "package a\n\nvar sessions = 2\n",
    );
    fs::hard_link(&shared.file, dir.path().join("other-name.go")).unwrap();
    let options = WriteOptions {
        allow_dirty: true,
        journal: None,
        ..WriteOptions::default()
    };
    let written = apply::write(&[through, real.clone(), shared.clone()], &options).unwrap();
    // The link stays a link; its target is edited once.
    assert!(fs::symlink_metadata(dir.path().join("link.go"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read(&real.file).unwrap(), real.edited);
    assert_eq!(written.files, 2);
    assert!(
        written.notes.iter().any(|n| n.contains("is a link")),
        "{:?}",
        written.notes
    );
    // Both names of a hard-linked file see the edit.
    assert_eq!(
        fs::read(dir.path().join("other-name.go")).unwrap(),
        shared.edited
    );
    assert_eq!(fs::metadata(&shared.file).unwrap().nlink(), 2);
    assert!(
        written.notes.iter().any(|n| n.contains("hard links")),
        "{:?}",
        written.notes
    );
}

#[cfg(unix)]
#[test]
fn an_owner_is_kept_where_the_user_may_give_it() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let c = change(
        dir.path(),
        "a.go",
        "package a\n\nvar runID = 1\n",
        "package a\n\nvar sessionID = 1\n",
    );
    if fs::metadata(&c.file).unwrap().uid() != 0 {
        return;
    }
    std::os::unix::fs::chown(&c.file, Some(65534), Some(65534)).unwrap();
    let c = FileChange {
        modified: fs::metadata(&c.file).unwrap().modified().ok(),
        ..c
    };
    apply::write(
        std::slice::from_ref(&c),
        &WriteOptions {
            allow_dirty: true,
            journal: None,
            ..WriteOptions::default()
        },
    )
    .unwrap();
    let meta = fs::metadata(&c.file).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
}

#[test]
fn an_interrupted_write_can_be_put_back_and_leaves_nothing_stray() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join(".termshift/interrupted-apply");
    let a = change(
        dir.path(),
        "a.go",
        "package a\n\nvar runID = 1\n",
        "package a\n\nvar sessionID = 1\n",
    );
    // A run killed while writing: its journal holds the original, the file
    // holds the edit, and a temporary file lies beside it.
    fs::create_dir_all(&journal).unwrap();
    fs::write(journal.join("0"), &a.original).unwrap();
    fs::write(
        journal.join("files"),
        format!("0\t{}\n", fs::canonicalize(&a.file).unwrap().display()),
    )
    .unwrap();
    fs::write(&a.file, &a.edited).unwrap();
    fs::write(dir.path().join(".a.go.termshift-tmp-999"), "half").unwrap();
    let options = WriteOptions {
        allow_dirty: true,
        journal: Some(journal.clone()),
        ..WriteOptions::default()
    };
    let err = apply::write(std::slice::from_ref(&a), &options).unwrap_err();
    assert!(err.title.contains("interrupted"), "{}", err.title);
    assert!(err.help.as_deref().unwrap_or("").contains("--restore"));
    assert_eq!(apply::restore_interrupted(&journal).unwrap(), 1);
    assert_eq!(fs::read(&a.file).unwrap(), a.original);
    assert!(!journal.exists());
    assert!(!dir.path().join(".a.go.termshift-tmp-999").exists());
    // A run that ends leaves no journal.
    let a = FileChange {
        modified: fs::metadata(&a.file).unwrap().modified().ok(),
        ..a
    };
    apply::write(std::slice::from_ref(&a), &options).unwrap();
    assert!(!journal.exists());
    assert_eq!(fs::read(&a.file).unwrap(), a.edited);
}

#[test]
fn a_file_edited_after_the_plan_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let a = change(
        dir.path(),
        "a.go",
        "package a\n\nvar runID = 1\n",
        "package a\n\nvar sessionID = 1\n",
    );
    let b = change(
        dir.path(),
        "b.go",
        "package a\n\nvar runs = 2\n",
        "package a\n\nvar sessions = 2\n",
    );
    // Someone edits b.go after the plan read it: nothing is written.
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&b.file, "package a\n\nvar runs = 3\n").unwrap();
    let options = WriteOptions {
        allow_dirty: true,
        journal: None,
        ..WriteOptions::default()
    };
    let err = apply::write(&[a.clone(), b.clone()], &options).unwrap_err();
    assert!(err.title.contains("changed on disk"), "{}", err.title);
    assert_eq!(fs::read(&a.file).unwrap(), a.original);
    assert_eq!(
        fs::read_to_string(&b.file).unwrap(),
        "package a\n\nvar runs = 3\n"
    );
}

#[test]
fn a_root_outside_git_is_written_only_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let a = change(
        dir.path(),
        "a.go",
        "package a\n\nvar runID = 1\n",
        "package a\n\nvar sessionID = 1\n",
    );
    let err = apply::write(
        std::slice::from_ref(&a),
        &WriteOptions {
            allow_dirty: false,
            journal: None,
            ..WriteOptions::default()
        },
    )
    .unwrap_err();
    assert!(
        err.title.contains("not in a git work tree"),
        "{}",
        err.title
    );
    assert_eq!(fs::read(&a.file).unwrap(), a.original);
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
    let plan = plan::plan(
        &config,
        &inventory,
        &originals,
        &selection,
        Policy::HardCut,
        OnConflict::LeaveOut,
    )?;
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
    let err = apply::write(
        &changes,
        &WriteOptions {
            allow_dirty: true,
            journal: None,
            ..WriteOptions::default()
        },
    )
    .unwrap_err();
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

#[test]
fn an_interrupted_rename_is_put_back_under_its_old_name() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join(".termshift/interrupted-apply");
    let old = dir.path().join("run_store.go");
    let new = dir.path().join("session_store.go");
    let original = "package a\n\ntype RunStore struct{}\n";
    // Killed after the rename: the file holds the edit under its new name.
    fs::write(&new, "package a\n\ntype SessionStore struct{}\n").unwrap();
    fs::create_dir_all(&journal).unwrap();
    fs::write(journal.join("0"), original).unwrap();
    let folder = fs::canonicalize(dir.path()).unwrap();
    fs::write(
        journal.join("files"),
        format!(
            "mv\t{}\t{}\n0\t{}\n",
            folder.join("session_store.go").display(),
            folder.join("run_store.go").display(),
            folder.join("run_store.go").display()
        ),
    )
    .unwrap();
    assert_eq!(apply::restore_interrupted(&journal).unwrap(), 1);
    assert_eq!(fs::read_to_string(&old).unwrap(), original);
    assert!(!new.exists());
    assert!(!journal.exists());
}
