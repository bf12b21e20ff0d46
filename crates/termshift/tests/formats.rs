//! The machine-readable reports read back: on a small made-up repository
//! whose values hold commas, quotes, line breaks and non-ASCII text, and on
//! the shipped run -> session example.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{json, Value};
use termshift::classify::{Categories, DOC_STALE};
use termshift::gate::Gate;
use termshift::outputs::{Csv, JsonLines, JsonReport, Report, Sarif};
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

/// The categories the CI gate denies by default.
fn gate_categories(config: &Config) -> Vec<String> {
    Gate::new(config, &[]).unwrap().denied().to_vec()
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
        inventory.scan.warnings.len() + inventory.scan.binary_files.len()
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

// CSV

/// A strict RFC 4180 reader: records end with CRLF, quoted fields double
/// their quotes, nothing follows a closing quote but a separator.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut closed = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    closed = true;
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "a record ends with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            '"' if field.is_empty() && !closed => quoted = true,
            _ if c != '"' && c != '\n' && !closed => field.push(c),
            _ => panic!("{c:?} after a quoted field, or a quote or bare line break in an unquoted one: {field:?}"),
        }
        closed = false;
    }
    assert!(!quoted, "a quoted field is not closed");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

/// Whether a CSV cell reads back as the JSON Lines value of its column:
/// null as an empty cell, a list as its items between separators, a
/// number or flag as JSON.
fn reads_back_as(cell: &str, value: &Value) -> bool {
    match value {
        Value::Null => cell.is_empty(),
        Value::String(s) => cell == s,
        Value::Array(items) if items.is_empty() => cell.is_empty(),
        Value::Array(items) => {
            let parts: Vec<Value> = cell
                .split(Csv::LIST_SEPARATOR)
                .map(|p| Value::String(p.to_string()))
                .collect();
            &parts == items
        }
        other => serde_json::from_str::<Value>(cell).is_ok_and(|v| &v == other),
    }
}

fn check_csv(inventory: &Inventory) -> Vec<Vec<String>> {
    let records = parse_csv(&render(&Csv, inventory));
    let (header, rows) = records.split_first().expect("a header row");
    assert_eq!(header, &Csv::COLUMNS);
    let lines = json_lines(inventory);
    assert_eq!(rows.len(), lines.len(), "one row per occurrence");
    if let Some(first) = lines.first() {
        let fields: BTreeSet<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let columns: BTreeSet<&str> = Csv::COLUMNS.into_iter().collect();
        assert_eq!(columns, fields, "the columns are the JSON Lines fields");
    }
    for (row, line) in rows.iter().zip(&lines) {
        for (cell, column) in row.iter().zip(Csv::COLUMNS) {
            assert!(
                reads_back_as(cell, &line[column]),
                "{column}: {cell:?} is not {}",
                line[column]
            );
        }
    }
    rows.to_vec()
}

#[test]
fn csv_values_with_commas_quotes_and_line_breaks_read_back() {
    let project = project();
    let inventory = inventory(&project.config);
    let rows = check_csv(&inventory);
    let column = |name: &str| Csv::COLUMNS.iter().position(|c| *c == name).unwrap();
    let decided = rows
        .iter()
        .find(|row| row[column("text")] == "RUN_MODE")
        .expect("a row for RUN_MODE");
    assert!(
        decided[column("reasons")].contains("the binary's \"run\" mode,\nkept as it is"),
        "{decided:?}"
    );
    assert!(rows
        .iter()
        .any(|row| row[column("component")] == "Backend, \"chat\""));
    assert!(rows
        .iter()
        .any(|row| row[column("path")] == "docs/design notes.md"));
}

#[test]
fn csv_of_the_example_has_a_row_per_occurrence() {
    let config = example_config();
    let inventory = inventory(&config);
    assert!(check_csv(&inventory).len() > 100);
}

// SARIF

/// The line of `STORE` where an alias follows non-ASCII text.
const NON_ASCII_LINE: u32 = 10;

/// The language-tag pattern of the SARIF 2.1.0 schema (`run.language`,
/// `toolComponent.language`): its lone `]` is a literal character in
/// ECMA-262 (Annex B), which the validator's check of patterns rejects.
const LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

/// Replaces every `pattern` equal to `from`, and says how many there were.
fn replace_pattern(schema: &mut Value, from: &str, to: &str) -> usize {
    match schema {
        Value::Object(map) => map
            .iter_mut()
            .map(|(key, value)| {
                if key == "pattern" && value == from {
                    *value = Value::from(to);
                    1
                } else {
                    replace_pattern(value, from, to)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(|v| replace_pattern(v, from, to)).sum(),
        _ => 0,
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // Escaped, the pattern means the same; termshift writes no language.
    let escaped = LANGUAGE_PATTERN.replace("]?", "\\]?");
    assert_eq!(replace_pattern(&mut schema, LANGUAGE_PATTERN, &escaped), 2);
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF 2.1.0 schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn percent_decoded(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            decoded.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).unwrap()
}

fn check_sarif(config: &Config, inventory: &Inventory, denied: &[String]) -> Value {
    let text = render(&Sarif::new(config, denied.to_vec()), inventory);
    let log: Value = serde_json::from_str(&text).unwrap();
    let errors = schema_errors(&sarif_validator(), &log);
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "termshift");

    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut categories = config.categories();
    categories.sort();
    let mut sorted_ids: Vec<String> = rule_ids.iter().map(|id| id.to_string()).collect();
    sorted_ids.sort();
    assert_eq!(
        sorted_ids, categories,
        "a rule per category that can appear"
    );

    let bases = run["originalUriBaseIds"].as_object().unwrap();
    for root in &config.roots {
        let uri = bases[&root.name]["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///") && uri.ends_with('/'), "{uri}");
    }

    let results = run["results"].as_array().unwrap();
    let denied_findings: Vec<_> = inventory
        .findings
        .iter()
        .filter(|f| denied.contains(&f.category))
        .collect();
    assert_eq!(
        results.len(),
        denied_findings.len(),
        "a result per denied occurrence"
    );
    for (result, finding) in results.iter().zip(&denied_findings) {
        let category = result["ruleId"].as_str().unwrap();
        assert!(
            denied.iter().any(|d| d == category),
            "{category} is not denied"
        );
        assert_eq!(category, finding.category);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rule_ids[index], category);
        let expected_level = if *category == Categories::of(config).alias {
            "error"
        } else {
            "warning"
        };
        assert_eq!(result["level"], expected_level);
        assert!(result["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(category));
        let location = &result["locations"][0]["physicalLocation"];
        let artifact = &location["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap();
        assert!(
            !uri.contains(':') && !uri.starts_with('/'),
            "{uri} is relative to its root"
        );
        let base = artifact["uriBaseId"].as_str().unwrap();
        assert!(bases.contains_key(base), "{base} is a root");
        let root = config.roots.iter().find(|r| r.name == base).unwrap();
        assert!(root.path.join(percent_decoded(uri)).is_file(), "{uri}");
        assert_eq!(location["region"]["startLine"], finding.occurrence.line);
        assert_eq!(result["properties"]["meaning"], finding.meaning.as_str());
        assert_eq!(result["properties"]["owner"], finding.owner.as_str());
    }
    log
}

/// The result at a line of a file, and its region.
fn region_at<'a>(log: &'a Value, uri: &str, line: u32) -> &'a Value {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"])
        .find(|l| l["artifactLocation"]["uri"] == uri && l["region"]["startLine"] == line)
        .map(|l| &l["region"])
        .unwrap_or_else(|| panic!("no result at {uri}:{line}"))
}

#[test]
fn sarif_is_valid_and_reports_only_denied_occurrences() {
    let project = project();
    let inventory = inventory(&project.config);
    let denied = gate_categories(&project.config);
    let log = check_sarif(&project.config, &inventory, &denied);

    // Two characters before the alias take five bytes: columns count
    // characters.
    let alias = inventory
        .findings
        .iter()
        .find(|f| f.occurrence.line == NON_ASCII_LINE && f.occurrence.text == "RunID")
        .unwrap();
    assert_eq!(alias.category, Categories::of(&project.config).alias);
    let region = region_at(&log, "chat/store.go", NON_ASCII_LINE);
    assert_eq!(region["startColumn"], alias.occurrence.column - 3);
    assert_eq!(region["endColumn"], alias.occurrence.column - 3 + 3);
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");

    // A path with a space is an encoded URI.
    let stale = inventory
        .findings
        .iter()
        .find(|f| f.occurrence.path == "docs/design notes.md")
        .unwrap();
    assert_eq!(stale.category, DOC_STALE);
    region_at(&log, "docs/design%20notes.md", 3);

    // Nothing denied, nothing reported, and the log is still valid.
    let empty = check_sarif(&project.config, &inventory, &[]);
    assert!(empty["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn sarif_of_the_example_is_valid() {
    let config = example_config();
    let inventory = inventory(&config);
    let log = check_sarif(&config, &inventory, &gate_categories(&config));
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    let all = config.categories();
    let everything = check_sarif(&config, &inventory, &all);
    assert_eq!(
        everything["runs"][0]["results"].as_array().unwrap().len(),
        inventory.findings.len()
    );
}

#[test]
fn the_schema_rejects_what_is_not_sarif() {
    let project = project();
    let inventory = inventory(&project.config);
    let denied = gate_categories(&project.config);
    let log: Value =
        serde_json::from_str(&render(&Sarif::new(&project.config, denied), &inventory)).unwrap();
    let validator = sarif_validator();
    assert!(schema_errors(&validator, &log).is_empty());
    let broken = |change: fn(&mut Value)| {
        let mut broken = log.clone();
        change(&mut broken);
        !schema_errors(&validator, &broken).is_empty()
    };
    assert!(broken(|log| {
        log.as_object_mut().unwrap().remove("version");
    }));
    assert!(broken(
        |log| log["runs"][0]["results"][0]["level"] = Value::from("fatal")
    ));
    // Formats are checked: a URI with a space is not one.
    assert!(broken(|log| {
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"] = Value::from("docs/design notes.md")
    }));
}
