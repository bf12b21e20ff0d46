package chat

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"example.com/chatd/internal/inference"
	"example.com/chatd/internal/logx"
	"example.com/chatd/internal/planning"
)

// Prefixes of the session endpoints. HTTPRunURL is the legacy one: the
// dashboard before 2.3 still calls it, and it serves the same handlers.
const (
	HTTPSessionURL = "/api/sessions/"
	HTTPRunURL     = "/api/runs/"
)

// Router serves the chat API.
type Router struct {
	conversations *Registry
	store         TurnStore
	planner       *planning.Service
	runner        *inference.Runner
	log           logx.Logger
	newID         func() string
	timeout       time.Duration
	publish       func(topic string, msg any)
	inflight      sync.WaitGroup
}

// Options configure a Router.
type Options struct {
	Store   TurnStore
	Planner *planning.Service
	Runner  *inference.Runner
	Log     logx.Logger
	NewID   func() string
	Timeout time.Duration
	Publish func(topic string, msg any)
}

// NewRouter returns a router over a fresh registry.
func NewRouter(o Options) *Router {
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
	}
	return &Router{
		conversations: NewRegistry(),
		store:         o.Store,
		planner:       o.Planner,
		runner:        o.Runner,
		log:           o.Log,
		newID:         o.NewID,
		timeout:       o.Timeout,
		publish:       o.Publish,
	}
}

// Conversations returns the registry, for the idle pruner.
func (rt *Router) Conversations() *Registry { return rt.conversations }

// Handler returns the HTTP handler with every route.
func (rt *Router) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/sessions/{sessionId}/prompts", rt.handlePrompt)
	mux.HandleFunc("POST /api/runs/{runId}/prompts", rt.handlePrompt)
	mux.HandleFunc("GET /api/sessions/{sessionId}", rt.handleConversation)
	mux.HandleFunc("GET /api/runs/{runId}", rt.handleConversation)
	mux.HandleFunc("GET /api/turns", rt.handleTurns)
	mux.HandleFunc("GET /api/planning/runs", rt.handlePlanningRuns)
	mux.HandleFunc("GET /api/planning/runs/{planningRunId}", rt.handlePlanningRun)
	return mux
}

// sessionParam reads the session id of a request: the {sessionId} wildcard,
// else the {runId} wildcard of the legacy routes, else the X-Session-Id or
// X-Run-Id header.
func sessionParam(r *http.Request) string {
	for _, id := range []string{
		pathValue(r, "sessionId"),
		pathValue(r, "runId"),
		r.Header.Get("X-Session-Id"),
		r.Header.Get("X-Run-Id"),
	} {
		if id != "" {
			return id
		}
	}
	return ""
}

func (rt *Router) handlePrompt(w http.ResponseWriter, r *http.Request) {
	sessionID := sessionParam(r)
	var body struct {
		Prompt string `json:"prompt"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Prompt == "" {
		writeError(w, http.StatusBadRequest, "prompt is required")
		return
	}
	conv := rt.conversations.Open(sessionID, rt.newID, time.Now().UTC())
	if err := rt.startRunForPrompt(r.Context(), conv, body.Prompt); err != nil {
		if errors.Is(err, errBusy) {
			writeError(w, http.StatusConflict, "a prompt is already running in this session")
			return
		}
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{
		"conversation_id": conv.ID,
		"run_id":          conv.RunID,
		"session_id":      conv.SessionID,
		"status":          "started",
	})
}

// startRunForPrompt starts answering prompt in the session of conv and
// returns at once; it returns errBusy when the session is still answering.
func (rt *Router) startRunForPrompt(ctx context.Context, conv *Conversation, prompt string) error {
	inferCtx, cancel := context.WithTimeout(detached(ctx), rt.timeout)
	if !conv.begin(cancel, time.Now().UTC()) {
		cancel()
		return errBusy
	}
	rt.log.Info().
		Str("run_id", conv.RunID).
		Str("session_id", conv.SessionID).
		Str("prompt", truncate(prompt, 80)).
		Msg("prompt accepted for run")
	rt.inflight.Add(1)
	go rt.RunLoop(inferCtx, conv, prompt)
	return nil
}

// RunLoop answers one prompt and stores the turn. It runs on its own
// goroutine; the conversation stays busy until it returns.
func (rt *Router) RunLoop(ctx context.Context, conv *Conversation, prompt string) {
	defer rt.inflight.Done()
	id := conv.RunID
	var history []string
	for _, t := range conv.Turns() {
		history = append(history, t.Prompt, t.Answer)
	}
	answer, err := rt.runner.RunInference(ctx, inference.Request{
		SessionID: conv.SessionID,
		Prompt:    prompt,
		History:   history,
	})
	now := time.Now().UTC()
	if err != nil {
		conv.finish(prompt, "", false, now)
		rt.log.Error().Err(err).Str("run_id", id).Msg("inference failed")
		return
	}
	turn := conv.finish(prompt, answer, true, now)
	snap := snapshotOf(conv, turn, now)
	if err := rt.store.Save(detached(ctx), snap); err != nil {
		rt.log.Error().Err(err).Str("run_id", id).Int("turn", turn.Index).Msg("turn not stored")
		return
	}
	if rt.publish != nil {
		rt.publish("turns", TurnEvent(snap))
	}
}

// wait blocks until every started prompt has been answered.
func (rt *Router) wait() { rt.inflight.Wait() }

func (rt *Router) handleConversation(w http.ResponseWriter, r *http.Request) {
	id := sessionParam(r)
	conv, ok := rt.conversations.Get(id)
	if !ok {
		writeError(w, http.StatusNotFound, "unknown run "+id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"conversation_id": conv.ID,
		"run_id":          conv.RunID,
		"session_id":      conv.SessionID,
		"running":         conv.Running(),
		"turns":           conv.Turns(),
		"planning_runs":   rt.planner.RunsForSession(conv.SessionID),
	})
}

// handleTurns lists stored turns. ?session_id= filters by session and
// ?run_id= is the same filter under its legacy name.
func (rt *Router) handleTurns(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	sessionID := query.Get("session_id")
	if sessionID == "" {
		sessionID = query.Get("run_id")
	}
	q := TurnQuery{RunID: sessionID, Limit: 50}
	if s := query.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "limit must be a positive integer")
			return
		}
		q.Limit = n
	}
	turns, err := rt.store.List(r.Context(), q)
	if err != nil {
		rt.log.Error().Err(err).Str("run_id", sessionID).Msg("list turns")
		writeError(w, http.StatusInternalServerError, "could not list turns")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"run_id":     sessionID,
		"session_id": sessionID,
		"turns":      turns,
	})
}

// handlePlanningRuns lists the planning runs of one session.
func (rt *Router) handlePlanningRuns(w http.ResponseWriter, r *http.Request) {
	sessionID := r.URL.Query().Get("session_id")
	if sessionID == "" {
		writeError(w, http.StatusBadRequest, "session_id is required")
		return
	}
	runs := rt.planner.RunsForSession(sessionID)
	writeJSON(w, http.StatusOK, map[string]any{"session_id": sessionID, "runs": runs})
}

// handlePlanningRun returns one planning run by its own id.
func (rt *Router) handlePlanningRun(w http.ResponseWriter, r *http.Request) {
	run, ok := rt.planner.Get(pathValue(r, "planningRunId"))
	if !ok {
		writeError(w, http.StatusNotFound, "no such planning run")
		return
	}
	writeJSON(w, http.StatusOK, run)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// pathValue reads the {name} wildcard of the route that matched r; the
// server's mux wrapper puts wildcards in the request's form as ":name".
func pathValue(r *http.Request, name string) string {
	return r.FormValue(":" + name)
}

// detached carries ctx's values but never its cancellation, for work that
// must finish after the request that started it.
func detached(ctx context.Context) context.Context { return valuesOnly{ctx} }

type valuesOnly struct{ context.Context }

func (valuesOnly) Deadline() (time.Time, bool) { return time.Time{}, false }
func (valuesOnly) Done() <-chan struct{}       { return nil }
func (valuesOnly) Err() error                  { return nil }
