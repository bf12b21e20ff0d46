//! Roles of hits in Protocol Buffers.

mod common;

use common::{assert_role, rows};
use termshift::syntax::Lang;

const PROTO: &str = r#"syntax = "proto3";
package sem.middleware.runs;
import "sem/base/runs.proto";
option go_package = "example.com/pb/runs";

// PlanningRun is one run of the planner.
message PlanningRun {
  string run_id = 1;
  map<string, string> run_labels = 2;
  message RunStep { int32 run_index = 1; }
  oneof run_state { string run_error = 3; }
  RunStatus status = 4;
}
enum RunStatus {
  RUN_STATUS_UNSPECIFIED = 0;
}
service RunService {
  rpc StartRun(StartRunRequest) returns (PlanningRun);
}
"#;

#[test]
fn messages_fields_enums_and_services() {
    let rows = rows(Lang::Proto, "run", "session", PROTO);
    assert_role(&rows, 2, "runs", "package_declaration", None);
    assert_role(&rows, 3, "runs", "package_use", None);
    assert_role(&rows, 4, "runs", "string_literal", None);
    assert_role(&rows, 6, "run", "comment", Some("PlanningRun"));
    assert_role(
        &rows,
        7,
        "PlanningRun",
        "proto_message",
        Some("PlanningRun"),
    );
    assert_role(
        &rows,
        8,
        "run_id",
        "proto_field",
        Some("PlanningRun.run_id"),
    );
    assert_role(
        &rows,
        9,
        "run_labels",
        "proto_field",
        Some("PlanningRun.run_labels"),
    );
    assert_role(
        &rows,
        10,
        "RunStep",
        "proto_message",
        Some("PlanningRun.RunStep"),
    );
    assert_role(
        &rows,
        10,
        "run_index",
        "proto_field",
        Some("PlanningRun.RunStep.run_index"),
    );
    assert_role(
        &rows,
        11,
        "run_state",
        "proto_field",
        Some("PlanningRun.run_state"),
    );
    assert_role(
        &rows,
        11,
        "run_error",
        "proto_field",
        Some("PlanningRun.run_state.run_error"),
    );
    assert_role(
        &rows,
        12,
        "RunStatus",
        "type_use",
        Some("PlanningRun.status"),
    );
    assert_role(&rows, 14, "RunStatus", "proto_enum", Some("RunStatus"));
    assert_role(
        &rows,
        15,
        "RUN_STATUS_UNSPECIFIED",
        "proto_enum",
        Some("RunStatus.RUN_STATUS_UNSPECIFIED"),
    );
    assert_role(&rows, 17, "RunService", "proto_service", Some("RunService"));
    assert_role(
        &rows,
        18,
        "StartRun",
        "proto_service",
        Some("RunService.StartRun"),
    );
    assert_role(&rows, 18, "StartRunRequest", "type_use", None);
}

#[test]
fn a_field_typed_by_the_word_is_a_type_use_and_a_field() {
    let rows = rows(
        Lang::Proto,
        "run",
        "session",
        "message Step {\n  PlanningRun run = 2;\n}\n",
    );
    assert_role(&rows, 2, "PlanningRun", "type_use", Some("Step.run"));
    assert_role(&rows, 2, "run", "proto_field", Some("Step.run"));
}
