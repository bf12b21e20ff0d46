//! What a terminal gets, a pseudo-terminal of a given width (made by
//! util-linux `script`): the report's overview rather than the Markdown,
//! the Markdown when asked for, the scan's table within the width, and
//! the phases of the run on standard error unless `--quiet`. A pipe gets
//! every line whole and no progress (`cli.rs`).

use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A project whose names are longer than a terminal's line leaves them.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n",
    );
    write(
        dir.path(),
        "api/internal/conversations/conv.go",
        "package api\n\ntype Conv struct {\n\tSessionID string\n\tRunID     string\n}\n\n\
         func OpenTheConversationForItsFirstPromptAndKeepIt(sessionID string) *Conv {\n\
         \treturn &Conv{SessionID: sessionID, RunID: sessionID}\n}\n",
    );
    dir
}

/// `script` is part of util-linux; the test command requires it
/// (TERMSHIFT_REQUIRE_TOOLS=1), elsewhere a missing one skips.
fn script_installed() -> bool {
    let found = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("TERMSHIFT_REQUIRE_TOOLS").is_none(),
        "script (util-linux) is not installed; scripts/test installs it"
    );
    if !found {
        eprintln!("skipped: script (util-linux) is not installed");
    }
    found
}

/// What `termshift -q --color never ARGS` shows on a terminal `columns`
/// wide, its lines without their carriage returns.
fn on_terminal(dir: &Path, columns: usize, args: &[&str]) -> String {
    let mut quiet = vec!["-q", "--color", "never"];
    quiet.extend(args);
    run_on_terminal(dir, columns, &quiet, "")
}

/// What `termshift ARGS REDIRECT` shows on a terminal `columns` wide.
fn run_on_terminal(dir: &Path, columns: usize, args: &[&str], redirect: &str) -> String {
    let binary = assert_cmd::cargo::cargo_bin("termshift");
    let mut command = format!("stty cols {columns} rows 50; exec '{}'", binary.display());
    for arg in args {
        command.push_str(&format!(" '{arg}'"));
    }
    command.push_str(redirect);
    let output = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir)
        .output()
        .unwrap();
    let shown = String::from_utf8(output.stdout).unwrap().replace('\r', "");
    assert!(output.status.success(), "{args:?}: {shown}");
    shown
}

#[test]
fn a_terminal_gets_the_reports_overview_unless_it_asks_for_the_document() {
    if !script_installed() {
        return;
    }
    let dir = project();
    let overview = on_terminal(dir.path(), 100, &["report"]);
    assert!(overview.contains("Needs a person: "), "{overview}");
    assert!(
        overview.contains("termshift report -o inventory.md"),
        "{overview}"
    );
    assert!(!overview.contains("## Classification Legend"), "{overview}");
    let markdown = [
        &["report", "-o", "-"][..],
        &["report", "--format", "markdown"],
    ];
    for args in markdown {
        let document = on_terminal(dir.path(), 100, args);
        assert!(document.contains("## Classification Legend"), "{document}");
        assert!(!document.contains("Needs a person: "), "{document}");
    }
    assert!(!dir.path().join("-").exists());
}

#[test]
fn a_terminal_gets_a_table_that_fits_it_unless_wide() {
    if !script_installed() {
        return;
    }
    let dir = project();
    let name = "OpenTheConversationForItsFirstPromptAndKeepIt";
    let fitted = on_terminal(dir.path(), 80, &["scan"]);
    assert!(fitted.starts_with("  LINE:COL  TEXT "), "{fitted}");
    for line in fitted.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    assert!(fitted.contains('…') && !fitted.contains(name), "{fitted}");
    let wide = on_terminal(dir.path(), 80, &["scan", "--wide"]);
    assert!(wide.contains(name) && !wide.contains('…'), "{wide}");
}

#[test]
fn a_terminal_sees_the_phases_unless_quiet() {
    if !script_installed() {
        return;
    }
    let dir = project();
    // Standard error alone on the terminal: the first phase is drawn at
    // once, and the line is cleared before the summary.
    let shown = run_on_terminal(
        dir.path(),
        100,
        &["--color", "never", "scan"],
        " > /dev/null",
    );
    assert!(shown.contains("walking: 0 files"), "{shown:?}");
    let summary = shown.rsplit("\u{1b}[2K").next().unwrap();
    assert!(
        summary.contains(" occurrences in 1 files (1 files scanned, 1 held a needle)"),
        "{shown:?}"
    );
    assert_eq!(summary.lines().count(), 1, "{shown:?}");
    let quiet = run_on_terminal(dir.path(), 100, &["-q", "scan"], " > /dev/null");
    assert_eq!(quiet, "");
}

#[test]
fn a_terminal_sees_the_checks_after_writing() {
    if !script_installed() {
        return;
    }
    let dir = project();
    let shown = run_on_terminal(
        dir.path(),
        100,
        &[
            "--color",
            "never",
            "apply",
            "--write",
            "--allow-dirty",
            "--verify",
            "true",
        ],
        "",
    );
    assert!(shown.contains("verifying: check 1 of 1"), "{shown:?}");
    assert!(shown.contains("`true` passed"), "{shown:?}");
    let conv =
        std::fs::read_to_string(dir.path().join("api/internal/conversations/conv.go")).unwrap();
    assert!(!conv.contains("RunID"), "{conv}");
}
