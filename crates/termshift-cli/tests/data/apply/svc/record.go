// Package svc keeps the records of chat sessions.
package svc

import "fmt"

// Record is one stored record of a session.
type Record struct {
	ID        string `json:"id"`
	SessionID string `json:"session_id"`
	// RunID is the legacy name of SessionID; old clients read it.
	RunID string `json:"run_id"`
	Count int    `json:"count"`
}

// NewRecord makes the record of a session.
func NewRecord(id, sessionID string) Record {
	return Record{
		ID:        id,
		SessionID: sessionID,
		RunID:     sessionID,
	}
}

// Fields are the log fields of a record.
func Fields(r Record) map[string]string {
	return map[string]string{
		"session_id": r.SessionID,
		"run_id":     r.SessionID,
	}
}

// Describe names the session of a record.
func Describe(r Record) string {
	runID := r.RunID
	return fmt.Sprintf("record of %s", runID)
}

// Lookup finds the record of a session.
func Lookup(records []Record, sessionID string) (Record, bool) {
	for _, r := range records {
		if r.RunID == sessionID || r.SessionID == sessionID {
			return r, true
		}
	}
	return Record{}, false
}

// Normalize fills the session of a record an old client wrote.
func Normalize(r Record) Record {
	if r.SessionID == "" {
		r.SessionID = r.RunID
	}
	return r
}
