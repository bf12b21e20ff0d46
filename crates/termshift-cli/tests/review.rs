//! Deciding what needs a person: `decide` from the command line, `review`
//! at a terminal (driven through a pseudo-terminal by util-linux's
//! `script`), both over a copy of the made-up `user-to-account` example.

mod common;
use common::copy_tree;

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn termshift() -> Command {
    Command::cargo_bin("termshift").unwrap()
}

/// A copy of the example, whose configuration has two roots of Python and
/// Rust, a domain (`auth user`) and occurrences no evidence decides.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/user-to-account");
    copy_tree(&example, dir.path());
    dir
}

/// The texts of the occurrences left to review.
fn left_to_review(dir: &Path) -> Vec<String> {
    let out = termshift()
        .current_dir(dir)
        .args([
            "scan",
            "-q",
            "--format",
            "jsonl",
            "--category",
            "NEEDS_REVIEW",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let row: Value = serde_json::from_str(l).unwrap();
            row["text"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn decide_appends_a_checked_decision_and_says_what_it_decided() {
    let dir = example();
    let config = dir.path().join("termshift.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&config, fs::Permissions::from_mode(0o640)).unwrap();
    }
    assert_eq!(
        left_to_review(dir.path())
            .iter()
            .filter(|t| *t == "UserDirectory")
            .count(),
        3
    );
    // (arguments, exit code, what standard error says, the entry appended)
    let cases: [(&[&str], i32, &str, Option<&str>); 6] = [
        (
            &["--text", "UserDirectory", "--category", "other_domain", "--reason", "the \"directory\" of sign-in users"],
            0,
            "decided 3 occurrences left to review as OTHER_DOMAIN (a [[decisions]] entry in termshift.toml); it also changes 2 occurrences decided otherwise: 2 AUTH_USER_DOMAIN",
            Some("\n\n# decided with termshift decide: 3 occurrences left to review\n[[decisions]]\ntext = \"UserDirectory\"\ncategory = \"OTHER_DOMAIN\"\nreason = 'the \"directory\" of sign-in users'\n"),
        ),
        (
            &["--text", "UserDirectory", "--category", "OTHER_DOMAIN", "--reason", "again"],
            1,
            "no occurrence left to review matches --text UserDirectory (it matches 5 occurrences already decided: 5 OTHER_DOMAIN); nothing written",
            None,
        ),
        (
            &["--text", "user_agent*", "--category", "PROCES_VERB", "--reason", "typo"],
            2,
            "did you mean `PROCESS_VERB`?",
            None,
        ),
        (
            &["--symbol", "user_agent_*", "--category", "OTHER_PROGRAM", "--reason", "HTTP", "--dry-run"],
            0,
            "would decide 3 occurrences left to review as OTHER_PROGRAM",
            None,
        ),
        (
            &["--category", "OTHER_PROGRAM", "--reason", "everything"],
            2,
            "a decision needs a glob",
            None,
        ),
        (
            &["--path", "ledger-rs/{src", "--category", "OTHER_PROGRAM", "--reason", "bad glob"],
            2,
            "invalid path glob",
            None,
        ),
    ];
    for (args, code, said, entry) in cases {
        let before = fs::read_to_string(&config).unwrap();
        termshift()
            .current_dir(dir.path())
            .arg("decide")
            .args(args)
            .assert()
            .code(code)
            .stderr(predicate::str::contains(said));
        let after = fs::read_to_string(&config).unwrap();
        match entry {
            Some(entry) => assert_eq!(after, format!("{}{entry}", before.trim_end()), "{args:?}"),
            None => assert_eq!(after, before, "{args:?}"),
        }
    }
    assert!(!left_to_review(dir.path()).contains(&"UserDirectory".to_string()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&config).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

#[test]
fn review_needs_a_terminal_and_points_at_decide() {
    let dir = example();
    termshift()
        .current_dir(dir.path())
        .arg("review")
        .write_stdin("a\n")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not a terminal")
                .and(predicate::str::contains("termshift decide")),
        );
}

/// A conversation with a program that runs under a pseudo-terminal.
struct Terminal {
    child: std::process::Child,
    /// What it printed since the last wait, as bytes: a read may end
    /// inside a character.
    seen: Vec<u8>,
}

impl Terminal {
    /// Waits until the program has printed `text` (on one line) since the
    /// last wait, and returns what it printed up to there, lines ending
    /// with `\n` (a terminal ends them with `\r\n`).
    fn expect(&mut self, text: &str) -> String {
        let stdout = self.child.stdout.as_mut().unwrap();
        let mut buffer = [0u8; 4096];
        loop {
            let found = self
                .seen
                .windows(text.len())
                .position(|w| w == text.as_bytes());
            if let Some(at) = found {
                let printed: Vec<u8> = self.seen.drain(..at + text.len()).collect();
                return String::from_utf8_lossy(&printed).replace('\r', "");
            }
            let n = stdout.read(&mut buffer).unwrap();
            assert!(
                n > 0,
                "the program ended without printing {text:?}; it printed:\n{}",
                String::from_utf8_lossy(&self.seen)
            );
            self.seen.extend_from_slice(&buffer[..n]);
        }
    }

    fn answer(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
}

#[test]
fn review_writes_each_answer_as_a_decision_at_a_terminal() {
    let dir = example();
    let config = dir.path().join("termshift.toml");
    let before = fs::read_to_string(&config).unwrap();
    let command = format!(
        "'{}' --color never --quiet review",
        assert_cmd::cargo::cargo_bin("termshift").display()
    );
    let child = Process::new("script")
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs a program under a pseudo-terminal");
    let mut terminal = Terminal {
        child,
        seen: Vec::new(),
    };
    // The largest group first, with its code, its reasons and the decision
    // an answer writes.
    let first = terminal.expect("decide [a/k/v/o/c/s/q/?]: ");
    assert!(first.contains("in 15 groups, largest first"), "{first}");
    assert!(
        first.contains("[1/15] `UserDirectory`: 3 occurrences"),
        "{first}"
    );
    assert!(
        first.contains("billing-py/billing/api.py:36: directory: UserDirectory"),
        "{first}"
    );
    assert!(
        first.contains("why: no evidence: `UserDirectory` does not reach"),
        "{first}"
    );
    assert!(
        first.contains("  decision: path = \"{billing-py/billing/api.py,billing-py/tests/test_api.py}\", text = \"UserDirectory\"\n  it also matches 1 occurrence decided otherwise (1 AUTH_USER_DOMAIN): the answer applies to them too"),
        "{first}"
    );
    terminal.answer("x");
    terminal.expect("unknown key `x`");
    terminal.answer("k");
    let domains = terminal.expect("domain [1-2]: ");
    assert!(
        domains.contains("1 AUTH_USER_DOMAIN (the auth user meaning)"),
        "{domains}"
    );
    terminal.answer("2");
    terminal.expect("reason [another meaning of `user`]: ");
    terminal.answer("the directory of sign-in users");
    terminal.expect("wrote a [[decisions]] entry: 3 occurrences now OTHER_DOMAIN");
    // Written at once: before the next answer.
    let written = fs::read_to_string(&config).unwrap();
    assert!(written.starts_with(&before), "the file keeps what it held");
    assert!(
        written.contains(
            "# decided with termshift review: 3 occurrences of `UserDirectory` left to review\n[[decisions]]\n"
        ) && written.contains("text = \"UserDirectory\"\ncategory = \"OTHER_DOMAIN\"\nreason = \"the directory of sign-in users\"\n"),
        "{written}"
    );
    let second = terminal.expect("decide [a/k/v/o/c/s/q/?]: ");
    assert!(
        second.contains("[2/15] `user` in ledger-rs/src/lib.rs: 2 occurrences"),
        "{second}"
    );
    terminal.answer("s");
    terminal.expect("decide [a/k/v/o/c/s/q/?]: ");
    terminal.answer("q");
    let end = terminal.expect("next: ");
    assert!(
        end.contains("Decided 1 group (3 occurrences) in termshift.toml; skipped 1."),
        "{end}"
    );
    assert!(terminal.child.wait().unwrap().success());
    assert_eq!(
        fs::read_to_string(&config).unwrap(),
        written,
        "a skip writes nothing"
    );
    let left = left_to_review(dir.path());
    assert!(!left.contains(&"UserDirectory".to_string()), "{left:?}");
    assert!(left.contains(&"user".to_string()), "{left:?}");
}
