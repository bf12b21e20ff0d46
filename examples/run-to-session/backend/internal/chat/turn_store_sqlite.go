package chat

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SQLiteTurnStore keeps turns in the turns table of schema/migrations. The
// session column is still named run_id; session_id is filled beside it.
type SQLiteTurnStore struct {
	db *sql.DB
}

const createTurns = `CREATE TABLE IF NOT EXISTS turns (
	conversation_id TEXT NOT NULL,
	run_id TEXT NOT NULL,
	session_id TEXT,
	idx INTEGER NOT NULL,
	prompt TEXT NOT NULL,
	answer TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (conversation_id, idx)
)`

const createTurnsByRun = `CREATE INDEX IF NOT EXISTS turns_by_run ON turns(run_id)`

const insertTurn = `INSERT INTO turns (conversation_id, run_id, session_id, idx, prompt, answer, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?)`

const selectTurnsByRun = `SELECT conversation_id, run_id, session_id, idx, prompt, answer, created_at
FROM turns WHERE run_id = ? ORDER BY created_at DESC LIMIT ?`

const selectLatestTurns = `SELECT conversation_id, run_id, session_id, idx, prompt, answer, created_at
FROM turns ORDER BY created_at DESC LIMIT ?`

// NewSQLiteTurnStore creates the table and index when they are missing. The
// caller opens db with the driver of its choice.
func NewSQLiteTurnStore(ctx context.Context, db *sql.DB) (*SQLiteTurnStore, error) {
	for _, stmt := range []string{createTurns, createTurnsByRun} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("turn store: %w", err)
		}
	}
	return &SQLiteTurnStore{db: db}, nil
}

// Save inserts snap.
func (s *SQLiteTurnStore) Save(ctx context.Context, snap TurnSnapshot) error {
	_, err := s.db.ExecContext(ctx, insertTurn,
		snap.ConversationID, snap.RunID, snap.SessionID, snap.Index,
		snap.Prompt, snap.Answer, snap.CreatedAt.Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("save turn %d of run %s: %w", snap.Index, snap.RunID, err)
	}
	return nil
}

// List returns the turns matching q, newest first.
func (s *SQLiteTurnStore) List(ctx context.Context, q TurnQuery) ([]TurnSnapshot, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	var rows *sql.Rows
	var err error
	if q.RunID != "" {
		rows, err = s.db.QueryContext(ctx, selectTurnsByRun, q.RunID, limit)
	} else {
		rows, err = s.db.QueryContext(ctx, selectLatestTurns, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("list turns: %w", err)
	}
	defer rows.Close()
	var out []TurnSnapshot
	for rows.Next() {
		var snap TurnSnapshot
		var sessionID sql.NullString
		var created string
		err := rows.Scan(&snap.ConversationID, &snap.RunID, &sessionID, &snap.Index,
			&snap.Prompt, &snap.Answer, &created)
		if err != nil {
			return nil, fmt.Errorf("list turns: %w", err)
		}
		// Rows written before migration 003 have no session_id; the run id
		// is the same value.
		snap.SessionID = snap.RunID
		if sessionID.Valid {
			snap.SessionID = sessionID.String
		}
		snap.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, snap)
	}
	return out, rows.Err()
}

// DistinctRuns returns the session ids of the stored turns, sorted.
func (s *SQLiteTurnStore) DistinctRuns(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT run_id FROM turns ORDER BY run_id")
	if err != nil {
		return nil, fmt.Errorf("distinct runs: %w", err)
	}
	defer rows.Close()
	var runs []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		runs = append(runs, id)
	}
	return runs, rows.Err()
}
