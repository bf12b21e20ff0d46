// The wire form of a record, as the service sends it.
export interface WireRecord {
  sessionId: string;
  runId: string;
}

export function toWire(sessionId: string): WireRecord {
  return { sessionId: sessionId, runId: sessionId };
}

export function sessionOf(record: WireRecord): string {
  return record.sessionId ?? record.runId;
}
