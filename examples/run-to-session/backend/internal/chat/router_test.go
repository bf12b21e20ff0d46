package chat

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"example.com/chatd/internal/inference"
	"example.com/chatd/internal/logx"
	"example.com/chatd/internal/planning"
)

// newTestRouter wires a router over in-memory stores. Run the tests with
// `go test ./internal/chat -run Router` or `go test ./...`.
func newTestRouter(t *testing.T) (*Router, *httptest.Server) {
	t.Helper()
	var n atomic.Int64
	newID := func() string { return fmt.Sprintf("id-%d", n.Add(1)) }
	planner := planning.NewService(nil, newID)
	rt := NewRouter(Options{
		Store:   &MemoryTurnStore{},
		Planner: planner,
		Runner:  inference.NewRunner(planner, 2, nil),
		Log:     logx.New(io.Discard),
		NewID:   newID,
	})
	srv := httptest.NewServer(rt.Handler())
	t.Cleanup(srv.Close)
	return rt, srv
}

func call(t *testing.T, srv *httptest.Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return res.StatusCode, out
}

type routeCase struct {
	name   string
	method string
	path   string
	body   string
	status int
	want   map[string]any
}

// runTests runs each case as a subtest against srv.
func runTests(t *testing.T, srv *httptest.Server, cases []routeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, got := call(t, srv, c.method, c.path, c.body)
			if status != c.status {
				t.Fatalf("status %d, want %d (%v)", status, c.status, got)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
}

func TestPromptRespondsWithRunIDAndSessionID(t *testing.T) {
	rt, srv := newTestRouter(t)
	runTests(t, srv, []routeCase{
		{
			name: "session route", method: "POST", path: "/api/sessions/s-1/prompts",
			body: `{"prompt":"hello"}`, status: http.StatusAccepted,
			want: map[string]any{"session_id": "s-1", "run_id": "s-1"},
		},
		{
			name: "empty prompt", method: "POST", path: "/api/sessions/s-1/prompts",
			body: `{"prompt":""}`, status: http.StatusBadRequest,
		},
	})
	rt.wait()
}

func TestLegacyRunRouteServesTheSameConversation(t *testing.T) {
	rt, srv := newTestRouter(t)
	sessionRunID := "s-42"
	status, _ := call(t, srv, "POST", "/api/runs/"+sessionRunID+"/prompts", `{"prompt":"hi"}`)
	if status != http.StatusAccepted {
		t.Fatalf("status %d", status)
	}
	rt.wait()
	_, viaSession := call(t, srv, "GET", "/api/sessions/"+sessionRunID, "")
	_, viaRun := call(t, srv, "GET", "/api/runs/"+sessionRunID, "")
	if viaSession["conversation_id"] != viaRun["conversation_id"] {
		t.Fatalf("two conversations: %v and %v", viaSession, viaRun)
	}
	if turns := viaRun["turns"].([]any); len(turns) != 1 {
		t.Fatalf("got %d turns, want 1", len(turns))
	}
}

func TestTurnsAcceptRunIDParam(t *testing.T) {
	rt, srv := newTestRouter(t)
	call(t, srv, "POST", "/api/sessions/s-7/prompts", `{"prompt":"one"}`)
	rt.wait()
	for _, path := range []string{"/api/turns?session_id=s-7", "/api/turns?run_id=s-7"} {
		_, got := call(t, srv, "GET", path, "")
		if turns := got["turns"].([]any); len(turns) != 1 {
			t.Errorf("%s: got %d turns, want 1", path, len(turns))
		}
	}
}

func TestPlanningRunsAreListedPerSession(t *testing.T) {
	rt, srv := newTestRouter(t)
	call(t, srv, "POST", "/api/sessions/s-9/prompts", `{"prompt":"plan a trip"}`)
	rt.wait()
	call(t, srv, "POST", "/api/sessions/s-9/prompts", `{"prompt":"shorter"}`)
	rt.wait()
	_, got := call(t, srv, "GET", "/api/planning/runs?session_id=s-9", "")
	runs := got["runs"].([]any)
	if len(runs) != 2 {
		t.Fatalf("got %d planning runs, want 2", len(runs))
	}
	first := runs[0].(map[string]any)
	if first["run_id"] == "s-9" || first["session_id"] != "s-9" {
		t.Fatalf("a planning run has its own id: %v", first)
	}
}

func TestPruneIdleKeepsRunningConversations(t *testing.T) {
	reg := NewRegistry()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	busy := reg.Open("s-busy", func() string { return "c-1" }, now)
	reg.Open("s-idle", func() string { return "c-2" }, now)
	busy.begin(func() {}, now)
	if n := reg.PruneIdle(0, now.Add(1)); n != 1 {
		t.Fatalf("pruned %d, want 1", n)
	}
	if _, ok := reg.Get("s-busy"); !ok {
		t.Fatal("the running conversation was pruned")
	}
}
