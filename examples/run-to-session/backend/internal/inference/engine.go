// Package inference answers prompts. The model behind it is a stand-in that
// echoes; what matters to chatd is the shape of the calls.
package inference

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"example.com/chatd/internal/planning"
)

// Request is one prompt of a session with the turns before it.
type Request struct {
	SessionID string
	Prompt    string
	History   []string
}

// Runner runs inferences, at most one per CPU at a time.
type Runner struct {
	planner       *planning.Service
	slots         chan struct{}
	maxIterations int
	publish       func(topic string, msg any)
}

// NewRunner returns a runner that plans through planner. publish may be nil.
func NewRunner(planner *planning.Service, maxIterations int, publish func(string, any)) *Runner {
	if maxIterations < 1 {
		maxIterations = 1
	}
	return &Runner{
		planner:       planner,
		slots:         make(chan struct{}, runtime.NumCPU()),
		maxIterations: maxIterations,
		publish:       publish,
	}
}

// RunInference answers req.Prompt. Every answer goes through one planning
// run: plan, act, check, for at most maxIterations rounds. A cancelled
// prompt is not rerun here; the client sends it again.
func (r *Runner) RunInference(ctx context.Context, req Request) (string, error) {
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-r.slots }()

	run, err := r.planner.Start(ctx, req.SessionID, firstLine(req.Prompt))
	if err != nil {
		return "", fmt.Errorf("inference: %w", err)
	}
	answer, iterations := "", 0
	for iterations < r.maxIterations && ctx.Err() == nil {
		iterations++
		answer = draft(req, iterations)
		run.Iterations = iterations
		if r.publish != nil {
			r.publish("planning", run.Event(fmt.Sprintf("iteration %d", iterations)))
		}
		if utf8.RuneCountInString(answer) > 0 {
			break
		}
	}
	status := planning.StatusDone
	if ctx.Err() != nil {
		status = planning.StatusAbandoned
	}
	if err := r.planner.Finish(ctx, run.RunID, iterations, status); err != nil {
		return "", fmt.Errorf("inference: %w", err)
	}
	return answer, ctx.Err()
}

// draft is the stand-in model: it echoes the prompt.
func draft(req Request, iteration int) string {
	return fmt.Sprintf("(%d earlier turns, draft %d) you said: %s",
		len(req.History), iteration, strings.TrimSpace(req.Prompt))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
