//! Revisions and history, end to end: a git repository made in the test
//! from the shipped example, read at its commits without a checkout.

mod common;
use common::copy_tree;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn termshift() -> Command {
    Command::cargo_bin("termshift").unwrap()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Process::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// Commits `message` at `day` (2024-01-DD, so `--since` can pick).
fn commit(dir: &Path, message: &str, day: u32) -> String {
    git(dir, &["add", "-A"]);
    // Noon of day `day` of January 2024, and on past its end.
    let date = format!("@{} +0000", 1_704_110_400 + (u64::from(day) - 1) * 86_400);
    let output = Process::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(["-c", "commit.gpgsign=false", "commit", "-q", "-m", message])
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    git(dir, &["rev-parse", "HEAD"])
}

/// The shipped example as a repository of four commits: as shipped, an
/// alias renamed, a file deleted, a file added. Returns the folder and the
/// commits, oldest first.
fn example_repository() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/run-to-session");
    copy_tree(&example, dir.path());
    git(dir.path(), &["init", "-q"]);
    let mut commits = vec![commit(dir.path(), "as shipped", 1)];
    let router = dir.path().join("backend/internal/chat/router.go");
    let text = fs::read_to_string(&router).unwrap();
    fs::write(&router, text.replacen("RunID", "SessionID", 3)).unwrap();
    commits.push(commit(dir.path(), "rename an alias", 2));
    let doomed = first_file(&dir.path().join("web"), "ts");
    fs::remove_file(doomed).unwrap();
    commits.push(commit(dir.path(), "delete a file", 3));
    fs::write(
        dir.path().join("backend/internal/chat/extra.go"),
        "package chat\n\n// RunCount counts the runs of a conversation.\nfunc RunCount(runIDs []string) int { return len(runIDs) }\n",
    )
    .unwrap();
    commits.push(commit(dir.path(), "add a file", 4));
    (dir, commits)
}

fn first_file(dir: &Path, extension: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found.into_iter().next().unwrap()
}

fn stdout_of(dir: &Path, args: &[&str]) -> String {
    let output = termshift().current_dir(dir).args(args).assert().success();
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

/// Occurrences per category in a JSON Lines scan.
fn tally(jsonl: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for line in jsonl.lines() {
        let finding: Value = serde_json::from_str(line).unwrap();
        *counts
            .entry(finding["category"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    counts
}

fn history_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["history", "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&stdout_of(dir, &args)).unwrap()
}

/// A point's counts without the categories it has none of.
fn nonzero(point: &Value) -> BTreeMap<String, u64> {
    point["counts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .filter(|(_, v)| *v > 0)
        .collect()
}

#[test]
fn scan_at_a_revision_equals_the_scan_of_its_checkout() {
    let (dir, commits) = example_repository();
    let checkout = dir.path().join("checkout");
    git(
        dir.path(),
        &[
            "worktree",
            "add",
            "-q",
            "--detach",
            checkout.to_str().unwrap(),
            &commits[1],
        ],
    );
    let from_checkout = stdout_of(&checkout, &["scan", "--format", "jsonl"]);
    let at_revision = stdout_of(
        dir.path(),
        &["scan", "--format", "jsonl", "--rev", &commits[1]],
    );
    assert!(from_checkout.lines().count() > 100);
    assert_eq!(at_revision, from_checkout);
    // The working tree holds the last commit, which differs.
    let working_tree = stdout_of(dir.path(), &["scan", "--format", "jsonl"]);
    assert_ne!(working_tree, at_revision);
    // `report` reads the revision too.
    let report = stdout_of(
        dir.path(),
        &["report", "--format", "csv", "--rev", &commits[1]],
    );
    assert_eq!(report.lines().count(), from_checkout.lines().count() + 1);
}

#[test]
fn history_counts_each_commit_as_a_scan_of_it_would() {
    let (dir, commits) = example_repository();
    let history = history_json(dir.path(), &[]);
    let points = history["points"].as_array().unwrap();
    let ids: Vec<&str> = points
        .iter()
        .map(|p| p["commit"].as_str().unwrap())
        .collect();
    assert_eq!(ids, commits.iter().map(String::as_str).collect::<Vec<_>>());
    for (point, commit) in points.iter().zip(&commits) {
        let scan = stdout_of(dir.path(), &["scan", "--format", "jsonl", "--rev", commit]);
        assert_eq!(nonzero(point), tally(&scan), "at {}", point["subject"]);
        assert_eq!(
            point["roots"],
            serde_json::json!(["backend", "web", "schema"])
        );
    }
    let totals: Vec<u64> = points.iter().map(|p| nonzero(p).values().sum()).collect();
    assert!(totals[2] < totals[1] && totals[3] > totals[2], "{totals:?}");
    // The first commit scans every file, each later one the files it changed.
    assert_eq!(history["stats"]["points_classified"], 4);
    let files = stdout_of(
        dir.path(),
        &["scan", "--format", "jsonl", "--rev", &commits[0]],
    );
    assert!(!files.is_empty());
    let scanned = history["stats"]["files_scanned"].as_u64().unwrap();
    let tracked = git(
        dir.path(),
        &[
            "ls-tree",
            "-r",
            "--name-only",
            &commits[0],
            "backend",
            "web",
            "schema",
        ],
    )
    .lines()
    .count() as u64;
    assert_eq!(
        scanned,
        tracked + 2,
        "the commits after the first changed two files"
    );
}

#[test]
fn states_classified_in_batches_count_as_their_scans_would() {
    // Past the four commits: 33 that each change an occurrence, two of
    // them taking a file back to a blob it had before (in the same batch
    // of states, and in the batch before); two that change no file with
    // occurrences (their counts are the state's before: the first state
    // of the second batch, and one inside it); one more change: 40
    // states, two batches of 32 and 8.
    let (dir, mut commits) = example_repository();
    let router = dir.path().join("backend/internal/chat/router.go");
    let notes = dir.path().join("backend/NOTES.txt");
    let mut versions = vec![fs::read_to_string(&router).unwrap()];
    for day in 5..=38 {
        if day == 33 {
            fs::write(&notes, "a first note\n").unwrap();
            commits.push(commit(dir.path(), "start the notes", day));
            continue;
        }
        let text = match day {
            30 => versions[10].clone(),
            38 => versions[20].clone(),
            _ => format!(
                "{}\n// A run note of day {day}.\n",
                versions.last().unwrap()
            ),
        };
        fs::write(&router, &text).unwrap();
        versions.push(text);
        commits.push(commit(dir.path(), "note a run", day));
    }
    fs::write(&notes, "nothing to see\n").unwrap();
    commits.push(commit(dir.path(), "add notes", 39));
    let mut text = fs::read_to_string(&router).unwrap();
    text.push_str("\nvar lastRunID string\n");
    fs::write(&router, text).unwrap();
    commits.push(commit(dir.path(), "add a variable", 40));
    let history = history_json(dir.path(), &[]);
    let points = history["points"].as_array().unwrap();
    assert_eq!(points.len(), commits.len());
    // Every state at the reverts and around the batches' ends, some
    // between.
    let checked = [0, 1, 2, 3, 4, 9, 14, 25, 26, 30, 31, 32, 33, 34, 37, 38, 39];
    for i in checked {
        let scan = stdout_of(
            dir.path(),
            &["scan", "--format", "jsonl", "--rev", &commits[i]],
        );
        assert_eq!(nonzero(&points[i]), tally(&scan), "at commit {i}");
    }
    assert_eq!(history["stats"]["points_classified"], 38);
    assert_eq!(history["stats"]["points_unchanged"], 2);
}

#[test]
fn a_second_history_reads_the_kept_counts_and_scans_nothing() {
    let (dir, _) = example_repository();
    let first = history_json(dir.path(), &[]);
    assert!(first["stats"]["files_scanned"].as_u64().unwrap() > 0);
    let second = history_json(dir.path(), &[]);
    assert_eq!(second["points"], first["points"]);
    assert_eq!(second["stats"]["files_scanned"], 0);
    assert_eq!(second["stats"]["points_classified"], 0);
    assert_eq!(second["stats"]["points_cached"], 4);
    assert!(dir.path().join(".termshift/history.sqlite").is_file());
}

#[test]
fn history_selects_by_date_range_and_step() {
    let (dir, commits) = example_repository();
    let ids = |history: &Value| -> Vec<String> {
        history["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["commit"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&history_json(dir.path(), &["--since", "2024-01-03"])),
        commits[2..]
    );
    let range = format!("{}..{}", commits[0], commits[2]);
    assert_eq!(
        ids(&history_json(dir.path(), &["--revs", &range])),
        commits[1..3]
    );
    assert_eq!(
        ids(&history_json(dir.path(), &["--every", "3"])),
        [commits[2].clone(), commits[3].clone()]
    );
    // The table and CSV have a row per commit.
    let table = stdout_of(dir.path(), &["history"]);
    assert_eq!(table.lines().count(), 5);
    assert!(table.contains("LEGACY_SESSION_ALIAS") && table.contains("rename an alias"));
    let csv = stdout_of(dir.path(), &["history", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.starts_with("time,date,roots,commit,subject,"));
    // The CSV gives each row's date as the table does.
    let dates = |text: &str, field: usize, split: fn(&str) -> Vec<&str>| -> Vec<String> {
        text.lines()
            .skip(1)
            .map(|l| split(l)[field].to_string())
            .collect()
    };
    assert_eq!(
        dates(&csv, 1, |l| l.split(',').collect()),
        dates(&table, 0, |l| l.split_whitespace().collect())
    );
}

#[test]
fn an_unknown_revision_is_a_usage_error_naming_it() {
    let (dir, _) = example_repository();
    for args in [
        &["scan", "--rev", "no-such-branch"][..],
        &["report", "--rev", "no-such-branch"],
        &["history", "--revs", "no-such-branch..main"],
    ] {
        termshift()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("unknown revision `no-such-branch` in root `backend`")
                    .and(predicate::str::contains("git -C")),
            );
    }
    let plain = tempfile::tempdir().unwrap();
    fs::write(plain.path().join("a.go"), "package a\nvar RunID = 1\n").unwrap();
    termshift()
        .args(["scan", "--from", "run", "--to", "session", "--rev", "HEAD"])
        .arg(plain.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not in a git repository"));
}

/// The fields of the one finding of `text` in a JSON Lines scan.
fn finding_of(jsonl: &str, path: &str) -> Value {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|f| f["path"] == path && f["text"] == "RunID")
        .unwrap_or_else(|| panic!("no RunID in {path}: {jsonl}"))
}

#[test]
fn a_revision_reads_gitattributes_and_codeowners_as_committed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("termshift.toml"),
        "[migration]\nfrom = \"run\"\nto = \"session\"\n\n[[roots]]\nname = \"app\"\npath = \".\"\n",
    )
    .unwrap();
    fs::create_dir(dir.path().join("models")).unwrap();
    fs::write(
        dir.path().join("models/turn.go"),
        "package models\n\ntype Turn struct {\n\tRunID string\n}\n",
    )
    .unwrap();
    fs::write(dir.path().join("CODEOWNERS"), "*.go @old-team\n").unwrap();
    git(dir.path(), &["init", "-q"]);
    let before = commit(dir.path(), "models", 1);
    fs::write(
        dir.path().join(".gitattributes"),
        "models/** linguist-generated\n",
    )
    .unwrap();
    fs::write(dir.path().join("CODEOWNERS"), "*.go @new-team\n").unwrap();
    let after = commit(dir.path(), "models are generated", 2);
    let at = |rev: &str| {
        let scan = stdout_of(dir.path(), &["scan", "--format", "jsonl", "--rev", rev]);
        finding_of(&scan, "models/turn.go")
    };
    let (old, new) = (at(&before), at(&after));
    assert_ne!(old["category"], "GENERATED_CODE", "{old}");
    assert_eq!(new["category"], "GENERATED_CODE", "{new}");
    assert_eq!(old["owner"], "@old-team");
    assert_eq!(new["owner"], "@new-team");
    // The history counts each commit with its own attributes.
    let history = history_json(dir.path(), &[]);
    let points = history["points"].as_array().unwrap();
    assert_eq!(points[0]["counts"]["GENERATED_CODE"], 0);
    assert_eq!(points[1]["counts"]["GENERATED_CODE"], 1);
    assert_eq!(history["stats"]["points_classified"], 2);
}

#[test]
fn a_shallow_clone_counts_to_its_boundary_with_a_warning() {
    let (dir, commits) = example_repository();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let shallow = clone.path().join("shallow");
    let output = termshift()
        .current_dir(&shallow)
        .args(["history", "--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("a shallow clone"));
    let history: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    let points = history["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[1]["commit"], commits[3].as_str());
}

#[test]
fn a_corrupted_database_is_named_and_rebuilt_on_request() {
    let (dir, _) = example_repository();
    let database = dir.path().join(".termshift/history.sqlite");
    fs::create_dir_all(database.parent().unwrap()).unwrap();
    fs::write(&database, vec![b'x'; 4096]).unwrap();
    termshift()
        .current_dir(dir.path())
        .arg("history")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(".termshift/history.sqlite")
                .and(predicate::str::contains("--rebuild")),
        );
    let rebuilt = history_json(dir.path(), &["--rebuild"]);
    assert_eq!(rebuilt["points"].as_array().unwrap().len(), 4);
    assert_eq!(history_json(dir.path(), &[])["stats"]["points_cached"], 4);
}

#[test]
fn two_histories_at_once_agree_and_leave_the_database_whole() {
    let (dir, _) = example_repository();
    let binary = assert_cmd::cargo::cargo_bin("termshift");
    let spawn = || {
        Process::new(&binary)
            .current_dir(dir.path())
            .args(["history", "--format", "json"])
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let points = |o: &std::process::Output| {
        serde_json::from_slice::<Value>(&o.stdout).unwrap()["points"].clone()
    };
    assert_eq!(points(&a), points(&b));
    let connection =
        rusqlite::Connection::open(dir.path().join(".termshift/history.sqlite")).unwrap();
    let check: String = connection
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let rows: i64 = connection
        .query_row("SELECT count(*) FROM points", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 4);
    assert_eq!(history_json(dir.path(), &[])["points"], points(&a));
}

#[test]
fn the_html_report_draws_the_recorded_history() {
    let (dir, commits) = example_repository();
    let before = stdout_of(dir.path(), &["report", "--format", "html"]);
    assert!(!before.contains("<svg class=\"burndown\""));
    history_json(dir.path(), &[]);
    let after = stdout_of(dir.path(), &["report", "--format", "html"]);
    assert!(after.contains("<svg class=\"burndown\""));
    for commit in &commits {
        assert!(after.contains(&commit[..8]), "no point for {commit}");
    }
}

#[test]
fn a_submodule_is_read_neither_in_the_working_tree_nor_at_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    fs::create_dir_all(&library).unwrap();
    git(&library, &["init", "-q"]);
    fs::write(library.join("lib.go"), "package lib\n\nvar RunID = 1\n").unwrap();
    commit(&library, "a library", 1);
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    fs::write(repo.join("main.go"), "package main\n\nvar RunID = 2\n").unwrap();
    git(
        &repo,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            library.to_str().unwrap(),
            "vendor/lib",
        ],
    );
    commit(&repo, "with a submodule", 2);
    fs::write(
        dir.path().join("termshift.toml"),
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"repo\"\npath = \"repo\"\n",
    )
    .unwrap();
    let scan = |extra: &[&str]| {
        let output = termshift()
            .current_dir(dir.path())
            .args(["scan", "--format", "jsonl"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .clone();
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (working_tree, working_tree_warnings) = scan(&[]);
    let (at_revision, revision_warnings) = scan(&["--rev", "HEAD"]);
    assert_eq!(working_tree, at_revision);
    assert!(working_tree.contains("main.go"), "{working_tree}");
    assert!(!working_tree.contains("vendor/lib"), "{working_tree}");
    let told = "warning: repo/vendor/lib: a repository of its own (a git submodule";
    assert!(
        working_tree_warnings.contains(told),
        "{working_tree_warnings}"
    );
    assert!(revision_warnings.contains(told), "{revision_warnings}");
    termshift()
        .current_dir(dir.path())
        .arg("history")
        .assert()
        .success()
        .stderr(predicate::str::contains(told));
}
