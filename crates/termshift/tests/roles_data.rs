//! Roles of hits in YAML and JSON.

mod common;

use common::{assert_role, rows};
use termshift::syntax::Lang;

const YAML: &str = r#"# CI for the run service
jobs:
  test:
    steps:
      - run: go test ./...
      - name: "run server"
        run: go run ./cmd/chatd
config:
  session_ttl: 30m
  run_ids: [run-1, "run-2"]
"#;

const JSON: &str = r#"{"scripts": {"dev": "vite", "test:run": "vitest run"}, "run_id": "abc", "runs": [{"session_id": 1}]}
"#;

#[test]
fn yaml_keys_values_and_comments() {
    let rows = rows(Lang::Yaml, "run", "session", YAML);
    assert_role(&rows, 1, "run", "comment", None);
    assert_role(&rows, 5, "run", "data_key", Some("jobs.test.steps.run"));
    assert_role(&rows, 6, "run", "data_value", Some("jobs.test.steps.name"));
    assert_role(
        &rows,
        9,
        "session_ttl",
        "data_key",
        Some("config.session_ttl"),
    );
    assert_role(&rows, 10, "run_ids", "data_key", Some("config.run_ids"));
    assert_role(&rows, 10, "run-1", "data_value", None);
    assert_role(&rows, 10, "run-2", "data_value", None);
    let step: Vec<_> = rows
        .iter()
        .filter(|r| r.line == 7)
        .map(|r| r.role)
        .collect();
    assert_eq!(
        step,
        ["data_key", "data_value"],
        "`run: go run ./cmd/chatd`"
    );
}

#[test]
fn yaml_plain_scalar_holding_quotes() {
    // The quotes are part of the unquoted value, not a string around it.
    let rows = rows(Lang::Yaml, "run", "session", "run_id = \"x\" // run\n");
    assert_role(&rows, 1, "run_id", "data_value", None);
    assert_role(&rows, 1, "run", "data_value", None);
}

#[test]
fn json_keys_and_values() {
    let rows = rows(Lang::Json, "run", "session", JSON);
    let roles: Vec<_> = rows
        .iter()
        .map(|r| (r.text.as_str(), r.role, r.symbol.as_deref()))
        .collect();
    assert_eq!(
        roles,
        [
            ("run", "data_key", Some("scripts.test:run")),
            ("run", "data_value", Some("scripts.test:run")),
            ("run_id", "data_key", Some("run_id")),
            ("runs", "data_key", Some("runs")),
            ("session_id", "data_key", Some("runs.session_id")),
        ]
    );
}

/// A URL path written as a YAML or JSON value is a route, and its query
/// parameters are query parameters.
#[test]
fn url_paths_in_values_are_routes() {
    let yaml =
        "legacy-routes:\n  - /api/runs/{runId}\n  - \"/api/turns?run_id=1\"\nnote: the runs\n";
    let yaml_rows = rows(Lang::Yaml, "run", "session", yaml);
    assert_role(&yaml_rows, 2, "runs", "route", None);
    assert_role(&yaml_rows, 2, "runId", "route", None);
    assert_role(&yaml_rows, 3, "run_id", "query_param", None);
    assert_role(&yaml_rows, 4, "runs", "data_value", None);
    let json = r#"{"link": "/runs/:runId", "title": "run"}"#;
    let rows = rows(Lang::Json, "run", "session", json);
    assert_role(&rows, 1, "runs", "route", None);
    assert_role(&rows, 1, "runId", "route", None);
    assert_role(&rows, 1, "run", "data_value", None);
}
