//! Roles of hits in Go, including SQL inside string literals.

mod common;

use common::{assert_role, rows};
use termshift::syntax::Lang;

const SOURCE: &str = r#"package webchat

import (
	"net/http"

	"example.com/chatd/internal/cmds/run"
)

// Conversation holds the run state.
type Conversation struct {
	RunID     string `json:"run_id,omitempty" doc:"legacy run"`
	SessionID string
}

func NewConversation(runID string) *Conversation {
	return &Conversation{RunID: runID}
}

func (r *Router) startRunForPrompt(c *Conversation, w http.ResponseWriter, req *http.Request) {
	runID := req.URL.Query().Get("run_id")
	sessionID := c.RunID
	r.log.Info().Str("run_id", c.RunID).Msg("starting run loop")
	resp := map[string]any{"run_id": c.RunID, "session_id": sessionID}
	q := `CREATE TABLE IF NOT EXISTS turns (conv_id TEXT, run_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS turns_by_run ON turns(run_id);`
	_, _ = r.db.Exec("INSERT INTO turns(conv_id, run_id) VALUES (?, ?)", c.ID, c.RunID)
	http.Get("/api/runs/" + runID + "?run_id=1")
	run.Execute(resp, q)
	r.RunLoop()
}

type RunStore interface {
	LoadRun(id string) error
}
"#;

#[test]
fn declarations_and_uses() {
    let rows = rows(Lang::Go, "run", "session", SOURCE);
    assert_role(&rows, 6, "run", "package_use", None);
    assert_role(&rows, 9, "run", "comment", Some("Conversation"));
    assert_role(
        &rows,
        11,
        "RunID",
        "field_declaration",
        Some("Conversation.RunID"),
    );
    assert_role(
        &rows,
        12,
        "SessionID",
        "field_declaration",
        Some("Conversation.SessionID"),
    );
    assert_role(
        &rows,
        15,
        "runID",
        "parameter_declaration",
        Some("NewConversation"),
    );
    assert_role(&rows, 16, "RunID", "field_use", Some("NewConversation"));
    assert_role(&rows, 16, "runID", "parameter_use", None);
    assert_role(
        &rows,
        19,
        "startRunForPrompt",
        "method_declaration",
        Some("Router.startRunForPrompt"),
    );
    assert_role(
        &rows,
        20,
        "runID",
        "variable_declaration",
        Some("Router.startRunForPrompt"),
    );
    assert_role(&rows, 21, "sessionID", "variable_declaration", None);
    assert_role(&rows, 21, "RunID", "field_use", None);
    assert_role(&rows, 27, "runID", "variable_use", None);
    assert_role(&rows, 28, "run", "package_use", None);
    assert_role(&rows, 29, "RunLoop", "method_use", None);
    assert_role(&rows, 32, "RunStore", "type_declaration", Some("RunStore"));
    assert_role(
        &rows,
        33,
        "LoadRun",
        "method_declaration",
        Some("RunStore.LoadRun"),
    );
}

#[test]
fn tags_keys_logs_and_http() {
    let rows = rows(Lang::Go, "run", "session", SOURCE);
    let tag: Vec<_> = rows
        .iter()
        .filter(|r| r.line == 11 && r.role.starts_with("struct_tag"))
        .collect();
    assert_eq!(tag.len(), 2, "{tag:?}");
    assert_eq!(
        (tag[0].text.as_str(), tag[0].role),
        ("run_id", "struct_tag_key")
    );
    assert_eq!((tag[1].text.as_str(), tag[1].role), ("run", "struct_tag"));
    assert_role(&rows, 20, "run_id", "query_param", None);
    assert_role(&rows, 22, "run_id", "log_key", None);
    assert_role(&rows, 22, "run", "log_message", None);
    assert_role(&rows, 23, "run_id", "object_key", None);
    assert_role(&rows, 23, "session_id", "object_key", None);
    assert_role(&rows, 27, "runs", "route", None);
    assert_role(&rows, 27, "run_id", "query_param", None);
}

#[test]
fn sql_inside_strings_is_parsed_as_sql() {
    let rows = rows(Lang::Go, "run", "session", SOURCE);
    let column = common::role_at(&rows, 24, "run_id");
    assert_eq!((column.role, column.lang), ("sql_column", "sql"));
    assert_eq!(column.symbol.as_deref(), Some("turns.run_id"));
    assert_role(
        &rows,
        25,
        "turns_by_run",
        "sql_index",
        Some("turns.turns_by_run"),
    );
    assert_role(&rows, 26, "run_id", "sql_column", Some("turns.run_id"));
}

#[test]
fn sql_split_over_joined_strings() {
    let source = "package x\n\nconst q = \"SELECT run_id, note \" +\n\t\"FROM turns WHERE run_id = ?\"\n\nvar msg = \"run \" + \"done\"\n";
    let rows = rows(Lang::Go, "run", "session", source);
    let column = common::role_at(&rows, 3, "run_id");
    assert_eq!((column.role, column.lang), ("sql_column", "sql"));
    assert_role(&rows, 4, "run_id", "sql_column", Some("turns.run_id"));
    assert_role(&rows, 6, "run", "string_literal", None);
}

/// A string index reads a map by key, and so does a header read.
#[test]
fn map_and_header_reads_are_keys() {
    let source = "package x\n\nfunc f(w http.ResponseWriter, r *http.Request) {\n\tid := r.Header.Get(\"X-Run-Id\")\n\tw.Header().Set(\"X-Run-Id\", id)\n\tfirst := got[\"run_id\"]\n}\n";
    let rows = rows(Lang::Go, "run", "session", source);
    assert_role(&rows, 4, "X-Run-Id", "object_key", None);
    assert_role(&rows, 5, "X-Run-Id", "object_key", None);
    assert_role(&rows, 6, "run_id", "object_key", None);
}

/// The `name=` and `json=` options of a protobuf tag name the field too.
#[test]
fn protobuf_tags_name_their_keys() {
    let source = "package x\n\ntype TurnEvent struct {\n\tRunId string `protobuf:\"bytes,3,opt,name=run_id,json=runId,proto3\" json:\"run_id,omitempty\" doc:\"a run,x\"`\n}\n";
    let rows = rows(Lang::Go, "run", "session", source);
    let tag: Vec<_> = rows
        .iter()
        .filter(|r| r.role.starts_with("struct_tag"))
        .map(|r| (r.text.as_str(), r.role))
        .collect();
    assert_eq!(
        tag,
        [
            ("run_id", "struct_tag_key"),
            ("runId", "struct_tag_key"),
            ("run_id", "struct_tag_key"),
            ("run", "struct_tag"),
        ]
    );
}

/// A method of the file passed as a value is a method use; a field of
/// another spelling stays a field.
#[test]
fn method_values_are_method_uses() {
    let source = r#"package x

func (rt *Router) handleRuns(w http.ResponseWriter, r *http.Request) {
	rt.runs = append(rt.runs, r)
}

func (rt *Router) Handler() {
	mux.HandleFunc("GET /api/runs", rt.handleRuns)
}
"#;
    let rows = rows(Lang::Go, "run", "session", source);
    assert_role(&rows, 4, "runs", "field_use", None);
    assert_role(&rows, 8, "handleRuns", "method_use", Some("Router.Handler"));
}

/// Every key of a key/value log call is a log key, not only the first.
#[test]
fn every_key_of_a_key_value_log_call() {
    let source = "package x\n\nfunc f() {\n\tlogger.Info(\"start\", \"run_id\", id, \"session_id\", s, \"run_name\", n)\n}\n";
    let rows = rows(Lang::Go, "run", "session", source);
    let keys: Vec<_> = rows.iter().map(|r| (r.text.as_str(), r.role)).collect();
    assert_eq!(
        keys,
        [
            ("run_id", "log_key"),
            ("session_id", "log_key"),
            ("run_name", "log_key"),
        ]
    );
}

#[test]
fn a_string_argument_naming_a_route_placeholder_reads_it() {
    let source = r#"package api

const legacyName = "runId"

func routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/runs/{runId}", show)
}

func show(w http.ResponseWriter, r *http.Request) {
	id := wildcard(r, "runId")
	_ = id
}
"#;
    let rows = rows(Lang::Go, "run", "session", source);
    assert_role(&rows, 10, "runId", "route", None);
    // A constant holding the name reads nothing.
    assert_role(&rows, 3, "runId", "string_literal", None);
}
