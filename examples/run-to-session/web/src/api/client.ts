// Thin client for the chatd API. `npm run dev` proxies /api to a chatd
// started with `go run ./cmd/chatd`; `npm run build` type-checks first.
import type {
  Conversation,
  PlanningRun,
  PromptAccepted,
  TurnSnapshot,
} from "./types";

export const SESSION_ID_PARAM = "sessionId";
/** Legacy name of SESSION_ID_PARAM: links shared before 2.3 carry it. */
export const RUN_ID_PARAM = "runId";

/** Client-side routes. The legacy one opens the same session view. */
export const routes = {
  session: "/sessions/:sessionId",
  legacyRun: "/runs/:runId",
  planningRun: "/planning/runs/:planningRunId",
} as const;

/** The session a page URL points at, from ?sessionId= or the legacy ?runId=. */
export function sessionIdFromUrl(url: URL): string | null {
  const params = url.searchParams;
  return params.get(SESSION_ID_PARAM) ?? params.get("runId");
}

/** Matches /sessions/:sessionId and /runs/:runId; returns the session id. */
export function sessionIdFromPath(path: string): string | null {
  const m = /^\/(?:sessions|runs)\/([^/]+)$/.exec(path);
  return m ? decodeURIComponent(m[1]) : null;
}

async function getJSON<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) {
    const body = await res.json().catch(() => ({ error: res.statusText }));
    throw new Error(`${init?.method ?? "GET"} ${url}: ${body.error}`);
  }
  return (await res.json()) as T;
}

export function fetchConversation(runId: string): Promise<Conversation> {
  return getJSON<Conversation>(`/api/runs/${encodeURIComponent(runId)}`);
}

export function sendPrompt(
  sessionId: string,
  prompt: string,
): Promise<PromptAccepted> {
  return getJSON<PromptAccepted>(
    `/api/sessions/${encodeURIComponent(sessionId)}/prompts`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ prompt }),
    },
  );
}

export async function listTurns(
  runId: string,
  limit = 50,
): Promise<TurnSnapshot[]> {
  const body = await getJSON<{ turns: TurnSnapshot[] }>(
    `/api/turns?run_id=${encodeURIComponent(runId)}&limit=${limit}`,
  );
  return body.turns ?? [];
}

/** The planning runs of a session, oldest first. */
export async function listPlanningRuns(
  sessionId: string,
): Promise<PlanningRun[]> {
  const body = await getJSON<{ runs: PlanningRun[] }>(
    `/api/planning/runs?session_id=${encodeURIComponent(sessionId)}`,
  );
  return body.runs;
}
