//! The two kinds of migration, and the evidence that keeps a word in
//! either: another program's names, another meaning found in the code.

use std::path::Path;

use termshift::{Config, Finding, Inventory, MigrationKind};

/// Classifies made-up files of one root `repo`, migrating `from` to `to`.
fn classify(from: &str, to: &str, files: &[(&str, &str)], extra_config: &str) -> Inventory {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join("repo").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let source = format!(
        "[migration]\nfrom = \"{from}\"\nto = \"{to}\"\n{extra_config}\n[[roots]]\nname = \"repo\"\npath = \"repo\"\n"
    );
    let config = Config::parse(&source, Path::new("termshift.toml"), dir.path()).unwrap();
    termshift::classify(&config, termshift::scan(&config).unwrap())
}

fn at<'a>(inventory: &'a Inventory, path: &str, line: u32, text: &str) -> &'a Finding {
    inventory
        .findings
        .iter()
        .find(|f| {
            f.occurrence.path == path && f.occurrence.line == line && f.occurrence.text == text
        })
        .unwrap_or_else(|| panic!("no {text} at {path}:{line}"))
}

/// A repository that calls its test suites "integration" and has no word
/// "functional" yet: a rename.
const SUITE: &str = r#"package tests

type IntegrationBase struct {
	name string
}

// integrationSuite runs the integration tests.
type integrationSuite struct {
	IntegrationBase
}

func newIntegrationSuite() *integrationSuite {
	return &integrationSuite{}
}
"#;

#[test]
fn a_rename_changes_what_no_evidence_keeps() {
    let inventory = classify(
        "integration",
        "functional",
        &[("tests/suite.go", SUITE)],
        "",
    );
    assert_eq!(inventory.kind.kind, MigrationKind::Rename);
    assert!(!inventory.kind.configured);
    let base = at(&inventory, "tests/suite.go", 3, "IntegrationBase");
    assert_eq!(
        base.category, "LEGACY_FUNCTIONAL_ALIAS",
        "{:?}",
        base.reasons
    );
    assert!(base.reasons[0].contains("a rename of `integration` to `functional`"));
    assert_eq!(base.proposed, "Rename to `FunctionalBase`");
    let comment = at(&inventory, "tests/suite.go", 7, "integration");
    assert_eq!(comment.category, "DOC_STALE", "{:?}", comment.reasons);
    assert!(inventory
        .findings
        .iter()
        .all(|f| f.category != "NEEDS_REVIEW"));
}

#[test]
fn the_configuration_may_say_the_kind() {
    let inventory = classify(
        "integration",
        "functional",
        &[("tests/suite.go", SUITE)],
        "kind = \"alias\"",
    );
    assert_eq!(inventory.kind.kind, MigrationKind::Alias);
    assert!(inventory.kind.configured);
    // In an alias cleanup nothing reaches the new word: the names stay open.
    let base = at(&inventory, "tests/suite.go", 3, "IntegrationBase");
    assert_eq!(base.category, "NEEDS_REVIEW");
}

const CHAT: &str = r#"package chat

type Conversation struct {
	SessionID string `json:"session_id"`
	RunID     string `json:"run_id"`
}

func (c *Conversation) Load(sessionID string) {
	c.RunID = sessionID
}
"#;

/// A tool about its own runs: `ParsedRun`, and a `runID` that fills it.
const RUNNER: &str = r#"package runner

type ParsedRun struct {
	ID   string
	Path string
}

func (p *ParsedRun) RunPath() string {
	return p.Path
}

func parseRun(runID string) *ParsedRun {
	return &ParsedRun{ID: runID}
}

func handle(path string) *ParsedRun {
	runID := path
	return parseRun(runID)
}

func other() {
	var runID string
	_ = runID
}
"#;

#[test]
fn an_alias_cleanup_finds_another_meaning_by_its_own_type_and_local_flow() {
    let inventory = classify(
        "run",
        "session",
        &[("chat/conv.go", CHAT), ("runner/api.go", RUNNER)],
        "",
    );
    assert_eq!(inventory.kind.kind, MigrationKind::Alias);
    assert_eq!(
        at(&inventory, "chat/conv.go", 5, "RunID").category,
        "LEGACY_SESSION_ALIAS"
    );
    let parsed = at(&inventory, "runner/api.go", 3, "ParsedRun");
    assert_eq!(parsed.category, "OTHER_DOMAIN", "{:?}", parsed.reasons);
    assert!(parsed.reasons[0].contains("`ParsedRun`"));
    // `runID` fills `ParsedRun.ID`: the local flow into the other meaning
    // decides it, not the same spelling elsewhere.
    let local = at(&inventory, "runner/api.go", 17, "runID");
    assert_eq!(local.category, "OTHER_DOMAIN", "{:?}", local.reasons);
    assert!(
        local.reasons[0].contains("ParsedRun"),
        "{:?}",
        local.reasons
    );
}

#[test]
fn a_type_named_the_word_alone_suggests_no_domain() {
    const TURNS: &str = "package turns\n\n// Run is a whole chat.\ntype Run struct {\n\tRunLabel string\n\tRunTitle string\n}\n";
    let inventory = classify(
        "run",
        "session",
        &[("chat/conv.go", CHAT), ("turns/run.go", TURNS)],
        "",
    );
    let label = at(&inventory, "turns/run.go", 5, "RunLabel");
    assert_eq!(label.category, "NEEDS_REVIEW", "{:?}", label.reasons);
    assert_eq!(label.suggested_domain, None);
}

const DOCS: &str = "# Branches\n\
\n\
Our work lands on the master branch; see\n\
[the changelog](https://github.com/acme/widget/blob/master/CHANGELOG.md) and\n\
[the spec](https://github.com/msgpack/msgpack/blob/master/spec.md).\n\
The agent talks to the Puppet master, or to a Salt\n\
master on the same host.\n\
\n\
```\n\
terraform taint module.salt_master\n\
```\n";

#[test]
fn urls_of_other_sites_and_proper_names_are_another_programs() {
    let inventory = classify(
        "master",
        "main",
        &[
            ("go.mod", "module github.com/acme/widget\n\ngo 1.21\n"),
            ("docs/branches.md", DOCS),
            ("main.go", "package main\n\nfunc main() {}\n"),
        ],
        "",
    );
    assert_eq!(inventory.kind.kind, MigrationKind::Rename);
    let branch = at(&inventory, "docs/branches.md", 3, "master");
    assert_eq!(branch.category, "DOC_STALE", "{:?}", branch.reasons);
    let own = at(&inventory, "docs/branches.md", 4, "master");
    assert_eq!(own.category, "DOC_STALE", "{:?}", own.reasons);
    let other = at(&inventory, "docs/branches.md", 5, "master");
    assert_eq!(other.category, "OTHER_PROGRAM", "{:?}", other.reasons);
    assert!(other.reasons[0].contains("`github.com/msgpack/msgpack`"));
    let puppet = at(&inventory, "docs/branches.md", 6, "master");
    assert_eq!(puppet.category, "OTHER_PROGRAM", "{:?}", puppet.reasons);
    // The name wraps: "a Salt\nmaster".
    let salt = at(&inventory, "docs/branches.md", 7, "master");
    assert_eq!(salt.category, "OTHER_PROGRAM", "{:?}", salt.reasons);
    // A name that spells "Salt master" is the same product's.
    let module = at(&inventory, "docs/branches.md", 10, "salt_master");
    assert_eq!(module.category, "OTHER_PROGRAM", "{:?}", module.reasons);
}

const MAKEFILE: &str = "INTEGRATION_TEST_DIRS := ./common/persistence/tests\n\
FUNCTIONAL_TEST_ROOT := ./tests\n\
\n\
integration-test:\n\
\t@go test $(INTEGRATION_TEST_DIRS)\n";

const PIPELINE: &str = "steps:\n  - label: unit\n    command: \"make integration-test\"\n";

#[test]
fn names_that_a_build_file_declares_are_its_programs() {
    let inventory = classify(
        "integration",
        "functional",
        &[
            ("Makefile", MAKEFILE),
            (".buildkite/pipeline.yml", PIPELINE),
            ("CONTRIBUTING.md", "Run `make integration-test` first.\n"),
            ("tests/suite.go", SUITE),
        ],
        "",
    );
    for (path, line, text) in [
        ("Makefile", 1, "INTEGRATION_TEST_DIRS"),
        ("Makefile", 4, "integration-test"),
        ("Makefile", 5, "INTEGRATION_TEST_DIRS"),
        (".buildkite/pipeline.yml", 3, "integration-test"),
        ("CONTRIBUTING.md", 1, "integration-test"),
    ] {
        let f = at(&inventory, path, line, text);
        assert_eq!(f.category, "OTHER_PROGRAM", "{path}:{line} {:?}", f.reasons);
    }
    assert!(at(&inventory, "Makefile", 4, "integration-test").reasons[0].contains("a Make target"));
    assert_eq!(
        at(&inventory, "tests/suite.go", 3, "IntegrationBase").category,
        "LEGACY_FUNCTIONAL_ALIAS"
    );
}

#[test]
fn a_generated_marker_after_a_license_header_counts() {
    let mock = "// The MIT License\n//\n// Copyright (c) 2020\n//\n// Permission is hereby granted, free of charge, to any person\n// obtaining a copy of this software, to deal in the Software\n// without restriction, including the rights to use, copy,\n// modify, merge, publish, distribute, sublicense, and sell\n// copies of the Software.\n//\n// THE SOFTWARE IS PROVIDED AS IS.\n\n// Code generated by MockGen. DO NOT EDIT.\n\npackage client\n\ntype MockIntegrationClient struct{}\n";
    let inventory = classify(
        "integration",
        "functional",
        &[
            ("client/client_mock.go", mock),
            ("client/notes.go", "package client\n\n// Do not edit comments by hand.\ntype IntegrationClient interface{}\n"),
        ],
        "",
    );
    assert_eq!(
        at(
            &inventory,
            "client/client_mock.go",
            17,
            "MockIntegrationClient"
        )
        .category,
        "GENERATED_CODE"
    );
    assert_eq!(
        at(&inventory, "client/notes.go", 4, "IntegrationClient").category,
        "LEGACY_FUNCTIONAL_ALIAS"
    );
}

#[test]
fn history_is_kept() {
    let inventory = classify(
        "run",
        "session",
        &[
            ("chat/conv.go", CHAT),
            ("CHANGELOG.md", "## 1.2\n\n- Created RunContext for run state\n"),
            (
                "engine/types.go",
                "package engine\n\n// The RunStream method has been removed from the Engine.\ntype Engine interface{}\n",
            ),
            (
                "docs/migrate.md",
                "# Moving on\n\nCall `Session.Start()` where you called `StartRun()` before.\n",
            ),
        ],
        "",
    );
    for (path, line, text) in [
        ("CHANGELOG.md", 3, "RunContext"),
        ("CHANGELOG.md", 3, "run"),
        ("engine/types.go", 3, "RunStream"),
        ("docs/migrate.md", 3, "StartRun"),
    ] {
        let f = at(&inventory, path, line, text);
        assert_eq!(
            f.category, "HISTORY",
            "{path}:{line} {text} {:?}",
            f.reasons
        );
    }
    // A code file named for history is no changelog.
    assert!(!inventory
        .findings
        .iter()
        .any(|f| f.occurrence.path == "chat/conv.go" && f.category == "HISTORY"));
}

#[test]
fn a_name_no_code_of_the_roots_declares_is_another_programs() {
    const CMD: &str = "package main\n\nimport \"github.com/spf13/cobra\"\n\nfunc root() *cobra.Command {\n\treturn &cobra.Command{\n\t\tUse: \"tool\",\n\t\tPersistentPreRunE: nil,\n\t}\n}\n";
    let inventory = classify(
        "run",
        "session",
        &[("chat/conv.go", CHAT), ("cmd/main.go", CMD)],
        "",
    );
    let field = at(&inventory, "cmd/main.go", 8, "PersistentPreRunE");
    assert_eq!(field.category, "OTHER_PROGRAM", "{:?}", field.reasons);
    assert!(field.reasons[0].contains("no code of the roots declares"));
}

#[test]
fn an_imperative_that_opens_a_sentence_is_the_verb() {
    // "to run" says the word is a verb at all.
    const CODE: &str = "package chat\n\nfunc Serve() {\n\t// 7. Run inference with the tools\n\t// Run is what the loop calls.\n\t// Call it to run the tools.\n}\n";
    let inventory = classify(
        "run",
        "session",
        &[("chat/conv.go", CHAT), ("chat/serve.go", CODE)],
        "",
    );
    let imperative = at(&inventory, "chat/serve.go", 4, "Run");
    assert_eq!(
        imperative.category, "PROCESS_VERB",
        "{:?}",
        imperative.reasons
    );
    assert!(imperative.reasons[0].contains("imperative"));
    // "Run is ..." names a thing: no imperative (left to the other rules).
    let subject = at(&inventory, "chat/serve.go", 5, "Run");
    assert!(
        !subject.reasons[0].contains("imperative"),
        "{:?}",
        subject.reasons
    );
}

#[test]
fn a_lockfile_is_generated() {
    let lock = "{\n  \"packages\": {\n    \"node_modules/run-parallel\": {\"version\": \"1.2.0\"}\n  }\n}\n";
    let inventory = classify(
        "run",
        "session",
        &[("chat/conv.go", CHAT), ("web/package-lock.json", lock)],
        "",
    );
    let f = at(&inventory, "web/package-lock.json", 3, "run-parallel");
    assert_eq!(f.category, "GENERATED_CODE", "{:?}", f.reasons);
    assert!(f.reasons[0].contains("lockfile"));
}

#[test]
fn code_among_only_another_meaning_has_it() {
    // `run` in the component is a prop whose type lives elsewhere; every
    // other decided name of its file is the tool's own runs.
    const VIEW: &str = "import type { ParsedRun } from './types';\n\nexport function view(parsed: ParsedRun): ParsedRun {\n  return parsed;\n}\n\nexport const all: ParsedRun[] = [];\n\nexport function show(run: any) {\n  return run.events;\n}\n";
    const TYPES: &str = "export interface ParsedRun {\n  id: string;\n  runPath: string;\n}\n\nexport interface ArtifactRun {\n  parsed: ParsedRun;\n}\n";
    let inventory = classify(
        "run",
        "session",
        &[
            ("chat/conv.go", CHAT),
            ("runner/web/View.tsx", VIEW),
            ("runner/web/types.ts", TYPES),
        ],
        "",
    );
    let prop = at(&inventory, "runner/web/View.tsx", 9, "run");
    assert_eq!(prop.category, "OTHER_DOMAIN", "{:?}", prop.reasons);
    assert!(
        prop.reasons[0].contains("decided names of this file"),
        "{:?}",
        prop.reasons
    );
}

#[test]
fn a_call_given_one_type_argument_returns_that_type() {
    // Two types declare a field `run`: only the type argument says which
    // one `pb.run` reads.
    const TS: &str = "export interface PlanningRun {\n  runId: string;\n  runName: string;\n}\nexport interface PlanningStarted {\n  run?: PlanningRun;\n}\nexport interface Job {\n  run?: string;\n}\ndeclare function decode<T>(data: unknown): T;\nexport function onStart(data: unknown) {\n  const pb = decode<PlanningStarted>(data);\n  return pb.run;\n}\n";
    let inventory = classify(
        "run",
        "session",
        &[("chat/conv.go", CHAT), ("web/planning.ts", TS)],
        "",
    );
    let traces = termshift::outputs::Trace::around(&inventory, "PlanningStarted.run", 1).unwrap();
    assert!(
        traces[0]
            .edges
            .iter()
            .any(|e| e.at == "repo/web/planning.ts:14"),
        "{:?}",
        traces[0].edges
    );
}

#[test]
fn a_noun_never_used_as_a_verb_names_no_verb() {
    // Nothing uses `namespace` as a verb: a function named with it first
    // and a line that opens with it are nouns.
    const CODE: &str = "package ns\n\n// Namespace entries are listed by name.\nfunc NamespaceEntry(name string) string {\n\treturn name\n}\n";
    let inventory = classify("namespace", "workspace", &[("ns/entry.go", CODE)], "");
    for (line, text) in [(3, "Namespace"), (4, "NamespaceEntry")] {
        let f = at(&inventory, "ns/entry.go", line, text);
        assert_ne!(f.category, "PROCESS_VERB", "{text}: {:?}", f.reasons);
    }
}

#[test]
fn a_name_that_says_both_words_is_the_new_ones() {
    const AGENT: &str = "package agent\n\nfunc Start(store map[string]string) {\n\tsessionRunID := newID()\n\tstore[\"key\"] = sessionRunID\n}\n\nfunc newID() string { return \"x\" }\n";
    let inventory = classify(
        "run",
        "session",
        &[("chat/conv.go", CHAT), ("agent/main.go", AGENT)],
        "",
    );
    let name = inventory
        .findings
        .iter()
        .find(|f| {
            f.occurrence.line == 4
                && f.occurrence.text == "sessionRunID"
                && f.occurrence.term == termshift::TermSide::From
        })
        .expect("the old word in sessionRunID");
    assert_eq!(name.category, "LEGACY_SESSION_ALIAS", "{:?}", name.reasons);
    // The rename drops the old word rather than saying the new one twice.
    assert_eq!(name.proposed, "Rename to `sessionID`");
}

#[test]
fn what_stands_for_one_name_gets_one_category() {
    // The index is named after the column: where the column is decided,
    // the index follows it.
    const STORE: &str = "package store\n\nconst schema = `CREATE TABLE turns (session_id TEXT, run_id TEXT);\nCREATE INDEX turns_by_run ON turns(run_id);`\n\nfunc Save(sessionID string) {\n\texec(`INSERT INTO turns (session_id, run_id) VALUES (?, ?)`, sessionID, sessionID)\n}\n\nfunc exec(q string, args ...string) {}\n";
    let inventory = classify("run", "session", &[("store/sql.go", STORE)], "");
    let column = at(&inventory, "store/sql.go", 3, "run_id");
    assert_eq!(
        column.category, "LEGACY_SESSION_ALIAS",
        "{:?}",
        column.reasons
    );
    let index = at(&inventory, "store/sql.go", 4, "turns_by_run");
    assert_eq!(
        index.category, "LEGACY_SESSION_ALIAS",
        "{:?}",
        index.reasons
    );
}

#[test]
fn one_name_has_one_category_in_code_strings_and_types() {
    // `RunLoop` is a function named for what it does; the type of that name
    // and the string that names it in a test say the same, whatever the
    // alias beside them.
    const LOOP: &str = "package loop\n\n// Use it to run the loop.\nfunc (l *Loop) RunLoop() error { return nil }\n\ntype Loop struct{}\n";
    const TYPES: &str = "package loop\n\ntype RunLoop func() error\n";
    const TEST: &str = "package loop\n\nimport \"testing\"\n\nfunc TestLoop(t *testing.T) {\n\tsessionID := \"s\"\n\tvar runID = sessionID\n\tif err := (&Loop{}).RunLoop(); err != nil {\n\t\tt.Fatalf(\"RunLoop failed for %s\", runID)\n\t}\n}\n";
    let inventory = classify(
        "run",
        "session",
        &[
            ("chat/conv.go", CHAT),
            ("loop/loop.go", LOOP),
            ("loop/types.go", TYPES),
            ("loop/loop_test.go", TEST),
        ],
        "",
    );
    for (path, line) in [
        ("loop/loop.go", 4),
        ("loop/types.go", 3),
        ("loop/loop_test.go", 8),
        ("loop/loop_test.go", 9),
    ] {
        let f = at(&inventory, path, line, "RunLoop");
        assert_eq!(f.category, "PROCESS_VERB", "{path}:{line} {:?}", f.reasons);
    }
    assert_eq!(
        at(&inventory, "loop/loop_test.go", 9, "runID").category,
        "LEGACY_SESSION_ALIAS"
    );
}

#[test]
fn published_contracts_say_their_kind() {
    const CLI: &str = "import argparse\nimport os\n\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--run-id\")\nlive = os.environ.get(\"RUN_E2E\")\n";
    const CONFIG: &str = "server:\n  run_timeout: 30\n";
    let inventory = classify(
        "run",
        "session",
        &[("tool/cli.py", CLI), ("config/app.yaml", CONFIG)],
        "",
    );
    let contract = |path: &str, line: u32, text: &str| at(&inventory, path, line, text).contract;
    assert_eq!(contract("tool/cli.py", 5, "run-id"), Some("CLI flag"));
    assert_eq!(
        contract("tool/cli.py", 6, "RUN_E2E"),
        Some("environment variable")
    );
    assert_eq!(
        contract("config/app.yaml", 2, "run_timeout"),
        Some("config key")
    );
    let flag = at(&inventory, "tool/cli.py", 5, "run-id");
    assert_eq!(
        flag.breaking,
        termshift::Breaking::Yes,
        "{:?}",
        flag.category
    );
}
