// Package planning records planning runs: the plan-act-check cycles the
// assistant goes through while it answers one prompt. A session has many
// planning runs; a planning run is never a session, and its id is its own.
package planning

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
	"time"

	"example.com/chatd/pb"
)

// Status is the state of a planning run.
type Status string

// The states a planning run goes through.
const (
	StatusRunning   Status = "running"
	StatusDone      Status = "done"
	StatusAbandoned Status = "abandoned"
)

// PlanningRun is one planning cycle. SessionID says which session asked for
// it; RunID identifies the cycle itself.
type PlanningRun struct {
	RunID      string     `json:"run_id"`
	SessionID  string     `json:"session_id"`
	Goal       string     `json:"goal"`
	Iterations int        `json:"iterations"`
	Status     Status     `json:"status"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

const insertPlanningRun = `INSERT INTO planning_runs (run_id, session_id, goal, iterations, status, started_at)
VALUES (?, ?, ?, 0, 'running', ?)`

const finishPlanningRun = `UPDATE planning_runs SET iterations = ?, status = ?, finished_at = ?
WHERE run_id = ?`

// Service keeps planning runs in memory and, when it has a database, in the
// planning_runs table.
type Service struct {
	mu    sync.Mutex
	runs  map[string]*PlanningRun
	db    *sql.DB
	newID func() string
}

// NewService returns a service; db may be nil.
func NewService(db *sql.DB, newID func() string) *Service {
	return &Service{runs: make(map[string]*PlanningRun), db: db, newID: newID}
}

// Start opens a planning run for a session.
func (s *Service) Start(ctx context.Context, sessionID, goal string) (PlanningRun, error) {
	run := &PlanningRun{
		RunID:     "plan-" + s.newID(),
		SessionID: sessionID,
		Goal:      goal,
		Status:    StatusRunning,
		StartedAt: time.Now().UTC(),
	}
	if s.db != nil {
		_, err := s.db.ExecContext(ctx, insertPlanningRun,
			run.RunID, run.SessionID, run.Goal, run.StartedAt.Format(time.RFC3339Nano))
		if err != nil {
			return PlanningRun{}, fmt.Errorf("start planning run: %w", err)
		}
	}
	s.mu.Lock()
	s.runs[run.RunID] = run
	s.mu.Unlock()
	return *run, nil
}

// Finish closes the planning run runID with its iteration count.
func (s *Service) Finish(ctx context.Context, runID string, iterations int, status Status) error {
	s.mu.Lock()
	run, ok := s.runs[runID]
	if ok {
		now := time.Now().UTC()
		run.Iterations, run.Status, run.FinishedAt = iterations, status, &now
	}
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("finish planning run: unknown run %q", runID)
	}
	if s.db == nil {
		return nil
	}
	_, err := s.db.ExecContext(detached(ctx), finishPlanningRun,
		iterations, string(status), run.FinishedAt.Format(time.RFC3339Nano), runID)
	return err
}

// Get returns the planning run runID.
func (s *Service) Get(runID string) (PlanningRun, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run, ok := s.runs[runID]
	if !ok {
		return PlanningRun{}, false
	}
	return *run, true
}

// RunsForSession returns the planning runs of a session, oldest first.
func (s *Service) RunsForSession(sessionID string) []PlanningRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	runs := []PlanningRun{}
	for _, run := range s.runs {
		if run.SessionID == sessionID {
			runs = append(runs, *run)
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].StartedAt.Before(runs[j].StartedAt) })
	return runs
}

// Event is the wire form of the planning run, published with a note on
// each iteration.
func (r PlanningRun) Event(note string) *pb.PlanningEvent {
	return &pb.PlanningEvent{
		Run: &pb.PlanningRun{
			RunId:      r.RunID,
			SessionId:  r.SessionID,
			Goal:       r.Goal,
			Iterations: int32(r.Iterations),
			Status:     string(r.Status),
		},
		Note: note,
	}
}

// detached carries ctx's values but never its cancellation, so a plan is
// recorded as finished even when its request is gone.
func detached(ctx context.Context) context.Context { return valuesOnly{ctx} }

type valuesOnly struct{ context.Context }

func (valuesOnly) Deadline() (time.Time, bool) { return time.Time{}, false }
func (valuesOnly) Done() <-chan struct{}       { return nil }
func (valuesOnly) Err() error                  { return nil }
