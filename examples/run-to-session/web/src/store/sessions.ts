// Which session the page shows, and the sessions seen so far. A tiny store:
// React components subscribe with useSyncExternalStore.
import type { TurnSnapshot } from "../api/types";

export interface SessionState {
  /** The open session, under its legacy name. */
  selectedRunId: string | null;
  knownSessions: string[];
}

type Listener = () => void;

let state: SessionState = { selectedRunId: null, knownSessions: [] };
const listeners = new Set<Listener>();

export function getState(): SessionState {
  return state;
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setState(next: SessionState): void {
  state = next;
  listeners.forEach((l) => l());
}

/** Opens a session, given its id (or its run id, the same string). */
export function selectRun(runId: string): void {
  const knownSessions = state.knownSessions.includes(runId)
    ? state.knownSessions
    : [...state.knownSessions, runId];
  setState({ selectedRunId: runId, knownSessions });
}

export function clearSelection(): void {
  setState({ ...state, selectedRunId: null });
}

/**
 * The sessions that own the given turns, in first-seen order. Named after
 * TurnStore.DistinctRuns on the server.
 */
export function DistinctRuns(turns: TurnSnapshot[]): string[] {
  return [...new Set(turns.map((t) => t.run_id))];
}

/** Remembers every session found in a page of turns. */
export function rememberSessions(turns: TurnSnapshot[]): void {
  const seen = new Set(state.knownSessions);
  const fresh = DistinctRuns(turns).filter((id) => !seen.has(id));
  if (fresh.length > 0) {
    setState({ ...state, knownSessions: [...state.knownSessions, ...fresh] });
  }
}
