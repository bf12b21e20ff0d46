//! The scan cache from the command line: a second run reads what the first
//! kept and says the same, an edited file is scanned again, a damaged cache
//! is made again with a warning, `--no-cache` leaves no trace, and runs at
//! once share the cache.

use std::fs;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;

mod common;
use common::copy_tree;

fn termshift() -> Command {
    Command::cargo_bin("termshift").unwrap()
}

/// A copy of the made-up `run-to-session` example.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/run-to-session");
    copy_tree(&example, dir.path());
    dir
}

/// Standard output and error of `scan --format jsonl` in `dir`, with
/// `extra` arguments before the command.
fn scan(dir: &Path, extra: &[&str]) -> (String, String) {
    let out = termshift()
        .current_dir(dir)
        .args(extra)
        .args(["scan", "--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The number of files the summary line says were read from the cache.
fn read_from_cache(stderr: &str) -> usize {
    stderr
        .split(" read from the scan cache")
        .next()
        .filter(|before| before.len() < stderr.len())
        .and_then(|before| before.rsplit(' ').next())
        .map_or(0, |n| n.parse().unwrap())
}

/// The files with occurrences, from the summary line.
fn files_with_occurrences(stderr: &str) -> usize {
    let line = stderr.lines().last().unwrap();
    let (_, after) = line.split_once(" occurrences in ").unwrap();
    after.split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn a_second_run_reads_the_cache_and_says_the_same() {
    let dir = example();
    let (first, first_err) = scan(dir.path(), &[]);
    assert_eq!(read_from_cache(&first_err), 0, "{first_err}");
    assert!(dir.path().join(".termshift/scan-cache.sqlite").is_file());
    let (second, second_err) = scan(dir.path(), &[]);
    assert_eq!(second, first);
    assert!(!second_err.contains("warning"), "{second_err}");
    assert_eq!(
        read_from_cache(&second_err),
        files_with_occurrences(&second_err),
        "{second_err}"
    );
    // The folder ignores itself: the repository does not see it.
    let ignored = fs::read_to_string(dir.path().join(".termshift/.gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "*"), "{ignored}");
}

#[test]
fn an_edited_file_is_scanned_again() {
    let dir = example();
    let (first, _) = scan(dir.path(), &[]);
    let file = dir.path().join("backend/internal/chat/conversation.go");
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("RunID"));
    fs::write(&file, text.replace("RunID", "SessionID")).unwrap();
    let (cached, err) = scan(dir.path(), &[]);
    let (fresh, _) = scan(dir.path(), &["--no-cache"]);
    assert_eq!(cached, fresh);
    assert_ne!(cached, first);
    assert_eq!(
        read_from_cache(&err),
        files_with_occurrences(&err) - 1,
        "{err}"
    );
}

#[test]
fn a_damaged_cache_is_made_again_with_a_warning() {
    let dir = example();
    let (first, _) = scan(dir.path(), &[]);
    let cache = dir.path().join(".termshift/scan-cache.sqlite");
    fs::write(
        &cache,
        b"not a database, and long enough to be read as one".repeat(200),
    )
    .unwrap();
    let (second, err) = scan(dir.path(), &[]);
    assert_eq!(second, first);
    assert!(
        err.contains("scan-cache.sqlite: scan cache: it could not be read"),
        "{err}"
    );
    assert!(err.contains("it is made again"), "{err}");
    let (third, err) = scan(dir.path(), &[]);
    assert_eq!(third, first);
    assert!(!err.contains("warning"), "{err}");
    assert!(read_from_cache(&err) > 0, "{err}");
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let dir = example();
    scan(dir.path(), &["--no-cache"]);
    assert!(!dir.path().join(".termshift").exists());
    scan(dir.path(), &[]);
    let (_, err) = scan(dir.path(), &["--no-cache"]);
    assert_eq!(read_from_cache(&err), 0, "{err}");
}

#[test]
fn runs_at_once_share_the_cache() {
    let dir = example();
    let (alone, _) = scan(dir.path(), &["--no-cache"]);
    let bin = assert_cmd::cargo::cargo_bin("termshift");
    let runs: Vec<_> = (0..4)
        .map(|_| {
            Process::new(&bin)
                .current_dir(dir.path())
                .args(["scan", "--format", "jsonl"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("warning"), "{err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), alone);
    }
    let (last, err) = scan(dir.path(), &[]);
    assert_eq!(last, alone);
    assert_eq!(read_from_cache(&err), files_with_occurrences(&err), "{err}");
}

#[test]
fn a_cache_that_cannot_be_made_is_a_warning_and_the_scan_goes_on() {
    let dir = example();
    let (alone, _) = scan(dir.path(), &["--no-cache"]);
    // A file where the cache's folder would be.
    fs::write(dir.path().join(".termshift"), "not a folder\n").unwrap();
    let (out, err) = scan(dir.path(), &[]);
    assert_eq!(out, alone);
    assert!(err.contains("scan cache: cannot be used"), "{err}");
    assert!(err.contains("--no-cache skips the cache"), "{err}");
}
