// Shapes of the chatd API responses (see schema/docs/api.md).

export interface Turn {
  index: number;
  prompt: string;
  answer: string;
}

/** A stored turn, as listed by GET /api/turns. */
export interface TurnSnapshot extends Turn {
  conversation_id: string;
  /** Same value as session_id; kept for clients before 2.3. */
  run_id: string;
  session_id: string;
  created_at: string;
}

export type PlanningStatus = "running" | "done" | "abandoned";

/** One plan-act-check cycle behind an answer; run_id is its own id. */
export interface PlanningRun {
  run_id: string;
  session_id: string;
  goal: string;
  iterations: number;
  status: PlanningStatus;
  started_at: string;
  finished_at?: string;
}

export interface Conversation {
  conversation_id: string;
  run_id: string;
  session_id: string;
  running: boolean;
  turns: Turn[];
  planning_runs: PlanningRun[];
}

export interface PromptAccepted {
  conversation_id: string;
  run_id: string;
  session_id: string;
  status: "started";
}
