package chat

import (
	"context"
	"sort"
	"sync"
	"time"
)

// TurnSnapshot is a turn as stored, with the session it belongs to.
type TurnSnapshot struct {
	ConversationID string    `json:"conversation_id"`
	SessionID      string    `json:"session_id"`
	RunID          string    `json:"run_id"` // legacy copy of SessionID, written to turns.run_id
	Index          int       `json:"index"`
	Prompt         string    `json:"prompt"`
	Answer         string    `json:"answer"`
	CreatedAt      time.Time `json:"created_at"`
}

// TurnQuery selects stored turns. RunID filters by session (the column is
// still called run_id); an empty RunID selects the latest turns of all runs.
type TurnQuery struct {
	RunID string
	Limit int
}

// TurnStore persists turns.
type TurnStore interface {
	Save(ctx context.Context, snap TurnSnapshot) error
	List(ctx context.Context, q TurnQuery) ([]TurnSnapshot, error)
	// DistinctRuns returns every session id that has stored turns.
	DistinctRuns(ctx context.Context) ([]string, error)
}

// snapshotOf builds the snapshot of turn t of conv.
func snapshotOf(conv *Conversation, t Turn, now time.Time) TurnSnapshot {
	return TurnSnapshot{
		ConversationID: conv.ID,
		SessionID:      conv.SessionID,
		RunID:          conv.RunID,
		Index:          t.Index,
		Prompt:         t.Prompt,
		Answer:         t.Answer,
		CreatedAt:      now,
	}
}

// MemoryTurnStore keeps turns in memory. chatd uses it when no database
// driver is configured, and the tests use it.
type MemoryTurnStore struct {
	mu    sync.Mutex
	turns []TurnSnapshot
}

// Save appends snap.
func (m *MemoryTurnStore) Save(_ context.Context, snap TurnSnapshot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.turns = append(m.turns, snap)
	return nil
}

// List returns the turns matching q, newest first.
func (m *MemoryTurnStore) List(_ context.Context, q TurnQuery) ([]TurnSnapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []TurnSnapshot
	for i := len(m.turns) - 1; i >= 0; i-- {
		if q.RunID != "" && m.turns[i].RunID != q.RunID {
			continue
		}
		out = append(out, m.turns[i])
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

// DistinctRuns returns the session ids of the stored turns, sorted.
func (m *MemoryTurnStore) DistinctRuns(_ context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := make(map[string]bool)
	var runs []string
	for _, t := range m.turns {
		if !seen[t.RunID] {
			seen[t.RunID] = true
			runs = append(runs, t.RunID)
		}
	}
	sort.Strings(runs)
	return runs, nil
}

// truncate shortens s to at most n runes, for log lines.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
