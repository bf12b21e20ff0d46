// Planning runs are the plan-act-check cycles behind one answer; a session
// has many of them. Nothing in this file holds a session id under another
// name: runId is always the planning run's own id.
import type { PlanningRun, PlanningStatus } from "../api/types";
import type { PlanningEvent } from "../gen/events_pb";

export interface PlanningRunRow {
  runId: string;
  label: string;
  iterations: number;
  status: PlanningStatus;
}

const statusLabel: Record<PlanningStatus, string> = {
  running: "planning…",
  done: "done",
  abandoned: "stopped",
};

export function toRow(run: PlanningRun): PlanningRunRow {
  return {
    runId: run.run_id,
    label: `${run.goal} · ${statusLabel[run.status]}`,
    iterations: run.iterations,
    status: run.status,
  };
}

/** The most recently started planning run, if any. */
export function latestRun(runs: PlanningRun[]): PlanningRun | undefined {
  return runs.reduce<PlanningRun | undefined>(
    (latest, run) =>
      latest === undefined || run.started_at > latest.started_at ? run : latest,
    undefined,
  );
}

/** Updates the rows with a live planning event from the event bus. */
export function applyPlanningEvent(
  rows: PlanningRunRow[],
  ev: PlanningEvent,
): PlanningRunRow[] {
  const run = ev.run;
  if (!run) {
    return rows;
  }
  const row: PlanningRunRow = {
    runId: run.runId,
    label: `${run.goal} · ${ev.note}`,
    iterations: run.iterations,
    status: run.status as PlanningStatus,
  };
  const i = rows.findIndex((r) => r.runId === run.runId);
  return i < 0 ? [...rows, row] : rows.map((r, j) => (j === i ? row : r));
}
