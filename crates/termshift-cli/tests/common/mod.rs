//! What several CLI test files share. Each test file is a crate of its
//! own that uses some of these.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::Command;

/// Copies a folder, without what termshift keeps beside a configuration
/// (`.termshift/`): another test may be writing it.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".termshift" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Whether a tool the test needs is installed. The test command installs
/// them and sets TERMSHIFT_REQUIRE_TOOLS=1, so there a missing one fails.
pub fn required_tool(name: &str) -> bool {
    let found = Command::new("which")
        .arg(name)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("TERMSHIFT_REQUIRE_TOOLS").is_some() {
        panic!("{name} is not installed; scripts/test installs it");
    }
    if !found {
        eprintln!("skipped: {name} is not installed");
    }
    found
}

/// `go vet ./...` passes on the module at `module`, with its build cache
/// in `gocache` and nothing downloaded.
pub fn assert_go_vet_passes(module: &Path, gocache: &Path) {
    let vet = Command::new("go")
        .args(["vet", "./..."])
        .current_dir(module)
        .env("GOFLAGS", "-mod=mod")
        .env("GOCACHE", gocache)
        .output()
        .unwrap();
    assert!(
        vet.status.success(),
        "go vet: {}",
        String::from_utf8_lossy(&vet.stderr)
    );
}
