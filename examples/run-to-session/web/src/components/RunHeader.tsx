import type { Conversation } from "../api/types";
import { latestRun } from "../planning/planningRuns";

interface RunHeaderProps {
  conversation: Conversation;
  /** Sends the last prompt again; hidden while the session is answering. */
  onRerun?: () => void;
}

function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** Header of the chat pane: which run (session) is open, and its state. */
export function RunHeader({ conversation, onRerun }: RunHeaderProps) {
  const runId = conversation.run_id;
  const plan = latestRun(conversation.planning_runs);
  return (
    <header className="run-header" data-run-id={runId}>
      <h2 title={conversation.session_id}>Run {shortId(runId)}</h2>
      <span className="turn-count">{conversation.turns.length} turns</span>
      {conversation.running ? (
        <span className="badge badge-busy">answering…</span>
      ) : null}
      {plan ? (
        <span className="planning-hint">
          planning: {plan.goal} ({plan.iterations} iterations, {plan.status})
        </span>
      ) : null}
      {onRerun && !conversation.running ? (
        <button type="button" onClick={onRerun}>
          Send the last prompt again
        </button>
      ) : null}
    </header>
  );
}
