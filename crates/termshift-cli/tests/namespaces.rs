//! Renames that would not compile: a name declared twice in a package or a
//! module (across its files), or twice among the members of a type. Each
//! case is written as a project on disk and run through `apply`: with
//! `--strict` nothing is written; without it the colliding name stays as
//! it is everywhere and the rest is written.

mod common;
use common::{assert_go_vet_passes, required_tool};
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// A project of one root `src` holding `files`, migrating run to session
/// as a rename of the concept (or as `kind` says).
fn project(kind: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join("src").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::write(
        dir.path().join("termshift.toml"),
        format!(
            "[migration]\nfrom = \"run\"\nto = \"session\"\nkind = \"{kind}\"\n[[roots]]\nname = \"src\"\npath = \"src\"\n"
        ),
    )
    .unwrap();
    dir
}

fn apply(dir: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("termshift")
        .unwrap()
        .current_dir(dir)
        .args(["apply", "--write", "--allow-dirty"])
        .assert()
}

fn apply_strict(dir: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("termshift")
        .unwrap()
        .current_dir(dir)
        .args(["apply", "--write", "--allow-dirty", "--strict"])
        .assert()
}

/// `--strict` stops at `conflict` and writes nothing; without it the
/// conflict is a warning and the rest is written.
fn stops_only_when_strict(dir: &Path, conflict: &str, files: &[&str]) {
    let before: Vec<String> = files.iter().map(|f| read(dir, f)).collect();
    apply_strict(dir)
        .code(1)
        .stderr(predicate::str::contains(conflict).and(predicate::str::contains("--strict")));
    let after: Vec<String> = files.iter().map(|f| read(dir, f)).collect();
    assert_eq!(after, before);
    apply(dir).success().stderr(
        predicate::str::contains(conflict).and(predicate::str::contains(
            "left for a person; the rest is planned",
        )),
    );
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join("src").join(name)).unwrap()
}

/// `go vet` passes on the module at `src` (where go is installed; the test
/// command installs it).
fn go_vets(dir: &Path) {
    if required_tool("go") {
        let module = dir.join("src");
        assert_go_vet_passes(&module, &module.join(".gocache"));
    }
}

const GO_MOD: (&str, &str) = ("go.mod", "module src\n\ngo 1.19\n");

#[test]
fn a_go_name_taken_in_another_file_of_the_package_is_a_collision() {
    let b =
        "package src\n\nvar RunLimit = 2\n\nfunc Limits() int { return RunLimit + SessionLimit }\n";
    let c = "package src\n\nfunc RunCount() int { return RunLimit }\n";
    let dir = project(
        "rename",
        &[
            GO_MOD,
            ("a.go", "package src\n\nvar SessionLimit = 1\n"),
            ("b.go", b),
            ("c.go", c),
        ],
    );
    stops_only_when_strict(
        dir.path(),
        "src/b.go:3: `RunLimit` -> `SessionLimit`: `SessionLimit` is already declared in package `src` (src/a.go:3)",
        &["b.go", "c.go"],
    );
    // The name stays in every file of the package; the rest is renamed.
    assert_eq!(read(dir.path(), "b.go"), b);
    assert_eq!(
        read(dir.path(), "c.go"),
        c.replace("RunCount", "SessionCount")
    );
    go_vets(dir.path());
}

#[test]
fn a_go_name_of_another_package_in_the_folder_is_no_collision() {
    // An external test package is a package of its own.
    let dir = project(
        "rename",
        &[
            GO_MOD,
            ("a_test.go", "package src_test\n\nvar SessionLimit = 1\n"),
            ("b.go", "package src\n\nvar RunLimit = 2\n"),
        ],
    );
    apply(dir.path()).success();
    assert_eq!(
        read(dir.path(), "b.go"),
        "package src\n\nvar SessionLimit = 2\n"
    );
    go_vets(dir.path());
}

#[test]
fn a_go_declaration_that_only_names_its_twin_goes() {
    let dir = project(
        "alias",
        &[
            GO_MOD,
            ("a.go", "package src\n\nvar SessionID = \"s\"\n"),
            (
                "b.go",
                "package src\n\n// RunID is the old name.\nvar RunID = SessionID\n\nfunc ID() string { return RunID }\n",
            ),
        ],
    );
    apply(dir.path()).success();
    assert_eq!(
        read(dir.path(), "b.go"),
        "package src\n\nfunc ID() string { return SessionID }\n"
    );
    go_vets(dir.path());
}

#[test]
fn a_go_method_renamed_onto_a_method_of_its_type_is_a_collision() {
    let a = "package src\n\ntype Store struct{}\n\nfunc (s *Store) ByRun(id string) string { return id }\n\nfunc (s *Store) BySession(id string) string { return id + \"x\" }\n\nfunc RunOf(s *Store) string { return s.ByRun(\"a\") }\n";
    let dir = project("rename", &[GO_MOD, ("a.go", a)]);
    stops_only_when_strict(
        dir.path(),
        "src/a.go:5: `ByRun` -> `BySession`: `BySession` is already a member of `Store` (line 7)",
        &["a.go"],
    );
    assert_eq!(read(dir.path(), "a.go"), a.replace("RunOf", "SessionOf"));
    go_vets(dir.path());
}

#[test]
fn a_go_method_of_another_type_is_no_collision() {
    let a = "package src\n\ntype Store struct{}\n\ntype Other struct{}\n\nfunc (s *Store) ByRun(id string) string { return id }\n\nfunc (o Other) BySession(id string) string { return id }\n";
    let dir = project("rename", &[GO_MOD, ("a.go", a)]);
    apply(dir.path()).success();
    assert_eq!(read(dir.path(), "a.go"), a.replace("ByRun", "BySession"));
    go_vets(dir.path());
}

#[test]
fn a_class_member_renamed_onto_another_is_a_collision() {
    let ts = "export class Store {\n  byRun(id: string) { return id; }\n  bySession(id: string) { return id + 'x'; }\n}\n";
    let dir = project("rename", &[("store.ts", ts)]);
    stops_only_when_strict(
        dir.path(),
        "src/store.ts:2: `byRun` -> `bySession`: `bySession` is already a member of `Store` (line 3)",
        &["store.ts"],
    );
    assert_eq!(read(dir.path(), "store.ts"), ts);
    let py = "class Store:\n    def by_run(self):\n        return 1\n\n    def by_session(self):\n        return 2\n";
    let dir = project("rename", &[("store.py", py)]);
    stops_only_when_strict(
        dir.path(),
        "src/store.py:2: `by_run` -> `by_session`: `by_session` is already a member of `Store` (line 5)",
        &["store.py"],
    );
    assert_eq!(read(dir.path(), "store.py"), py);
}

#[test]
fn a_module_level_name_taken_is_a_collision_in_typescript_python_and_rust() {
    let cases = [
        (
            "a.ts",
            "export const runLimit = 2;\nexport const sessionLimit = 1;\n",
        ),
        ("a.py", "run_limit = 2\nsession_limit = 1\n"),
        (
            "a.rs",
            "pub const RUN_LIMIT: u8 = 2;\npub const SESSION_LIMIT: u8 = 1;\n",
        ),
    ];
    for (name, text) in cases {
        let dir = project("rename", &[(name, text)]);
        stops_only_when_strict(
            dir.path(),
            "is already declared in this module (line 2)",
            &[name],
        );
        assert_eq!(read(dir.path(), name), text);
    }
}

#[test]
fn rust_functions_of_a_trait_impl_and_of_the_type_do_not_meet() {
    let rs = "pub struct S;\npub trait T {\n    fn by_session(&self);\n}\nimpl T for S {\n    fn by_session(&self) {}\n}\nimpl S {\n    pub fn by_run(&self) {}\n}\n";
    let dir = project("rename", &[("a.rs", rs)]);
    apply(dir.path()).success();
    assert_eq!(read(dir.path(), "a.rs"), rs.replace("by_run", "by_session"));
    let clash = "pub struct S;\nimpl S {\n    pub fn by_run(&self) -> u8 {\n        1\n    }\n}\nimpl S {\n    pub fn by_session(&self) -> u8 {\n        2\n    }\n}\n";
    let dir = project("rename", &[("a.rs", clash)]);
    stops_only_when_strict(
        dir.path(),
        "`by_session` is already a member of `impl S` (line 8)",
        &["a.rs"],
    );
    assert_eq!(read(dir.path(), "a.rs"), clash);
}

#[test]
fn a_local_renamed_onto_an_imported_package_is_a_collision() {
    let a = "package src\n\nimport \"src/session\"\n\nfunc Start() string {\n\trun := session.New()\n\treturn run\n}\n\nfunc RunCount() int { return 1 }\n";
    let dir = project(
        "rename",
        &[
            GO_MOD,
            ("a.go", a),
            (
                "session/session.go",
                "package session\n\nfunc New() string { return \"s\" }\n",
            ),
        ],
    );
    stops_only_when_strict(
        dir.path(),
        "src/a.go:6: `run` -> `session`: `session` is imported in this file (line 3)",
        &["a.go"],
    );
    assert_eq!(
        read(dir.path(), "a.go"),
        a.replace("RunCount", "SessionCount")
    );
    go_vets(dir.path());
    // A block that does not read the package may shadow it, as gopls allows.
    let b = "package src\n\nimport \"src/session\"\n\nvar made = session.New()\n\nfunc Check(id string) bool {\n\trun := id\n\treturn run != \"\"\n}\n";
    fs::write(dir.path().join("src/b.go"), b).unwrap();
    apply(dir.path()).success();
    assert_eq!(read(dir.path(), "b.go"), b.replace("run", "session"));
    go_vets(dir.path());
    // In Python the local would make `session` unbound where it is read.
    let py = "import session\n\n\ndef start():\n    run = session.new()\n    return run\n";
    let dir = project("rename", &[("a.py", py)]);
    stops_only_when_strict(
        dir.path(),
        "src/a.py:5: `run` -> `session`: `session` is imported in this file (line 1)",
        &["a.py"],
    );
    assert_eq!(read(dir.path(), "a.py"), py);
}
