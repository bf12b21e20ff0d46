//! The machine-readable reports read back: on a small made-up repository
//! whose values hold commas, quotes, line breaks and non-ASCII text, and on
//! the shipped run -> session example.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{json, Value};
use termshift::outputs::{JsonLines, JsonReport, Report};
use termshift::{Config, Inventory};

const STORE: &str = r#"package chat

type Conversation struct {
	SessionID string `json:"session_id"`
	RunID     string `json:"run_id"`
}

// Reply answers with the conversation's RunID as its session.
func (s *Store) Reply(conv *Conversation) map[string]any {
	return map[string]any{"émoji ✓": 1, "session_id": conv.RunID}
}
"#;

const MAIN: &str = r#"package main

const RUN_MODE = "fast"
"#;

const NOTES: &str = "# Design\n\nThe reply sends `run_id`, the conversation's id.\n";

/// A configuration whose component name and decision reason hold a comma,
/// quotes and a line break.
const CONFIG: &str = r#"
[[components]]
paths = ["repo/chat/**"]
name = "Backend, \"chat\""

[[decisions]]
path = "repo/cmd/**"
text = "RUN_MODE"
category = "PROCESS_VERB"
reason = "the binary's \"run\" mode,\nkept as it is"
"#;

/// A made-up repository in a temporary folder, with its configuration.
struct Project {
    _dir: tempfile::TempDir,
    config: Config,
}

fn project() -> Project {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("chat/store.go", STORE),
        ("cmd/main.go", MAIN),
        ("docs/design notes.md", NOTES),
    ];
    for (path, text) in files {
        let path = dir.path().join("repo").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let source = format!(
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"repo\"\npath = \"repo\"\n{CONFIG}"
    );
    let config = Config::parse(&source, Path::new("termshift.toml"), dir.path()).unwrap();
    Project { _dir: dir, config }
}

fn example_config() -> Config {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/run-to-session/termshift.toml");
    Config::load(&path).unwrap()
}

fn inventory(config: &Config) -> Inventory {
    termshift::classify(config, termshift::scan(config).unwrap())
}

fn render(report: &dyn Report, inventory: &Inventory) -> String {
    let mut out = Vec::new();
    report.write(inventory, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Every finding as JSON Lines writes it, the contract the other formats
/// repeat.
fn json_lines(inventory: &Inventory) -> Vec<Value> {
    render(&JsonLines, inventory)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

// JSON

fn check_json(config: &Config, inventory: &Inventory) -> Value {
    let document: Value = serde_json::from_str(&render(&JsonReport::new(config), inventory))
        .expect("the JSON report is one JSON document");
    assert_eq!(document["schema_version"], 1);
    assert_eq!(document["tool"]["name"], "termshift");
    assert!(document["tool"]["version"].is_string());
    assert_eq!(document["migration"]["from"], config.from.as_str());
    assert_eq!(document["migration"]["to"], config.to.as_str());
    let roots: Vec<Value> = config
        .roots
        .iter()
        .map(|r| json!({ "name": r.name, "path": r.path.display().to_string() }))
        .collect();
    assert_eq!(document["roots"], Value::Array(roots));

    let findings = document["findings"].as_array().unwrap();
    assert_eq!(
        findings,
        &json_lines(inventory),
        "every finding, in order, with exactly the JSON Lines fields"
    );

    let summary = &document["summary"];
    let counts: BTreeMap<&str, u64> = summary["categories"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(category, n)| (category.as_str(), n.as_u64().unwrap()))
        .collect();
    for category in config.categories() {
        assert!(
            counts.contains_key(category.as_str()),
            "{category} is counted, zero or not"
        );
    }
    let mut expected: BTreeMap<&str, u64> = counts.keys().map(|c| (*c, 0)).collect();
    for f in &inventory.findings {
        *expected.entry(f.category.as_str()).or_default() += 1;
    }
    assert_eq!(counts, expected);
    assert_eq!(summary["total"], findings.len());
    assert_eq!(counts.values().sum::<u64>(), findings.len() as u64);
    let files: BTreeSet<(&str, &str)> = inventory
        .findings
        .iter()
        .map(|f| (f.occurrence.repo.as_str(), f.occurrence.path.as_str()))
        .collect();
    assert_eq!(summary["files"], files.len());
    assert_eq!(
        document["warnings"].as_array().unwrap().len(),
        inventory.scan.warnings.len()
    );
    document
}

#[test]
fn json_holds_the_whole_inventory_with_consistent_counts() {
    let project = project();
    let inventory = inventory(&project.config);
    let document = check_json(&project.config, &inventory);
    assert!(document["summary"]["total"].as_u64().unwrap() > 0);
    // Written twice, the document is the same.
    assert_eq!(
        render(&JsonReport::new(&project.config), &inventory),
        render(&JsonReport::new(&project.config), &inventory)
    );
}

#[test]
fn json_of_the_example_holds_every_finding() {
    let config = example_config();
    let inventory = inventory(&config);
    let document = check_json(&config, &inventory);
    assert!(document["summary"]["total"].as_u64().unwrap() > 100);
}
