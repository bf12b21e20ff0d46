//! Roles of hits in TypeScript, TSX and JavaScript.

mod common;

use common::{assert_role, rows};
use termshift::syntax::Lang;

const TSX: &str = r#"import { fetchRuns } from "./api/runs";
import * as run from "./run";

export interface TurnSnapshot {
  runId: string;
  sessionId?: string;
}

type RunMap = Record<string, TurnSnapshot>;

export class RunStore {
  private selectedRunId: string | null = null;
  constructor(private runId: string) {}
  selectRun(runId: string): void {
    this.selectedRunId = runId;
    logger.info({ runId }, "selected run");
  }
}

export function RunPanel({ runId }: { runId: string }) {
  const url = new URL(`/api/runs/${runId}`, base);
  url.searchParams.set("run_id", runId);
  const params = new URLSearchParams(location.search);
  const sel = params.get("runId");
  const obj = { run_id: runId, "session_id": sel };
  const [runs, setRuns] = useState<TurnSnapshot[]>([]);
  return <div className="run" data-run-id={runId}>{runs.length} runs</div>;
}
const routes = [{ path: "/runs/:runId", element: RunPanel }];
"#;

#[test]
fn declarations_and_uses() {
    let rows = rows(Lang::Tsx, "run", "session", TSX);
    assert_role(&rows, 2, "run", "package_declaration", None);
    assert_role(
        &rows,
        5,
        "runId",
        "field_declaration",
        Some("TurnSnapshot.runId"),
    );
    assert_role(
        &rows,
        6,
        "sessionId",
        "field_declaration",
        Some("TurnSnapshot.sessionId"),
    );
    assert_role(&rows, 9, "RunMap", "type_declaration", Some("RunMap"));
    assert_role(
        &rows,
        12,
        "selectedRunId",
        "field_declaration",
        Some("RunStore.selectedRunId"),
    );
    assert_role(
        &rows,
        13,
        "runId",
        "parameter_declaration",
        Some("RunStore.constructor"),
    );
    assert_role(
        &rows,
        14,
        "selectRun",
        "method_declaration",
        Some("RunStore.selectRun"),
    );
    assert_role(&rows, 15, "selectedRunId", "field_use", None);
    assert_role(&rows, 15, "runId", "parameter_use", None);
    assert_role(
        &rows,
        20,
        "RunPanel",
        "function_declaration",
        Some("RunPanel"),
    );
    assert_role(&rows, 26, "runs", "variable_declaration", None);
    assert_role(&rows, 27, "runs", "variable_use", None);
}

#[test]
fn keys_logs_http_and_jsx() {
    let rows = rows(Lang::Tsx, "run", "session", TSX);
    assert_role(&rows, 16, "runId", "log_key", None);
    assert_role(&rows, 16, "run", "log_message", None);
    assert_role(&rows, 21, "runs", "route", None);
    assert_role(&rows, 22, "run_id", "query_param", None);
    assert_role(&rows, 24, "runId", "query_param", None);
    assert_role(&rows, 25, "run_id", "object_key", None);
    assert_role(&rows, 25, "session_id", "object_key", None);
    assert_role(&rows, 27, "data-run-id", "object_key", None);
    assert_role(&rows, 29, "runId", "route", Some("routes"));
}

#[test]
fn typescript_without_jsx_and_javascript() {
    let ts = "interface Run { runId: string }\nconst runs: Run[] = [];\n";
    let ts_rows = rows(Lang::TypeScript, "run", "session", ts);
    assert_role(&ts_rows, 1, "Run", "type_declaration", Some("Run"));
    assert_role(&ts_rows, 2, "Run", "type_use", None);
    let js = "class RunQueue {\n  runs = [];\n  add(run) { this.runs.push(run); }\n}\n";
    let rows = rows(Lang::JavaScript, "run", "session", js);
    assert_role(&rows, 1, "RunQueue", "type_declaration", Some("RunQueue"));
    assert_role(&rows, 2, "runs", "field_declaration", Some("RunQueue.runs"));
    assert_role(
        &rows,
        3,
        "run",
        "parameter_declaration",
        Some("RunQueue.add"),
    );
    assert_role(&rows, 3, "runs", "field_use", None);
}

#[test]
fn sql_in_template_strings() {
    let ts = "const q = `SELECT id FROM runs WHERE run_id = ${id}`;\n";
    let rows = rows(Lang::TypeScript, "run", "session", ts);
    assert_role(&rows, 1, "runs", "sql_table", None);
    assert_role(&rows, 1, "run_id", "sql_column", Some("runs.run_id"));
}

/// What `import type` imports is a type; another imported name is named
/// after its module. A regular expression over URL paths matches routes.
#[test]
fn imports_and_route_patterns() {
    let ts = r#"import type { Run, RunStatus } from "./types";
import { type RunRow, latestRun } from "./runs";
const m = /^\/(?:sessions|runs)\/([^/]+)$/.exec(path);
const plural = /runs?/i;
"#;
    let rows = rows(Lang::TypeScript, "run", "session", ts);
    assert_role(&rows, 1, "Run", "type_use", None);
    assert_role(&rows, 1, "RunStatus", "type_use", None);
    assert_role(&rows, 2, "RunRow", "type_use", None);
    assert_role(&rows, 2, "latestRun", "package_use", None);
    assert_role(&rows, 3, "sessions", "route", None);
    assert_role(&rows, 3, "runs", "route", None);
    assert_role(&rows, 4, "runs", "string_literal", None);
}

/// A class of the file named as a value is a type use.
#[test]
fn classes_of_the_file_named_as_values() {
    let ts = "export class PlanningRun {}\nregister(PlanningRun, { T: PlanningRun });\n";
    let rows = rows(Lang::TypeScript, "run", "session", ts);
    let line2: Vec<_> = rows
        .iter()
        .filter(|r| r.line == 2)
        .map(|r| r.role)
        .collect();
    assert_eq!(line2, ["type_use", "type_use"]);
}
