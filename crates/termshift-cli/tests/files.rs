//! Files named for the old word: renamed with what they hold (`git mv` in
//! git), the imports and Markdown links that name them rewritten, Go
//! package folders moved with their import paths, a rename onto an
//! existing file or folder a conflict, a file of a language apply
//! does not follow left for a person, and every file back under its old
//! name when `--verify` fails.

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;

const CONFIG: &str = "[migration]\nfrom = \"run\"\nto = \"session\"\nkind = \"rename\"\n\
                      [[roots]]\nname = \"web\"\npath = \"web\"\n[[roots]]\nname = \"svc\"\npath = \"svc\"\n";

/// A git repository holding `files` and the configuration.
fn repository(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::write(dir.path().join("termshift.toml"), CONFIG).unwrap();
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.email=t@t",
            "-c",
            "user.name=t",
            "commit",
            "-qm",
            "start",
        ],
    ] {
        let done = Process::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(done.success());
    }
    dir
}

fn termshift(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("termshift").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// `apply --write` in `dir`, which must succeed.
fn apply_write(dir: &Path) {
    termshift(dir).args(["apply", "--write"]).assert().success();
}

fn git_status(dir: &Path) -> String {
    let out = Process::new("git")
        .args(["status", "--short"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const HEADER: (&str, &str) = (
    "web/src/components/RunHeader.tsx",
    "export function RunHeader(props: { title: string }) {\n  return props.title;\n}\n",
);
const APP: (&str, &str) = (
    "web/src/app.ts",
    "import { RunHeader } from \"./components/RunHeader\";\nexport const header = RunHeader;\n",
);
const STORE: (&str, &str) = (
    "svc/run_store.go",
    "package svc\n\ntype RunStore struct{}\n\nfunc NewRunStore() *RunStore { return &RunStore{} }\n",
);
const WEB: (&str, &str) = ("web/README.md", "A web app.\n");
const LOOP: (&str, &str) = (
    "svc/run_loop.go",
    "package svc\n\n// RunLoop runs the loop.\nfunc RunLoop() {}\n",
);

#[test]
fn a_file_named_for_a_renamed_declaration_is_renamed_with_its_imports() {
    let dir = repository(&[HEADER, APP, STORE, LOOP]);
    let plan = String::from_utf8(
        termshift(dir.path())
            .arg("plan")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(
        plan.contains(
            "| `svc/run_store.go` | `svc/session_store.go` | named for `RunStore`, renamed to `SessionStore` (line 3) |"
        ),
        "{plan}"
    );
    termshift(dir.path())
        .args(["apply", "--write"])
        .assert()
        .success()
        .stderr(predicate::str::contains("renamed 2"));
    let status = git_status(dir.path());
    assert!(
        status.contains("R  svc/run_store.go -> svc/session_store.go")
            || status.contains("RM svc/run_store.go -> svc/session_store.go"),
        "{status}"
    );
    assert!(
        status.contains("web/src/components/RunHeader.tsx -> web/src/components/SessionHeader.tsx"),
        "{status}"
    );
    assert_eq!(
        read(dir.path(), "web/src/app.ts"),
        APP.1.replace("RunHeader", "SessionHeader")
    );
    assert_eq!(
        read(dir.path(), "svc/session_store.go"),
        STORE.1.replace("RunStore", "SessionStore")
    );
    // The verb's file keeps its name.
    assert_eq!(read(dir.path(), "svc/run_loop.go"), LOOP.1);
}

#[test]
fn a_rename_onto_an_existing_file_is_a_conflict_and_the_rest_goes_on() {
    let taken = ("svc/session_store.go", "package svc\n\nvar Other = 1\n");
    let dir = repository(&[STORE, taken, WEB]);
    termshift(dir.path())
        .arg("plan")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "a file `session_store.go` is already there",
        ));
    termshift(dir.path())
        .args(["apply", "--write", "--strict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already there"));
    assert_eq!(git_status(dir.path()), "");
    apply_write(dir.path());
    assert_eq!(
        read(dir.path(), "svc/run_store.go"),
        STORE.1.replace("RunStore", "SessionStore")
    );
    assert_eq!(read(dir.path(), "svc/session_store.go"), taken.1);
}

#[test]
fn a_file_another_language_finds_by_name_is_left_for_a_person() {
    let proto = (
        "svc/run_store.proto",
        "syntax = \"proto3\";\n\nmessage RunStore {\n  string name = 1;\n}\n",
    );
    let dir = repository(&[proto, WEB]);
    termshift(dir.path())
        .arg("plan")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "rename it to `session_store.proto` and what names it by hand",
        ));
    apply_write(dir.path());
    assert!(dir.path().join(proto.0).exists());
}

#[test]
fn renamed_files_go_back_when_the_check_fails() {
    let dir = repository(&[HEADER, APP, STORE]);
    termshift(dir.path())
        .args(["apply", "--write", "--verify", "exit 7"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(exit 7)"));
    assert_eq!(git_status(dir.path()), "");
    assert_eq!(
        fs::read_to_string(dir.path().join(STORE.0)).unwrap(),
        STORE.1
    );
}

#[test]
fn a_file_an_import_names_by_an_alias_keeps_its_name() {
    let aliased = (
        "web/src/page.ts",
        "import { RunHeader } from \"@/components/RunHeader\";\nexport const page = RunHeader;\n",
    );
    let dir = repository(&[HEADER, APP, aliased, STORE]);
    termshift(dir.path())
        .arg("plan")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "an import names it by a path apply does not follow: rename it to `src/components/SessionHeader.tsx`",
        ));
    apply_write(dir.path());
    // The file and both paths to it keep their name; the Go file is renamed.
    assert!(dir.path().join(HEADER.0).exists());
    assert!(read(dir.path(), APP.0).contains("from \"./components/RunHeader\""));
    assert!(read(dir.path(), aliased.0).contains("from \"@/components/RunHeader\""));
    assert!(dir.path().join("svc/session_store.go").exists());
}

#[test]
fn a_markdown_link_follows_the_file_it_names() {
    let readme = (
        "svc/README.md",
        "# Store\n\nSee [the store](run_store.go#L3), ![it](/run_store.go?raw=1) and [the loop](./run_loop.go).\n\n[store]: ./run_store.go \"The store\"\n",
    );
    let dir = repository(&[STORE, LOOP, readme, WEB]);
    apply_write(dir.path());
    assert!(dir.path().join("svc/session_store.go").exists());
    // Only the file's name changes; the anchor, the query and the link to
    // the file that keeps its name stay.
    assert_eq!(
        fs::read_to_string(dir.path().join(readme.0)).unwrap(),
        "# Store\n\nSee [the store](session_store.go#L3), ![it](/session_store.go?raw=1) and [the loop](./run_loop.go).\n\n[store]: ./session_store.go \"The store\"\n",
    );
}

/// A file of the project as it is now.
fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap()
}

/// A text with the settings module and its class renamed.
fn settings_respelled(text: &str) -> String {
    text.replace("run_settings", "session_settings")
        .replace("RunSettings", "SessionSettings")
}

const SETTINGS: (&str, &str) = (
    "svc/app/pkg/run_settings.py",
    "class RunSettings:\n    pass\n",
);
const PACKAGES: [(&str, &str); 2] = [("svc/app/__init__.py", ""), ("svc/app/pkg/__init__.py", "")];
const USER: (&str, &str) = (
    "svc/app/pkg/user.py",
    "from . import run_settings\nfrom .run_settings import RunSettings\n\nX = run_settings.RunSettings\n",
);
const MAIN: (&str, &str) = (
    "svc/app/main.py",
    "import app.pkg.run_settings\nfrom app.pkg.run_settings import RunSettings\nfrom app.pkg import run_settings as settings\n\nS = RunSettings\n",
);

#[test]
fn a_python_module_is_renamed_with_the_imports_that_name_it() {
    let dir = repository(&[SETTINGS, PACKAGES[0], PACKAGES[1], USER, MAIN, WEB]);
    apply_write(dir.path());
    let status = git_status(dir.path());
    assert!(
        status.contains("svc/app/pkg/run_settings.py -> svc/app/pkg/session_settings.py"),
        "{status}"
    );
    assert_eq!(read(dir.path(), USER.0), settings_respelled(USER.1));
    assert_eq!(read(dir.path(), MAIN.0), settings_respelled(MAIN.1));
}

#[test]
fn a_python_module_named_where_apply_cannot_follow_keeps_its_name() {
    let dynamic = (
        "svc/app/load.py",
        "import importlib\n\nSETTINGS = importlib.import_module(\"app.pkg.run_settings\")\n",
    );
    // A module of another distribution, or of another root: not this file.
    let elsewhere = ("web/tool.py", "from run_settings import RunSettings\n");
    // A qualified name through the module keeps the module's name too.
    let qualified = (
        "svc/app/cli.py",
        "import app.pkg.run_settings\n\nS = app.pkg.run_settings.RunSettings\n",
    );
    for other in [dynamic, elsewhere] {
        let dir = repository(&[
            SETTINGS,
            PACKAGES[0],
            PACKAGES[1],
            USER,
            qualified,
            other,
            WEB,
        ]);
        termshift(dir.path())
            .arg("plan")
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "rename it to `app/pkg/session_settings.py` and its imports by hand",
            ));
        apply_write(dir.path());
        assert!(dir.path().join(SETTINGS.0).exists());
        assert_eq!(
            read(dir.path(), other.0),
            other.1.replace("RunSettings", "SessionSettings")
        );
        assert!(read(dir.path(), USER.0)
            .starts_with("from . import run_settings\nfrom .run_settings import"));
        assert_eq!(
            read(dir.path(), qualified.0),
            qualified.1.replace(".RunSettings", ".SessionSettings")
        );
    }
}

#[test]
fn a_python_module_renamed_onto_an_existing_file_is_a_conflict() {
    let taken = ("svc/app/pkg/session_settings.py", "X = 1\n");
    let dir = repository(&[SETTINGS, PACKAGES[0], PACKAGES[1], USER, taken, WEB]);
    termshift(dir.path())
        .args(["apply", "--write", "--strict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "a file `session_settings.py` is already there",
        ));
    apply_write(dir.path());
    assert!(dir.path().join(SETTINGS.0).exists());
    assert!(read(dir.path(), USER.0).starts_with("from . import run_settings\n"));
}

#[test]
fn a_rust_module_is_renamed_with_its_mod_and_the_paths_that_name_it() {
    let lib = (
        "svc/src/lib.rs",
        "mod engine;\nmod run_settings;\n\npub use crate::run_settings::RunSettings;\n\npub fn load() -> RunSettings {\n    run_settings::RunSettings\n}\n",
    );
    let settings = ("svc/src/run_settings.rs", "pub struct RunSettings;\n");
    let engine = (
        "svc/src/engine/mod.rs",
        "use super::run_settings;\n\npub fn start() -> run_settings::RunSettings {\n    run_settings::RunSettings\n}\n",
    );
    let dir = repository(&[lib, settings, engine, WEB]);
    apply_write(dir.path());
    let status = git_status(dir.path());
    assert!(
        status.contains("svc/src/run_settings.rs -> svc/src/session_settings.rs"),
        "{status}"
    );
    assert_eq!(read(dir.path(), lib.0), settings_respelled(lib.1));
    assert_eq!(read(dir.path(), engine.0), settings_respelled(engine.1));
}

#[test]
fn a_rust_module_a_path_attribute_names_keeps_its_name() {
    let lib = (
        "svc/src/lib.rs",
        "#[path = \"run_settings.rs\"]\nmod settings;\n\npub use settings::RunSettings;\n",
    );
    let settings = ("svc/src/run_settings.rs", "pub struct RunSettings;\n");
    let dir = repository(&[lib, settings, WEB]);
    apply_write(dir.path());
    assert!(dir.path().join(settings.0).exists());
    assert!(read(dir.path(), lib.0).starts_with("#[path = \"run_settings.rs\"]\n"));
}

const GO_MOD: (&str, &str) = ("svc/go.mod", "module example.com/svc\n\ngo 1.22\n");
const PACKAGE: (&str, &str) = (
    "svc/internal/run/store.go",
    "package run\n\ntype Store struct{}\n\nfunc NewStore() *Store { return &Store{} }\n",
);
const PACKAGE_TEST: (&str, &str) = (
    "svc/internal/run/store_test.go",
    "package run_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/svc/internal/run\"\n)\n\nfunc TestStore(t *testing.T) { _ = run.NewStore() }\n",
);

#[test]
fn a_go_package_folder_moves_with_its_package_and_the_import_paths_that_name_it() {
    let main = (
        "svc/cmd/main.go",
        "package main\n\nimport \"example.com/svc/internal/run\"\n\nfunc main() { _ = run.NewStore() }\n",
    );
    // Another root imports it under an alias; another module's package of
    // the same name is not this one.
    let aliased = (
        "web/tool/tool.go",
        "package tool\n\nimport (\n\tr \"example.com/svc/internal/run\"\n)\n\nvar S = r.NewStore()\n",
    );
    let other = (
        "svc/cmd/other.go",
        "package main\n\nimport \"github.com/other/run\"\n\nvar _ = run.Other\n",
    );
    let readme = (
        "svc/README.md",
        "See [the store](internal/run/store.go#L3) in [its package](./internal/run/).\n",
    );
    let dir = repository(&[GO_MOD, PACKAGE, PACKAGE_TEST, main, aliased, other, readme]);
    apply_write(dir.path());
    let status = git_status(dir.path());
    for file in ["store.go", "store_test.go"] {
        assert!(
            status.contains(&format!(
                "svc/internal/run/{file} -> svc/internal/session/{file}"
            )),
            "{status}"
        );
    }
    assert!(!dir.path().join("svc/internal/run").exists());
    let respelled = |text: &str| {
        text.replace("package run", "package session")
            .replace("internal/run", "internal/session")
            .replace("run.NewStore", "session.NewStore")
    };
    assert_eq!(
        read(dir.path(), "svc/internal/session/store.go"),
        respelled(PACKAGE.1)
    );
    assert_eq!(
        read(dir.path(), "svc/internal/session/store_test.go"),
        respelled(PACKAGE_TEST.1)
    );
    assert_eq!(read(dir.path(), main.0), respelled(main.1));
    assert_eq!(read(dir.path(), aliased.0), respelled(aliased.1));
    assert_eq!(read(dir.path(), other.0), other.1);
    assert_eq!(read(dir.path(), readme.0), respelled(readme.1));
}

#[test]
fn a_go_package_folder_that_cannot_move_keeps_its_name() {
    let main = (
        "svc/cmd/main.go",
        "package main\n\nimport \"example.com/svc/internal/run\"\n\nfunc main() { _ = run.NewStore() }\n",
    );
    // A move onto an existing folder is a conflict; a folder holding more
    // than its Go files stays, and so does one a path names that nothing
    // changes.
    let taken = ("svc/internal/session/doc.go", "package session\n");
    let data = ("svc/internal/run/testdata/a.json", "{}\n");
    // A path to it that the plan leaves as it is.
    let script = ("svc/Makefile", "test:\n\tgo test ./internal/run/...\n");
    for (extra, says) in [
        (taken, "a folder `internal/session` is already there"),
        (data, ""),
        (
            script,
            "move it to `internal/session` and this path by hand",
        ),
    ] {
        let dir = repository(&[GO_MOD, PACKAGE, main, extra, WEB]);
        if extra == script {
            let config = dir.path().join("termshift.toml");
            let decided = "[[decisions]]\npath = \"svc/Makefile\"\ncategory = \"OTHER_PROGRAM\"\nreason = \"make's\"\n";
            fs::write(&config, format!("{CONFIG}{decided}")).unwrap();
        }
        termshift(dir.path())
            .arg("plan")
            .assert()
            .success()
            .stdout(predicate::str::contains(says));
        apply_write(dir.path());
        assert_eq!(read(dir.path(), PACKAGE.0), PACKAGE.1);
        assert_eq!(read(dir.path(), main.0), main.1);
    }
}

#[test]
fn a_file_another_root_imports_keeps_its_name() {
    let page = (
        "svc/ui/page.ts",
        "import { RunHeader } from \"@acme/web/src/components/RunHeader\";\nexport const page = RunHeader;\n",
    );
    let dir = repository(&[HEADER, APP, page]);
    termshift(dir.path())
        .arg("plan")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "rename it to `src/components/SessionHeader.tsx` and its imports by hand",
        ));
    apply_write(dir.path());
    assert!(dir.path().join(HEADER.0).exists());
    assert!(read(dir.path(), APP.0).contains("from \"./components/RunHeader\""));
    assert!(read(dir.path(), page.0).contains("from \"@acme/web/src/components/RunHeader\""));
}
