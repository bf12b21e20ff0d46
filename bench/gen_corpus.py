#!/usr/bin/env python3
"""Generate the termshift benchmark corpus: several made-up polyglot
repositories, deterministic (fixed seed: the same bytes on every run with the
same arguments and Python 3 version), standard library only.

    python3 bench/gen_corpus.py OUT_DIR [--size 320M] [--seed N] [--force]

The migration the corpus is built around is `run` -> `session`. Every text file
is one of three kinds, drawn at random per file:

* hit (~12%): holds `run`/`runs`/`session`/`sessions` as a whole word of some
  identifier (`RunID`, `run_id`, `runId`, `RUN_ID`, `startRunForPrompt`,
  `DistinctRuns`, `/runs/:runId`, `SessionID`, `t.Run(`, `go run`, ...);
* distractor (~25%): holds the bytes but never as a whole word (`runtime`,
  `running`, `truncate`, `prune`, `rune`, `rerun`, `Runner`);
* clean (the rest): neither (not even the bytes `run`/`session` in any case).

Each file's kind is checked after it is generated (with the same regex that
bench/run.sh gives ripgrep), so the densities in MANIFEST.txt are exact.
"""

import argparse
import math
import os
import random
import re
import shutil
import sys
import time

DEFAULT_SEED = 20240611
DEFAULT_SIZE = "320M"

P_HIT = 0.12
P_DISTRACTOR = 0.25

# Share of the total bytes per kind of content. "ignored" is node_modules/ and
# dist/ (skipped by both tools through .gitignore); the rest is scanned.
SHARES = [
    ("go", 0.35),
    ("typescript", 0.25),
    ("python", 0.10),
    ("rust", 0.05),
    ("proto", 0.03),
    ("sql", 0.03),
    ("markdown", 0.10),
    ("yaml_json", 0.05),
    ("other_text", 0.025),
    ("binary", 0.005),
]
IGNORED_SHARE = 0.04  # of the total, taken before the shares above

ROOTS = ["api-server", "web-console", "ml-platform", "edge-agent"]
# Weight of each root per kind of content (same order as ROOTS).
ROOT_WEIGHTS = {
    "go": [0.55, 0.02, 0.18, 0.25],
    "typescript": [0.05, 0.80, 0.07, 0.08],
    "python": [0.08, 0.02, 0.80, 0.10],
    "rust": [0.0, 0.0, 0.10, 0.90],
    "proto": [0.50, 0.0, 0.20, 0.30],
    "sql": [0.55, 0.0, 0.30, 0.15],
    "markdown": [0.30, 0.25, 0.25, 0.20],
    "yaml_json": [0.30, 0.30, 0.20, 0.20],
    "other_text": [0.30, 0.20, 0.25, 0.25],
    "binary": [0.15, 0.55, 0.15, 0.15],
    "ignored": [0.10, 0.70, 0.10, 0.10],
}
# Chance that a file of this kind is one of the large ones (200 KB - 1 MB).
BIG_P = {
    "go": 0.005, "typescript": 0.004, "python": 0.002, "rust": 0.003,
    "proto": 0.01, "sql": 0.02, "markdown": 0.005, "yaml_json": 0.01,
    "other_text": 0.0, "binary": 0.0, "ignored": 0.004,
}

GITIGNORE = """# dependencies and build output
node_modules/
dist/
coverage/
*.log
.env.local
/bin/
"""

# ---------------------------------------------------------------------------
# The regex that decides whether a line holds a whole word run/runs/session/
# sessions in any identifier convention. Kept identical to RG_REGEX in
# bench/run.sh (see the comment there for why it equals termshift's
# word splitting).
ASCII_NON_LETTER = r"[\x00-\x40\x5b-\x60\x7b-\x7f]"
ASCII_ANY = r"[\x00-\x7f]"
ASCII_NON_UPPER = r"[\x00-\x40\x5b-\x7f]"
ASCII_NON_LOWER = r"[\x00-\x60\x7b-\x7f]"
LOWER_OR_NON_ASCII = r"[^\x00-\x60\x7b-\x7f]"
LOW_PRE = "(?:^|" + ASCII_NON_LETTER + ")"
TITLE_PRE = "(?:^|" + ASCII_ANY + ")"
UP_PRE = "(?:^|" + ASCII_NON_UPPER + ")"
LOW_END = "(?:$|" + ASCII_NON_LOWER + ")"
UP_END = "(?:$|" + ASCII_NON_LETTER + "|[A-Z](?:[a-rt-z]|s" + LOWER_OR_NON_ASCII + "))"
WORD_REGEX = (
    LOW_PRE + "(?:run|session)s?" + LOW_END
    + "|" + TITLE_PRE + "(?:Run|Session)s?" + LOW_END
    + "|" + UP_PRE + "(?:RUN|SESSION)S?" + UP_END
    + "|" + UP_PRE + "(?:RUN|SESSION)s" + LOW_END
)
WORD_RE = re.compile(WORD_REGEX, re.M)


# ---------------------------------------------------------------------------
# Vocabulary.

def plural(word):
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


ACRONYMS = {"id": "ID", "url": "URL", "api": "API", "ip": "IP", "sql": "SQL", "http": "HTTP"}


def go_word(w):
    return ACRONYMS.get(w, w.capitalize())


class Noun:
    """One entity name in every convention (plural forms end in `s`)."""

    __slots__ = ("c", "P", "s", "k", "U", "h", "H", "cs", "Ps", "ss", "ks", "Us", "hs", "r", "G")

    def __init__(self, *words):
        pl = list(words[:-1]) + [plural(words[-1])]
        self.c, self.P, self.s, self.k, self.U, self.h = self._forms(words)
        self.cs, self.Ps, self.ss, self.ks, self.Us, self.hs = self._forms(pl)
        self.H = self.h.capitalize()
        self.r = words[0][0]
        self.G = "".join(go_word(w) for w in words)

    @staticmethod
    def _forms(ws):
        camel = ws[0] + "".join(w.capitalize() for w in ws[1:])
        pascal = "".join(w.capitalize() for w in ws)
        return camel, pascal, "_".join(ws), "-".join(ws), "_".join(ws).upper(), " ".join(ws)


CLEAN_NOUNS = [Noun(*n.split()) for n in [
    "user", "order", "invoice", "account", "billing account", "project", "workspace", "prompt",
    "turn", "agent", "tenant", "deployment", "build", "job", "task", "pipeline", "artifact",
    "metric", "alert", "webhook", "token", "api key", "message", "thread", "comment", "document",
    "snapshot", "dataset", "model", "experiment", "evaluation", "checkpoint", "feature flag",
    "audit event", "team", "member", "role", "quota", "region", "node", "volume", "bucket",
    "cart", "product", "coupon", "review", "device", "sensor", "reading", "shipment", "label",
    "schedule", "trigger", "step", "stage", "worker", "queue", "lease", "cursor", "report",
    "dashboard", "widget", "notification", "channel", "subscription", "plan", "usage record",
    "trace", "span", "log entry", "secret", "certificate", "domain", "route", "endpoint",
    "policy", "approval", "upload", "attachment", "tool call", "completion", "embedding",
]]
# The nouns of the migration; identifiers built from them are hits.
HOT_NOUNS = [Noun(*n.split()) for n in [
    "run", "run", "run", "run", "session", "session", "agent run", "chat session", "run step",
    "session token", "test run", "user session", "run", "session",
]]

FIELDS = [
    # snake name, Go type, SQL type, TS type, Python type, Rust type, proto type
    ("name", "string", "text NOT NULL", "string", "str", "String", "string"),
    ("status", "string", "text NOT NULL DEFAULT 'pending'", "string", "str", "String", "string"),
    ("description", "string", "text", "string | null", "str | None", "Option<String>", "string"),
    ("owner_id", "string", "uuid NOT NULL", "string", "str", "Uuid", "string"),
    ("priority", "int", "integer NOT NULL DEFAULT 0", "number", "int", "i32", "int32"),
    ("retry_count", "int", "integer NOT NULL DEFAULT 0", "number", "int", "u32", "int32"),
    ("labels", "map[string]string", "jsonb NOT NULL DEFAULT '{}'", "Record<string, string>", "dict[str, str]", "HashMap<String, String>", "map<string, string>"),
    ("deadline", "*time.Time", "timestamptz", "string | null", "datetime | None", "Option<DateTime<Utc>>", "google.protobuf.Timestamp"),
    ("cost_cents", "int64", "bigint NOT NULL DEFAULT 0", "number", "int", "i64", "int64"),
    ("region", "string", "text NOT NULL", "string", "str", "String", "string"),
    ("version", "int", "integer NOT NULL DEFAULT 1", "number", "int", "u32", "int32"),
    ("checksum", "string", "text", "string", "str", "String", "string"),
    ("error_message", "string", "text", "string | null", "str | None", "Option<String>", "string"),
    ("started_at", "*time.Time", "timestamptz", "string | null", "datetime | None", "Option<DateTime<Utc>>", "google.protobuf.Timestamp"),
    ("finished_at", "*time.Time", "timestamptz", "string | null", "datetime | None", "Option<DateTime<Utc>>", "google.protobuf.Timestamp"),
    ("duration_ms", "int64", "bigint", "number", "int", "u64", "int64"),
    ("attempt", "int", "integer NOT NULL DEFAULT 1", "number", "int", "u32", "int32"),
    ("parent_id", "string", "uuid", "string | null", "str | None", "Option<Uuid>", "string"),
    ("is_archived", "bool", "boolean NOT NULL DEFAULT false", "boolean", "bool", "bool", "bool"),
    ("score", "float64", "double precision", "number", "float", "f64", "double"),
    ("source_url", "string", "text", "string", "str", "String", "string"),
    ("model_name", "string", "text", "string", "str", "String", "string"),
    ("input_tokens", "int64", "bigint NOT NULL DEFAULT 0", "number", "int", "u64", "int64"),
    ("output_tokens", "int64", "bigint NOT NULL DEFAULT 0", "number", "int", "u64", "int64"),
    ("updated_by", "string", "text", "string", "str", "String", "string"),
    ("expires_at", "*time.Time", "timestamptz", "string | null", "datetime | None", "Option<DateTime<Utc>>", "google.protobuf.Timestamp"),
]


class Field:
    __slots__ = ("s", "go", "c", "sql", "ts", "py", "rs", "pb")

    def __init__(self, spec):
        self.s, gotype, self.sql, self.ts, self.py, self.rs, self.pb = spec
        ws = self.s.split("_")
        self.go = "".join(go_word(w) for w in ws) + " " + gotype
        self.c = ws[0] + "".join(w.capitalize() for w in ws[1:])


FIELD_OBJS = [Field(f) for f in FIELDS]
STATUSES = ["pending", "active", "queued", "completed", "failed", "cancelled", "archived", "paused", "expired"]
VERBS = ["create", "update", "delete", "archive", "restore", "approve", "reject", "assign", "sync", "export"]
ADJ = ["pending", "active", "stale", "recent", "failed", "archived", "shared", "private", "billable", "expired"]
PKGS = ["billing", "auth", "catalog", "inventory", "orders", "payments", "notify", "search", "storage",
        "metrics", "audit", "accounts", "projects", "workspaces", "agents", "prompts", "models",
        "datasets", "evals", "webhooks", "scheduler", "queue", "ingest", "export", "gateway",
        "identity", "quota", "flags", "uploads", "reports", "analytics", "tracing", "alerts",
        "teams", "devices", "shipping", "pricing", "reviews", "chat", "tools"]
HOT_PKGS = ["runs", "sessions", "runner", "sessionstore", "runlog"]
WORDS = ["request", "response", "handler", "payload", "config", "client", "server", "cache",
         "limit", "offset", "filter", "window", "record", "result", "index", "batch", "buffer",
         "schema", "header", "context", "deadline", "timeout", "option", "summary", "detail"]
PEOPLE = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]

assert all("run" not in w.lower() and "session" not in w.lower()
           for n in CLEAN_NOUNS for w in (n.c, n.cs)), "clean nouns must not hold the bytes"
assert all("run" not in w and "session" not in w for w in PKGS + WORDS + STATUSES + VERBS + ADJ)


class Ctx:
    """What one file is allowed to say: its kind decides the nouns."""

    def __init__(self, rng, kind, big):
        self.rng = rng
        self.kind = kind
        self.big = big
        self.hot = [rng.choice(HOT_NOUNS), rng.choice(HOT_NOUNS)] if kind == "hit" else None
        self.need_hot = kind == "hit"
        self.need_dis = kind == "distractor"
        self.p_hot = 0.03 if big else 0.22
        self.p_dis = 0.05 if big else 0.25
        self.p_idiom = 0.02 if big else 0.12

    def noun(self):
        rng = self.rng
        if self.kind == "hit" and (self.need_hot or rng.random() < self.p_hot):
            self.need_hot = False
            return rng.choice(self.hot)
        return rng.choice(CLEAN_NOUNS)

    def other(self):
        rng = self.rng
        if self.kind == "hit" and rng.random() < self.p_hot * 0.5:
            return rng.choice(self.hot)
        return rng.choice(CLEAN_NOUNS)

    def distract(self):
        """Emit a distractor chunk now?"""
        if self.kind == "distractor":
            if self.need_dis or self.rng.random() < self.p_dis:
                self.need_dis = False
                return True
        elif self.kind == "hit":
            return self.rng.random() < self.p_dis * 0.3
        return False

    def idiom(self):
        """Emit a language idiom that holds the word (t.Run, go run, ...)?"""
        return self.kind == "hit" and self.rng.random() < self.p_idiom

    def fields(self, lo=3, hi=8):
        return self.rng.sample(FIELD_OBJS, self.rng.randint(lo, hi))

    def pick(self, seq):
        return self.rng.choice(seq)


# ---------------------------------------------------------------------------
# Go.

def go_struct(x):
    n, o = x.noun(), x.other()
    out = [f"// {n.G} is one {n.h} as stored in the {n.ss} table.\ntype {n.G} struct {{\n",
           f'\tID string `json:"id" db:"id"`\n',
           f'\t{o.G}ID string `json:"{o.s}_id" db:"{o.s}_id"`\n']
    for f in x.fields():
        out.append(f'\t{f.go} `json:"{f.s},omitempty" db:"{f.s}"`\n')
    out.append('\tCreatedAt time.Time `json:"created_at" db:"created_at"`\n}\n\n')
    return "".join(out)


def go_list(x):
    n, o = x.noun(), x.other()
    fs = x.fields(2, 5)
    cols = ", ".join(f.s for f in fs)
    scan = ", ".join("&item." + f.go.split()[0] for f in fs)
    return f"""// List{n.Ps} returns the {n.hs} of one {o.h}, newest first.
func (s *{n.G}Store) List{n.Ps}(ctx context.Context, {o.c}ID string, limit int) ([]{n.G}, error) {{
	const query = `
		SELECT id, {o.s}_id, {cols}, created_at
		FROM {n.ss}
		WHERE {o.s}_id = $1
		ORDER BY created_at DESC
		LIMIT 500`
	rows, err := s.db.QueryContext(ctx, query, {o.c}ID)
	if err != nil {{
		return nil, fmt.Errorf("list {n.hs}: %w", err)
	}}
	defer rows.Close()
	var out []{n.G}
	for rows.Next() && len(out) < limit {{
		var item {n.G}
		if err := rows.Scan(&item.ID, &item.{o.G}ID, {scan}, &item.CreatedAt); err != nil {{
			return nil, fmt.Errorf("scan {n.h}: %w", err)
		}}
		out = append(out, item)
	}}
	return out, rows.Err()
}}

"""


def go_get(x):
    n = x.noun()
    return f"""// Get{n.G} loads one {n.h} by its ID; ErrNotFound when there is none.
func (s *{n.G}Store) Get{n.G}(ctx context.Context, id string) (*{n.G}, error) {{
	var item {n.G}
	err := s.db.QueryRowContext(ctx, `SELECT id, status, created_at FROM {n.ss} WHERE id = $1`, id).
		Scan(&item.ID, &item.Status, &item.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {{
		return nil, ErrNotFound
	}}
	if err != nil {{
		return nil, fmt.Errorf("get {n.h} %s: %w", id, err)
	}}
	return &item, nil
}}

"""


def go_insert(x):
    n, o = x.noun(), x.other()
    fs = x.fields(2, 4)
    cols = ", ".join(f.s for f in fs)
    ph = ", ".join(f"${i + 3}" for i in range(len(fs)))
    args = ", ".join("in." + f.go.split()[0] for f in fs)
    return f"""func (s *{n.G}Store) Insert{n.G}(ctx context.Context, in *{n.G}) error {{
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO {n.ss} (id, {o.s}_id, {cols})
		VALUES ($1, $2, {ph})
		ON CONFLICT DO NOTHING`,
		in.ID, in.{o.G}ID, {args})
	if err != nil {{
		return fmt.Errorf("insert {n.h}: %w", err)
	}}
	s.metrics.Inserted.WithLabelValues("{n.s}").Inc()
	return nil
}}

"""


def go_handler(x):
    n = x.noun()
    verb = x.pick(VERBS)
    return f"""// handle{verb.capitalize()}{n.G} serves {verb.upper()} /api/v1/{n.ks}/{{{n.c}ID}}.
func (h *Handler) handle{verb.capitalize()}{n.G}(w http.ResponseWriter, r *http.Request) {{
	id := r.PathValue("{n.c}ID")
	if id == "" {{
		http.Error(w, "missing {n.h} id", http.StatusBadRequest)
		return
	}}
	item, err := h.{n.c}s.Get{n.G}(r.Context(), id)
	if errors.Is(err, ErrNotFound) {{
		http.NotFound(w, r)
		return
	}} else if err != nil {{
		h.logger.ErrorContext(r.Context(), "{verb} {n.h}", slog.String("{n.s}_id", id), slog.Any("err", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(item)
}}

"""


def go_routes(x):
    n, o = x.noun(), x.other()
    return f"""func (h *Handler) Register{n.G}Routes(mux *http.ServeMux) {{
	mux.HandleFunc("GET /api/v1/{n.ks}", h.handleList{n.Ps})
	mux.HandleFunc("GET /api/v1/{n.ks}/{{{n.c}ID}}", h.handleGet{n.G})
	mux.HandleFunc("POST /api/v1/{o.ks}/{{{o.c}ID}}/{n.ks}", h.handleCreate{n.G})
	mux.HandleFunc("DELETE /api/v1/{n.ks}/{{{n.c}ID}}", h.handleDelete{n.G})
}}

"""


def go_interface(x):
    n, o = x.noun(), x.other()
    return f"""// {n.G}Repository is the storage the {n.h} service needs.
type {n.G}Repository interface {{
	Get{n.G}(ctx context.Context, id string) (*{n.G}, error)
	List{n.Ps}(ctx context.Context, {o.c}ID string, limit int) ([]{n.G}, error)
	Insert{n.G}(ctx context.Context, in *{n.G}) error
	Delete{n.G}(ctx context.Context, id string) error
}}

"""


def go_enum(x):
    n = x.noun()
    sts = x.rng.sample(STATUSES, 4)
    lines = "".join(f'\t{n.G}Status{s.capitalize()} {n.G}Status = "{s}"\n' for s in sts)
    return f"""// {n.G}Status is the lifecycle state of a {n.h}.
type {n.G}Status string

const (
{lines})

func (s {n.G}Status) Terminal() bool {{
	switch s {{
	case {n.G}Status{sts[2].capitalize()}, {n.G}Status{sts[3].capitalize()}:
		return true
	default:
		return false
	}}
}}

"""


def go_service(x):
    n, o = x.noun(), x.other()
    return f"""// start{n.G}For{o.G} creates a {n.h} for the given {o.h} and queues it.
func (s *Service) start{n.G}For{o.G}(ctx context.Context, {o.c}ID string, opts {n.G}Options) (*{n.G}, error) {{
	ctx, cancel := context.WithTimeout(ctx, s.cfg.{n.G}Timeout)
	defer cancel()
	item := &{n.G}{{
		ID:        newID("{n.s[:3]}"),
		{o.G}ID: {o.c}ID,
		CreatedAt: s.clock.Now(),
	}}
	if err := s.repo.Insert{n.G}(ctx, item); err != nil {{
		return nil, err
	}}
	if err := s.queue.Publish(ctx, "{n.ks}.created", item); err != nil {{
		s.logger.WarnContext(ctx, "publish {n.h}", slog.String("{o.s}_id", {o.c}ID), slog.Any("err", err))
	}}
	return item, nil
}}

"""


def go_distinct(x):
    n = x.noun()
    return f"""// Distinct{n.Ps} drops repeated {n.hs}, keeping the first of each ID.
func Distinct{n.Ps}(items []{n.G}) []{n.G} {{
	seen := make(map[string]struct{{}}, len(items))
	out := items[:0]
	for _, item := range items {{
		if _, ok := seen[item.ID]; ok {{
			continue
		}}
		seen[item.ID] = struct{{}}{{}}
		out = append(out, item)
	}}
	return out
}}

"""


def go_loop(x):
    n = x.noun()
    return f"""// {n.G}Loop polls for {n.hs} until ctx is done.
func (w *Worker) {n.G}Loop(ctx context.Context) error {{
	ticker := time.NewTicker(w.interval)
	defer ticker.Stop()
	for {{
		select {{
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
			if err := w.process{n.Ps}(ctx); err != nil {{
				w.logger.Error("process {n.hs}", slog.Any("err", err))
			}}
		}}
	}}
}}

"""


def go_config(x):
    n, o = x.noun(), x.other()
    return f"""func load{n.G}Config() ({n.G}Config, error) {{
	cfg := {n.G}Config{{
		Timeout:    30 * time.Second,
		MaxPerPage: 100,
	}}
	if v := os.Getenv("{n.U}_TIMEOUT"); v != "" {{
		d, err := time.ParseDuration(v)
		if err != nil {{
			return cfg, fmt.Errorf("{n.U}_TIMEOUT: %w", err)
		}}
		cfg.Timeout = d
	}}
	cfg.Default{o.G}ID = os.Getenv("DEFAULT_{o.U}_ID")
	return cfg, nil
}}

"""


def go_test(x):
    n = x.noun()
    cases = "".join(
        f'\t\t{{name: "{x.pick(ADJ)} {n.h} {i}", in: {n.G}Status{x.pick(STATUSES).capitalize()}, want: {"true" if i % 2 else "false"}}},\n'
        for i in range(x.rng.randint(2, 5)))
    if x.kind == "hit" and x.rng.random() < 0.5:
        body = f"""	for _, tc := range cases {{
		t.Run(tc.name, func(t *testing.T) {{
			if got := tc.in.Terminal(); got != tc.want {{
				t.Errorf("Terminal() = %v, want %v", got, tc.want)
			}}
		}})
	}}"""
    else:
        body = f"""	for _, tc := range cases {{
		if got := tc.in.Terminal(); got != tc.want {{
			t.Errorf("%s: Terminal() = %v, want %v", tc.name, got, tc.want)
		}}
	}}"""
    return f"""func Test{n.G}StatusTerminal{x.rng.randint(1, 999)}(t *testing.T) {{
	cases := []struct {{
		name string
		in   {n.G}Status
		want bool
	}}{{
{cases}	}}
{body}
}}

"""


def go_d_truncate(x):
    return """// truncate shortens s to n characters, counting runes, not bytes.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "\u2026"
}

"""


def go_d_prune(x):
    n = x.noun()
    return f"""// prune drops {n.hs} older than the retention window; a running sweep is skipped.
func (p *{n.G}Pool) prune(now time.Time) int {{
	if !p.running.CompareAndSwap(false, true) {{
		return 0
	}}
	defer p.running.Store(false)
	pruned := 0
	for id, item := range p.items {{
		if now.Sub(item.CreatedAt) > p.retention {{
			delete(p.items, id)
			pruned++
		}}
	}}
	return pruned
}}

"""


def go_d_runtime(x):
    return """func collectProcessStats() ProcessStats {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return ProcessStats{
		Goroutines: runtime.NumGoroutine(),
		HeapBytes:  m.HeapAlloc,
		GCCount:    m.NumGC,
		MaxProcs:   runtime.GOMAXPROCS(0),
	}
}

"""


def go_d_runner(x):
    n = x.noun()
    return f"""// {n.G}Runner executes queued {n.hs}; IsRunning reports whether it is busy.
type {n.G}Runner struct {{
	running  atomic.Bool
	rerunMax int
	queue    chan *{n.G}
}}

func (r *{n.G}Runner) IsRunning() bool {{ return r.running.Load() }}

"""


def go_h_cobra(x):
    return """func newServeCommand(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Start the API server",
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.Serve(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&app.addr, "addr", ":8080", "listen address")
	return cmd
}

"""


def go_h_exec(x):
    return """func buildPlugin(ctx context.Context, dir string) error {
	// Equivalent to: go run ./cmd/plugin-gen -out gen/
	cmd := exec.CommandContext(ctx, "go", "run", "./cmd/plugin-gen", "-out", "gen/")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RUN_ID="+os.Getenv("RUN_ID"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("plugin-gen: %w: %s", err, out)
	}
	return nil
}

"""


GO_CODE = [go_struct, go_list, go_get, go_insert, go_handler, go_routes, go_interface, go_enum,
           go_service, go_distinct, go_loop, go_config]
GO_DIS = [go_d_truncate, go_d_prune, go_d_runtime, go_d_runner]
GO_IDIOM = [go_h_cobra, go_h_exec]


def gen_go(x, size, path):
    is_test = path.endswith("_test.go")
    pkg = os.path.basename(os.path.dirname(path)).replace("-", "")
    body, n = [], 0
    used_dis = False
    while n < size:
        if x.distract():
            c = x.pick(GO_DIS)(x)
            used_dis = True
        elif x.idiom():
            c = x.pick(GO_IDIOM)(x)
        elif is_test and x.rng.random() < 0.6:
            c = go_test(x)
        else:
            c = x.pick(GO_CODE)(x)
        body.append(c)
        n += len(c)
    imports = ["context", "database/sql", "encoding/json", "errors", "fmt", "log/slog", "net/http", "os", "time"]
    if is_test:
        imports.append("testing")
    if used_dis:
        imports += ["runtime", "sync/atomic"]
    imp = "".join(f'\t"{i}"\n' for i in sorted(imports))
    head = f"// Code in package {pkg}. Copyright the authors.\n\npackage {pkg}\n\nimport (\n{imp})\n\n"
    return head + "".join(body)


# ---------------------------------------------------------------------------
# TypeScript / TSX.

def ts_interface(x):
    n, o = x.noun(), x.other()
    fs = "".join(f"  {f.c}: {f.ts};\n" for f in x.fields())
    sts = " | ".join(f"'{s}'" for s in x.rng.sample(STATUSES, 3))
    return f"""/** A {n.h} as returned by the API. */
export interface {n.P} {{
  id: string;
  {o.c}Id: string;
{fs}  createdAt: string;
}}

export type {n.P}Status = {sts};

"""


def ts_api(x):
    n, o = x.noun(), x.other()
    return f"""export async function list{n.Ps}({o.c}Id: string, params: ListParams = {{}}): Promise<Page<{n.P}>> {{
  const res = await client.get<Page<{n.P}>>(`/api/v1/{o.ks}/${{{o.c}Id}}/{n.ks}`, {{ params }});
  return res.data;
}}

export async function get{n.P}({n.c}Id: string): Promise<{n.P}> {{
  const res = await client.get<{n.P}>(`/api/v1/{n.ks}/${{{n.c}Id}}`);
  if (res.status === 404) {{
    throw new NotFoundError('{n.h}', {n.c}Id);
  }}
  return res.data;
}}

"""


def ts_hook(x):
    n = x.noun()
    return f"""export function use{n.P}({n.c}Id: string | undefined) {{
  return useQuery({{
    queryKey: ['{n.cs}', {n.c}Id],
    queryFn: () => get{n.P}({n.c}Id as string),
    enabled: Boolean({n.c}Id),
    staleTime: 30_000,
  }});
}}

"""


def ts_schema(x):
    n, o = x.noun(), x.other()
    fs = "".join(f"  {f.c}: z.{'number()' if f.ts == 'number' else 'boolean()' if f.ts == 'boolean' else 'string()'}{'.nullable()' if 'null' in f.ts else ''},\n" for f in x.fields(2, 6))
    return f"""export const {n.c}Schema = z.object({{
  id: z.string().uuid(),
  {o.c}Id: z.string(),
{fs}}});

export type {n.P}Input = z.infer<typeof {n.c}Schema>;

"""


def ts_class(x):
    n = x.noun()
    return f"""export class {n.P}Cache {{
  private readonly items = new Map<string, {n.P}>();

  constructor(private readonly maxItems = 500) {{}}

  get(id: string): {n.P} | undefined {{
    return this.items.get(id);
  }}

  set(item: {n.P}): void {{
    if (this.items.size >= this.maxItems) {{
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }}
    this.items.set(item.id, item);
  }}
}}

"""


def ts_reducer(x):
    n = x.noun()
    return f"""export function {n.c}Reducer(state: {n.P}State, action: {n.P}Action): {n.P}State {{
  switch (action.type) {{
    case '{n.cs}/loaded':
      return {{ ...state, byId: indexById(action.{n.cs}), loading: false }};
    case '{n.cs}/selected':
      return {{ ...state, selected{n.P}Id: action.id }};
    case '{n.cs}/failed':
      return {{ ...state, error: action.error, loading: false }};
    default:
      return state;
  }}
}}

"""


def ts_test(x):
    n = x.noun()
    return f"""describe('{n.c}Reducer', () => {{
  it('stores the loaded {n.hs} by id', () => {{
    const items = [make{n.P}({{ id: 'a' }}), make{n.P}({{ id: 'b' }})];
    const next = {n.c}Reducer(initialState, {{ type: '{n.cs}/loaded', {n.cs}: items }});
    expect(Object.keys(next.byId)).toEqual(['a', 'b']);
    expect(next.loading).toBe(false);
  }});
}});

"""


def tsx_component(x):
    n, o = x.noun(), x.other()
    return f"""export function {n.P}Card({{ {n.c}, onSelect }}: {n.P}CardProps) {{
  const [expanded, setExpanded] = useState(false);
  const label = useMemo(() => format{n.P}Label({n.c}), [{n.c}]);
  return (
    <div className="{n.k}-card" onClick={{() => onSelect({n.c}.id)}}>
      <h3 className="{n.k}-card__title">{{label}}</h3>
      {{expanded && <{n.P}Details {n.c}Id={{{n.c}.id}} {o.c}Id={{{n.c}.{o.c}Id}} />}}
      <button type="button" onClick={{() => setExpanded((v) => !v)}}>
        {{expanded ? 'Hide' : 'Show'}} details
      </button>
    </div>
  );
}}

"""


def tsx_routes(x):
    n, o = x.noun(), x.other()
    return f"""export const {n.c}Routes: RouteObject[] = [
  {{ path: '/{n.ks}', element: <{n.P}ListPage /> }},
  {{ path: '/{n.ks}/:{n.c}Id', element: <{n.P}Page /> }},
  {{ path: '/{o.ks}/:{o.c}Id/{n.ks}', element: <{n.P}ListPage scoped /> }},
];

"""


def tsx_table(x):
    n = x.noun()
    cols = "".join(f"          <th>{f.c}</th>\n" for f in x.fields(2, 5))
    return f"""export function {n.P}Table({{ items }}: {{ items: {n.P}[] }}) {{
  if (items.length === 0) {{
    return <EmptyState title="No {n.hs} yet" />;
  }}
  return (
    <table className="data-table">
      <thead>
        <tr>
{cols}        </tr>
      </thead>
      <tbody>
        {{items.map((item) => (
          <{n.P}Row key={{item.id}} item={{item}} />
        ))}}
      </tbody>
    </table>
  );
}}

"""


def ts_d_truncate(x):
    return """export function truncate(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}

"""


def ts_d_running(x):
    n = x.noun()
    return f"""export function use{n.P}Poller(intervalMs = 5000) {{
  const [isRunning, setIsRunning] = useState(false);
  const runtimeConfig = useRuntimeConfig();
  useEffect(() => {{
    if (!isRunning) return undefined;
    const timer = setInterval(() => pruneStale{n.Ps}(runtimeConfig.retentionMs), intervalMs);
    return () => clearInterval(timer);
  }}, [isRunning, intervalMs, runtimeConfig]);
  return {{ isRunning, setIsRunning }};
}}

"""


def ts_d_total(x):
    n = x.noun()
    return f"""// runningTotal sums the cost of the {n.hs}; rerunnable on every render.
export const runningTotal = (items: {n.P}[]): number =>
  items.reduce((sum, item) => sum + (item.costCents ?? 0), 0);

"""


def ts_h_session(x):
    return """export function saveDraft(key: string, value: unknown): void {
  window.sessionStorage.setItem(key, JSON.stringify(value));
}

export function loadDraft<T>(key: string): T | null {
  const raw = window.sessionStorage.getItem(key);
  return raw ? (JSON.parse(raw) as T) : null;
}

"""


def ts_h_script(x):
    return """// Regenerate with `npm run codegen`; the CI job runs it in check mode.
export const CODEGEN_COMMAND = ['npm', 'run', 'codegen', '--', '--check'] as const;

"""


TS_CODE = [ts_interface, ts_api, ts_hook, ts_schema, ts_class, ts_reducer]
TSX_CODE = TS_CODE + [tsx_component, tsx_component, tsx_routes, tsx_table]
TS_DIS = [ts_d_truncate, ts_d_running, ts_d_total]
TS_IDIOM = [ts_h_session, ts_h_script]


def gen_ts(x, size, path):
    tsx = path.endswith(".tsx")
    is_test = ".test." in path
    code = TSX_CODE if tsx else TS_CODE
    body, n = [], 0
    while n < size:
        if x.distract():
            c = x.pick(TS_DIS)(x)
        elif x.idiom():
            c = x.pick(TS_IDIOM)(x)
        elif is_test and x.rng.random() < 0.6:
            c = ts_test(x)
        else:
            c = x.pick(code)(x)
        body.append(c)
        n += len(c)
    head = "import { useEffect, useMemo, useState } from 'react';\n" if tsx else ""
    head += "import { z } from 'zod';\nimport { client, NotFoundError } from '../lib/http';\nimport type { ListParams, Page } from '../lib/types';\n\n"
    return head + "".join(body)


# ---------------------------------------------------------------------------
# Python.

def py_dataclass(x):
    n, o = x.noun(), x.other()
    fs = "".join(f"    {f.s}: {f.py}\n" for f in x.fields())
    return f'''@dataclass
class {n.P}:
    """A {n.h} row."""

    id: str
    {o.s}_id: str
{fs}    created_at: datetime = field(default_factory=utcnow)


'''


def py_repo(x):
    n, o = x.noun(), x.other()
    return f'''class {n.P}Repository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list_{n.ss}(self, {o.s}_id: str, limit: int = 50) -> list[{n.P}]:
        rows = self.db.fetch_all(
            """
            SELECT id, {o.s}_id, status, created_at
            FROM {n.ss}
            WHERE {o.s}_id = :{o.s}_id
            ORDER BY created_at DESC
            LIMIT :limit
            """,
            {{"{o.s}_id": {o.s}_id, "limit": limit}},
        )
        return [{n.P}(**row) for row in rows]

    def get_{n.s}(self, {n.s}_id: str) -> {n.P} | None:
        row = self.db.fetch_one("SELECT * FROM {n.ss} WHERE id = :id", {{"id": {n.s}_id}})
        return {n.P}(**row) if row else None


'''


def py_route(x):
    n = x.noun()
    return f'''@router.get("/{n.ks}/{{{n.s}_id}}", response_model={n.P}Out)
def get_{n.s}({n.s}_id: str, repo: {n.P}Repository = Depends(get_repo)) -> {n.P}Out:
    item = repo.get_{n.s}({n.s}_id)
    if item is None:
        raise HTTPException(status_code=404, detail="{n.h} not found")
    return {n.P}Out.from_model(item)


'''


def py_func(x):
    n = x.noun()
    return f'''def summarize_{n.ss}(items: Iterable[{n.P}]) -> dict[str, int]:
    """Count the {n.hs} per status."""
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.status] += 1
    logger.debug("summarized %d {n.hs}", sum(counts.values()))
    return dict(counts)


'''


def py_test(x):
    n = x.noun()
    return f'''def test_summarize_{n.ss}_{x.rng.randint(1, 999)}():
    items = [make_{n.s}(status="active"), make_{n.s}(status="active"), make_{n.s}(status="failed")]
    assert summarize_{n.ss}(items) == {{"active": 2, "failed": 1}}


'''


def py_d(x):
    return x.pick([
        '''def truncate(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\\u2026"


''',
        '''def prune_expired(cache: dict[str, float], now: float, ttl: float) -> int:
    expired = [key for key, seen in cache.items() if now - seen > ttl]
    for key in expired:
        del cache[key]
    return len(expired)


''',
        '''class Stopwatch:
    def __init__(self) -> None:
        self.running = False
        self.runtime_seconds = 0.0
        self.running_total = 0


''',
    ])


def py_idiom(x):
    return x.pick([
        '''def build_assets(root: Path) -> None:
    subprocess.run(["npm", "run", "build"], cwd=root, check=True)


''',
        '''if __name__ == "__main__":
    asyncio.run(main())


''',
        '''class QueueWorker(Worker):
    def run(self) -> None:
        """Process the queue until it is empty."""
        while self.step():
            pass


''',
    ])


PY_CODE = [py_dataclass, py_repo, py_route, py_func]


def gen_py(x, size, path):
    is_test = os.path.basename(path).startswith("test_")
    body, n = [], 0
    while n < size:
        if x.distract():
            c = py_d(x)
        elif x.idiom():
            c = py_idiom(x)
        elif is_test and x.rng.random() < 0.6:
            c = py_test(x)
        else:
            c = x.pick(PY_CODE)(x)
        body.append(c)
        n += len(c)
    head = ('"""Module ' + os.path.basename(path)[:-3] + '."""\n\nfrom __future__ import annotations\n\n'
            "import logging\nfrom collections import defaultdict\nfrom dataclasses import dataclass, field\n"
            "from datetime import datetime\nfrom typing import Iterable\n\nlogger = logging.getLogger(__name__)\n\n\n")
    return head + "".join(body)


# ---------------------------------------------------------------------------
# Rust.

def rs_struct(x):
    n, o = x.noun(), x.other()
    fs = "".join(f"    pub {f.s}: {f.rs},\n" for f in x.fields())
    return f"""/// A {n.h} as stored in the `{n.ss}` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct {n.P} {{
    pub id: Uuid,
    pub {o.s}_id: Uuid,
{fs}    pub created_at: DateTime<Utc>,
}}

"""


def rs_impl(x):
    n = x.noun()
    return f"""impl {n.P}Store {{
    pub async fn get_{n.s}(&self, id: Uuid) -> Result<Option<{n.P}>, StoreError> {{
        let row = sqlx::query_as::<_, {n.P}>("SELECT * FROM {n.ss} WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row)
    }}

    pub fn len(&self) -> usize {{
        self.cache.len()
    }}
}}

"""


def rs_enum(x):
    n = x.noun()
    sts = x.rng.sample(STATUSES, 3)
    arms = "".join(f'            {n.P}State::{s.capitalize()} => "{s}",\n' for s in sts)
    variants = "".join(f"    {s.capitalize()},\n" for s in sts)
    return f"""#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum {n.P}State {{
{variants}}}

impl {n.P}State {{
    pub fn as_str(self) -> &'static str {{
        match self {{
{arms}        }}
    }}
}}

"""


def rs_handler(x):
    n = x.noun()
    return f"""async fn get_{n.s}(
    State(app): State<AppState>,
    Path({n.s}_id): Path<Uuid>,
) -> Result<Json<{n.P}>, ApiError> {{
    let item = app.{n.ss}.get_{n.s}({n.s}_id).await?.ok_or(ApiError::NotFound("{n.h}"))?;
    Ok(Json(item))
}}

"""


def rs_d(x):
    return x.pick([
        """fn build_runtime(threads: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build()
}

""",
        """fn truncate_label(label: &mut String, max: usize) {
    if label.len() > max {
        label.truncate(max);
    }
}

""",
        """pub struct Ticker {
    is_running: AtomicBool,
    pruned: AtomicU64,
}

""",
    ])


def rs_idiom(x):
    return x.pick([
        """impl Agent {
    pub async fn run(mut self) -> anyhow::Result<()> {
        while let Some(msg) = self.inbox.recv().await {
            self.handle(msg).await?;
        }
        Ok(())
    }
}

""",
        """#[cfg(test)]
mod session_tests {
    #[test]
    fn opens_a_session() {
        assert!(super::Session::open("x").is_ok());
    }
}

""",
    ])


RS_CODE = [rs_struct, rs_impl, rs_enum, rs_handler]


def gen_rs(x, size, path):
    body, n = [], 0
    while n < size:
        if x.distract():
            c = rs_d(x)
        elif x.idiom():
            c = rs_idiom(x)
        else:
            c = x.pick(RS_CODE)(x)
        body.append(c)
        n += len(c)
    head = ("//! " + os.path.basename(path) + "\n\nuse std::collections::HashMap;\nuse std::sync::atomic::{AtomicBool, AtomicU64};\n\n"
            "use chrono::{DateTime, Utc};\nuse serde::{Deserialize, Serialize};\nuse uuid::Uuid;\n\n")
    return head + "".join(body)


# ---------------------------------------------------------------------------
# Proto.

def pb_message(x):
    n, o = x.noun(), x.other()
    fs = "".join(f"  {f.pb} {f.s} = {i + 3};\n" for i, f in enumerate(x.fields()))
    return f"""// A {n.h}.
message {n.P} {{
  string id = 1;
  string {o.s}_id = 2;
{fs}}}

"""


def pb_service(x):
    n, o = x.noun(), x.other()
    return f"""service {n.P}Service {{
  rpc Get{n.P}(Get{n.P}Request) returns ({n.P});
  rpc List{n.Ps}(List{n.Ps}Request) returns (List{n.Ps}Response);
  rpc Create{n.P}(Create{n.P}Request) returns ({n.P});
}}

message List{n.Ps}Request {{
  string {o.s}_id = 1;
  int32 page_size = 2;
  string page_token = 3;
}}

message List{n.Ps}Response {{
  repeated {n.P} {n.ss} = 1;
  string next_page_token = 2;
}}

"""


def pb_enum(x):
    n = x.noun()
    vals = "".join(f"  {n.U}_STATE_{s.upper()} = {i + 1};\n" for i, s in enumerate(x.rng.sample(STATUSES, 4)))
    return f"""enum {n.P}State {{
  {n.U}_STATE_UNSPECIFIED = 0;
{vals}}}

"""


def pb_d(x):
    n = x.noun()
    return f"""message {n.P}Stats {{
  google.protobuf.Duration runtime = 1;
  bool running = 2;
  bool truncated = 3;
  int64 pruned_count = 4;
}}

"""


def gen_proto(x, size, path):
    pkg = os.path.basename(os.path.dirname(os.path.dirname(path)))
    body, n = [], 0
    while n < size:
        if x.distract():
            c = pb_d(x)
        else:
            c = x.pick([pb_message, pb_message, pb_service, pb_enum])(x)
        body.append(c)
        n += len(c)
    head = (f'syntax = "proto3";\n\npackage acme.{pkg}.v1;\n\nimport "google/protobuf/duration.proto";\n'
            f'import "google/protobuf/timestamp.proto";\n\noption go_package = "github.com/acme/platform/gen/{pkg}/v1;{pkg}v1";\n\n')
    return head + "".join(body)


# ---------------------------------------------------------------------------
# SQL.

def sql_table(x):
    n, o = x.noun(), x.other()
    fs = "".join(f"    {f.s} {f.sql},\n" for f in x.fields())
    return f"""CREATE TABLE IF NOT EXISTS {n.ss} (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    {o.s}_id uuid NOT NULL REFERENCES {o.ss} (id) ON DELETE CASCADE,
{fs}    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_{n.ss}_{o.s}_id ON {n.ss} ({o.s}_id, created_at DESC);

"""


def sql_query(x):
    n, o = x.noun(), x.other()
    return f"""-- name: List{n.Ps}For{o.P} :many
SELECT t.id, t.{o.s}_id, t.status, t.created_at, p.name AS {o.s}_name
FROM {n.ss} AS t
JOIN {o.ss} AS p ON p.id = t.{o.s}_id
WHERE t.{o.s}_id = $1
  AND t.created_at >= now() - interval '30 days'
ORDER BY t.created_at DESC
LIMIT 100;

"""


def sql_alter(x):
    n, o = x.noun(), x.other()
    return f"""ALTER TABLE {n.ss} ADD COLUMN IF NOT EXISTS last_{o.s}_id uuid;
UPDATE {n.ss} SET status = 'archived' WHERE created_at < now() - interval '1 year';

"""


def sql_insert(x):
    n = x.noun()
    rows = ",\n".join(f"    ('{x.rng.randrange(16 ** 8):08x}-0000-4000-8000-{x.rng.randrange(16 ** 12):012x}', '{x.pick(STATUSES)}', '{x.pick(PEOPLE)}')"
                      for _ in range(x.rng.randint(3, 12)))
    return f"INSERT INTO {n.ss} (id, status, updated_by) VALUES\n{rows};\n\n"


def sql_d(x):
    n = x.noun()
    return x.pick([
        f"TRUNCATE TABLE {n.ss}_staging;\n\n",
        f"""SELECT id, created_at,
       SUM(cost_cents) OVER (ORDER BY created_at) AS running_total,
       duration_ms AS runtime_ms
FROM {n.ss};

""",
    ])


def gen_sql(x, size, path):
    body, n = [], 0
    while n < size:
        if x.distract():
            c = sql_d(x)
        else:
            c = x.pick([sql_table, sql_query, sql_query, sql_alter, sql_insert])(x)
        body.append(c)
        n += len(c)
    return "-- " + os.path.basename(path) + "\n\n" + "".join(body)


# ---------------------------------------------------------------------------
# Markdown.

def md_section(x):
    n, o = x.noun(), x.other()
    p = x.pick
    sents = [
        f"The {n.h} service keeps every {n.h} in the `{n.ss}` table, keyed by `{n.s}_id`.",
        f"Each {o.h} owns zero or more {n.hs}; deleting the {o.h} deletes them too.",
        f"A {n.h} moves from `{p(STATUSES)}` to `{p(STATUSES)}` once the {o.h} is {p(ADJ)}.",
        f"Use `List{n.Ps}` to page through the {n.hs} of a {o.h} ({p(WORDS)} size 50 by default).",
        f"The `{n.U}_TIMEOUT` variable bounds how long a {n.h} may stay `{p(STATUSES)}`.",
        f"See the `/api/v1/{n.ks}/:{n.c}Id` endpoint for one {n.h} and its {p(WORDS)}.",
        f"When the {p(WORDS)} is {p(ADJ)}, the {n.h} is retried up to three times.",
    ]
    x.rng.shuffle(sents)
    para1 = " ".join(sents[:4])
    para2 = " ".join(sents[4:])
    bullets = "".join(f"- `{f.s}`: the {f.s.replace('_', ' ')} of the {n.h}.\n" for f in x.fields(2, 5))
    return f"## {n.H} {p(WORDS)}s\n\n{para1}\n\n{para2}\n\n{bullets}\n"


def md_code(x):
    if x.rng.random() < 0.5:
        c = x.pick(GO_CODE)(x)
        return f"For example, in Go:\n\n```go\n{c.rstrip()}\n```\n\n"
    c = x.pick(TS_CODE)(x)
    return f"The web console does the same:\n\n```ts\n{c.rstrip()}\n```\n\n"


def md_table(x):
    rows = "".join(f"| `{n.ss}` | {n.h} | {x.pick(ADJ)} |\n" for n in x.rng.sample(CLEAN_NOUNS, 4))
    n = x.noun()
    rows += f"| `{n.ss}` | {n.h} | {x.pick(ADJ)} |\n"
    return f"| Table | Holds | Default filter |\n| --- | --- | --- |\n{rows}\n"


def md_build(x):
    return """### Building locally

```bash
make build
make test
./bin/server --config config/local.yaml
```

"""


def md_d(x):
    return x.pick([
        "The go runtime reports its heap size on `/debug/vars`; logs longer than 4 KB are truncated, and old entries are pruned nightly.\n\n",
        "If a migration fails half way, fix it and rerun the job: the step that was running is picked up again.\n\n",
        "Strings are counted in runes, so an emoji counts once when a title is truncated.\n\n",
    ])


def md_idiom(x):
    return x.pick([
        "Start the server with `go run ./cmd/server`, or the console with `npm run dev`.\n\n",
        "### Running the tests\n\n```bash\ngo test ./...\nnpm run test -- --watch=false\n```\n\n",
        "A session ends when the browser closes; each run of the agent gets its own session token.\n\n",
    ])


def gen_md(x, size, path):
    title = os.path.basename(path)[:-3].replace("-", " ").replace("_", " ").capitalize()
    body, n = [f"# {title}\n\n"], 0
    while n < size:
        if x.distract():
            c = md_d(x)
        elif x.idiom():
            c = md_idiom(x)
        else:
            r = x.rng.random()
            c = md_section(x) if r < 0.55 else md_code(x) if r < 0.8 else md_table(x) if r < 0.95 else md_build(x)
        body.append(c)
        n += len(c)
    return "".join(body)


# ---------------------------------------------------------------------------
# YAML and JSON.

def yaml_deploy(x):
    n, o = x.noun(), x.other()
    dis = "      runtimeClassName: gvisor\n" if x.distract() else ""
    return f"""---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {n.k}-service
  labels:
    app.kubernetes.io/name: {n.k}-service
    app.kubernetes.io/part-of: platform
spec:
  replicas: {x.rng.randint(1, 6)}
  selector:
    matchLabels:
      app.kubernetes.io/name: {n.k}-service
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {n.k}-service
    spec:
{dis}      containers:
        - name: {n.k}-service
          image: ghcr.io/acme/{n.k}-service:1.{x.rng.randint(0, 40)}.{x.rng.randint(0, 9)}
          env:
            - name: {n.U}_TIMEOUT
              value: "{x.rng.randint(5, 120)}s"
            - name: DEFAULT_{o.U}_ID
              value: "{x.rng.randrange(16 ** 8):08x}"
          resources:
            limits:
              memory: {x.pick(["256Mi", "512Mi", "1Gi"])}
"""


def yaml_config(x):
    n, o = x.noun(), x.other()
    return f"""{n.s}:
  enabled: true
  page_size: {x.rng.randint(10, 200)}
  {o.s}_ttl: {x.rng.randint(1, 72)}h
  endpoints:
    list: /api/v1/{n.ks}
    get: /api/v1/{n.ks}/{{{n.c}Id}}
  retry:
    attempts: {x.rng.randint(1, 5)}
    backoff: {x.pick(["100ms", "250ms", "1s"])}
"""


def yaml_workflow(x):
    return f"""name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Test
        run: make test
      - name: Lint
        run: npm run lint
        env:
          RUN_ID: ${{{{ github.run_id }}}}
"""


def json_fixture(x):
    n, o = x.noun(), x.other()
    fs = x.fields(2, 5)
    parts = []
    for _ in range(x.rng.randint(3, 8)):
        kv = [f'"id": "{x.rng.randrange(16 ** 12):012x}"', f'"{o.c}Id": "{x.rng.randrange(16 ** 8):08x}"']
        for f in fs:
            v = x.rng.randint(0, 5000) if f.ts == "number" else ("true" if x.rng.random() < 0.5 else "false") if f.ts == "boolean" else f'"{x.pick(STATUSES)}"'
            kv.append(f'"{f.c}": {v}')
        parts.append("    {" + ", ".join(kv) + "}")
    return f'  "{n.cs}": [\n' + ",\n".join(parts) + "\n  ]"


def gen_yaml(x, size, path):
    if path.endswith(".json"):
        parts, n = [], 0
        while n < size:
            if x.distract():
                c = '  "runtime": {"node": "20.x", "truncateLogs": true}'
            elif x.idiom():
                c = '  "sessionTimeoutSeconds": 1800'
            else:
                c = json_fixture(x)
            parts.append(c)
            n += len(c)
        # Keys may repeat in a large fixture; JSON parsers keep the last.
        return "{\n" + ",\n".join(parts) + "\n}\n"
    if "/.github/workflows/" in path:
        return yaml_workflow(x)
    body, n = [], 0
    gen = yaml_deploy if "/deploy/" in path else yaml_config
    while n < size:
        if gen is yaml_config and x.distract():
            c = "maintenance:\n  prune: true\n  truncate_logs_after: 30d\n"
        elif gen is yaml_config and x.idiom():
            c = "runs:\n  keep_last: 50\n"
        else:
            c = gen(x)
        body.append(c)
        n += len(c)
    return "".join(body)


# ---------------------------------------------------------------------------
# Other text: Makefile, shell scripts, notes, Dockerfiles.

def gen_other(x, size, path):
    name = os.path.basename(path)
    out, n = [], 0
    if name == "Makefile":
        out.append(".PHONY: build test lint\n\nbuild:\n\tgo build -o bin/ ./cmd/...\n\ntest:\n\tgo test ./...\n\n")
        while n < size:
            if x.distract():
                c = "clean:\n\tdocker system prune -f\n\ttruncate -s 0 logs/*.txt\n\n"
            elif x.idiom():
                c = "dev:\n\tgo run ./cmd/server --config config/local.yaml\n\n"
            else:
                t = x.noun()
                c = f"gen-{t.k}:\n\tgo generate ./internal/{t.s.replace('_', '')}/...\n\t@echo generated {t.hs}\n\n"
            out.append(c)
            n += len(c)
    elif name == "Dockerfile":
        return ("FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/server ./cmd/server\n\n"
                "FROM gcr.io/distroless/base\nCOPY --from=build /out/server /server\nENTRYPOINT [\"/server\"]\n")
    elif name.endswith(".sh"):
        out.append("#!/usr/bin/env bash\nset -euo pipefail\n\n")
        while n < size:
            if x.distract():
                c = "# keep the log short: older lines are truncated\ntail -n 1000 app.log > app.log.tmp && mv app.log.tmp app.log\n\n"
            elif x.idiom():
                c = 'docker run --rm -e RUN_ID="${RUN_ID:-local}" acme/tools:latest migrate\n\n'
            else:
                t = x.noun()
                c = f'echo "exporting {t.hs}"\ncurl -fsS "$API/api/v1/{t.ks}?limit=100" -o "out/{t.ss}.json"\n\n'
            out.append(c)
            n += len(c)
    else:
        while n < size:
            if x.distract():
                c = "Note: the job was rerun after the runtime upgrade; nothing was pruned.\n\n"
            elif x.idiom():
                c = "To try it: go run ./cmd/cli sessions list\n\n"
            else:
                t, o = x.noun(), x.other()
                c = (f"{t.H} notes ({x.pick(PEOPLE)}): every {t.h} belongs to one {o.h}. "
                     f"The {x.pick(WORDS)} for {t.hs} is {x.pick(ADJ)} by default; "
                     f"see {t.ks}.md for the {x.pick(WORDS)}.\n\n")
            out.append(c)
            n += len(c)
    return "".join(out)


def gen_binary(rng, size):
    # PNG signature and an IHDR chunk (NUL bytes within the first 16), then
    # noise with a text chunk that would match if the file were searched.
    head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    text = b"\x00\x00\x00\x20tEXtComment\x00run_id=RunID session\x00"
    return head + text + rng.randbytes(max(0, size - len(head) - len(text)))


# ---------------------------------------------------------------------------
# Layout: where each kind of file goes.

def layout(kind, x, root):
    """A relative path for a new file of `kind` in `root`."""
    rng = x.rng
    name_noun = rng.choice(x.hot) if x.kind == "hit" and rng.random() < 0.5 else rng.choice(CLEAN_NOUNS)
    pkg = rng.choice(HOT_PKGS) if x.kind == "hit" and rng.random() < 0.3 else rng.choice(PKGS)
    stem = name_noun.s
    if kind == "go":
        if x.big:
            return f"gen/proto/{pkg}/v1/{pkg}.pb.go"
        top = rng.choice(["internal", "internal", "internal", "pkg", "cmd"])
        if top == "cmd":
            return f"cmd/{pkg}-{rng.choice(['server', 'worker', 'cli'])}/main.go"
        layer = rng.choice(["store", "service", "handler", "model", "client", "worker"])
        suffix = "_test" if rng.random() < 0.25 else ""
        return f"{top}/{pkg}/{layer}/{stem}_{layer}{suffix}.go"
    if kind == "typescript":
        if x.big:
            return f"src/generated/{pkg}-api.ts"
        area = rng.choice(["components", "components", "pages", "api", "hooks", "store", "lib"])
        if area in ("components", "pages"):
            comp = name_noun.P + rng.choice(["Card", "List", "Page", "Panel", "Table", "Form", "Dialog"])
            test = rng.random() < 0.2
            return f"src/{area}/{pkg}/{'__tests__/' if test else ''}{comp}{'.test' if test else ''}.tsx"
        return f"src/{area}/{pkg}/{name_noun.c}{rng.choice(['', 'Api', 'Utils', 'Slice'])}.ts"
    if kind == "python":
        if rng.random() < 0.25:
            return f"tests/{pkg}/test_{stem}.py"
        return f"{rng.choice(['pipelines', 'services', 'workers'])}/{pkg}/{stem}_{rng.choice(['repo', 'api', 'models', 'tasks', 'utils'])}.py"
    if kind == "rust":
        return f"crates/{pkg}-{rng.choice(['core', 'agent', 'proto', 'net'])}/src/{stem}.rs"
    if kind == "proto":
        return f"proto/{pkg}/v1/{stem}.proto"
    if kind == "sql":
        if x.big:
            return f"db/schema/{pkg}_dump.sql"
        if rng.random() < 0.6:
            return f"migrations/{rng.randint(1, 9999):04d}_{rng.choice(VERBS)}_{stem}.sql"
        return f"db/queries/{pkg}/{stem}.sql"
    if kind == "markdown":
        if x.big:
            return f"docs/{pkg}/CHANGELOG.md"
        return f"docs/{rng.choice(['guides', 'design', 'runbooks', 'api', 'adr'])}/{pkg}/{name_noun.k}-{rng.choice(WORDS)}.md"
    if kind == "yaml_json":
        r = rng.random()
        if x.kind == "hit" and r < 0.25:
            return f".github/workflows/{pkg}-{rng.choice(['ci', 'release', 'nightly'])}.yml"
        if x.big or r < 0.45:
            return f"fixtures/{pkg}/{stem}.json"
        if r < 0.75:
            return f"deploy/k8s/{pkg}/{stem}-deployment.yaml"
        return f"config/{pkg}/{stem}.yaml"
    if kind == "other_text":
        r = rng.random()
        if x.kind == "hit" and r < 0.1:
            return f"build/{pkg}/{name_noun.k}/Dockerfile"
        if r < 0.3:
            return f"tools/{pkg}/{name_noun.k}/Makefile"
        if r < 0.65:
            return f"scripts/{pkg}/{stem}-{rng.choice(VERBS)}.sh"
        return f"notes/{pkg}/{stem}.txt"
    if kind == "binary":
        return f"assets/{pkg}/{stem}-{rng.randint(16, 512)}.png"
    if kind == "ignored":
        if rng.random() < 0.3:
            return f"dist/assets/{pkg}-{rng.randrange(16 ** 8):08x}.js"
        lib = rng.choice(["@acme/ui-kit", "left-pad-plus", "tiny-router", "date-fmt", "zod-extra",
                          "query-core", "@acme/icons", "fast-json", "http-kit", "state-box"])
        return f"node_modules/{lib}/{rng.choice(['dist', 'lib', 'esm'])}/{stem}.{rng.choice(['js', 'd.ts', 'mjs'])}"
    raise ValueError(kind)


GENERATORS = {
    "go": gen_go, "typescript": gen_ts, "python": gen_py, "rust": gen_rs, "proto": gen_proto,
    "sql": gen_sql, "markdown": gen_md, "yaml_json": gen_yaml, "other_text": gen_other,
}
SIZE_MEDIAN = {"go": 7000, "typescript": 5000, "python": 5000, "rust": 6000, "proto": 3000, "sql": 4000,
               "markdown": 6000, "yaml_json": 2500, "other_text": 2000, "binary": 40000, "ignored": 8000}


def sample_size(rng, kind, big):
    if big:
        return rng.randint(200_000, 1_000_000)
    if kind == "binary":
        return int(rng.lognormvariate(math.log(SIZE_MEDIAN[kind]), 1.0)) + 200
    v = rng.lognormvariate(math.log(SIZE_MEDIAN[kind]), 0.75)
    return int(min(max(v, 600), 30_000))


# ---------------------------------------------------------------------------

def parse_size(text):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)i?[bB]?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {text!r} (e.g. 320M, 1G, 50M)")
    mult = {"": 1 << 20, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


class Stats:
    def __init__(self):
        self.files = {}
        self.bytes = {}
        self.kinds = {"hit": 0, "distractor": 0, "clean": 0}
        self.root_files = {r: 0 for r in ROOTS}
        self.root_bytes = {r: 0 for r in ROOTS}

    def add(self, key, root, nbytes):
        self.files[key] = self.files.get(key, 0) + 1
        self.bytes[key] = self.bytes.get(key, 0) + nbytes
        self.root_files[root] += 1
        self.root_bytes[root] += nbytes


def language_of(path):
    ext = path.rsplit(".", 1)[-1] if "." in os.path.basename(path) else ""
    return {"go": "go", "ts": "typescript", "tsx": "tsx", "py": "python", "rs": "rust", "proto": "proto",
            "sql": "sql", "md": "markdown", "yaml": "yaml", "yml": "yaml", "json": "json",
            "sh": "shell", "txt": "text", "png": "binary (png)"}.get(ext, os.path.basename(path))


def check_kind(kind, text, path):
    if kind == "clean":
        low = text.lower()
        ok = "run" not in low and "session" not in low
    elif kind == "distractor":
        low = text.lower()
        ok = ("run" in low or "session" in low) and WORD_RE.search(text) is None
    else:
        ok = WORD_RE.search(text) is not None
    if not ok:
        m = WORD_RE.search(text)
        where = f" (first match {m.group(0)!r})" if m else ""
        raise AssertionError(f"generator bug: {path} should be {kind}{where}")


def generate(out, total, seed):
    rng = random.Random(seed)
    stats = Stats()
    ignored = Stats()
    used = set()
    made_dirs = set()

    def write(rel_root, rel, data):
        path = os.path.join(out, rel_root, rel)
        d = os.path.dirname(path)
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs.add(d)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as fh:
            fh.write(data)

    def unique(root, rel):
        key = root + "/" + rel
        if key not in used:
            used.add(key)
            return rel
        d, name = rel.rsplit("/", 1)
        if "." not in name:  # Makefile, Dockerfile: number the folder
            cand = lambda i: f"{d}-{i}/{name}"
        else:
            stem, ext = name.split(".", 1)  # keeps `.d.ts`, `.test.tsx` whole
            cand = lambda i: f"{d}/{stem}_{i}.{ext}"
        i = 2
        while f"{root}/{cand(i)}" in used:
            i += 1
        used.add(f"{root}/{cand(i)}")
        return cand(i)

    for root in ROOTS:
        write(root, ".gitignore", GITIGNORE)
        stats.add("gitignore", root, len(GITIGNORE))
        readme = f"# {root}\n\nPart of the acme platform. See docs/ for guides.\n\n## Layout\n\n- `cmd/`: binaries\n- `internal/`: packages\n- `docs/`: guides\n"
        write(root, "README.md", readme)
        stats.add("markdown", root, len(readme))
        stats.kinds["clean"] += 1

    plan = [("ignored", total * IGNORED_SHARE)] + [(k, total * (1 - IGNORED_SHARE) * s) for k, s in SHARES]
    for kind, budget in plan:
        weights = ROOT_WEIGHTS[kind]
        done = 0
        while done < budget:
            root = rng.choices(ROOTS, weights)[0]
            big = rng.random() < BIG_P[kind]
            size = sample_size(rng, kind, big)
            if kind == "binary":
                x = Ctx(rng, "clean", False)
                rel = unique(root, layout(kind, x, root))
                data = gen_binary(rng, size)
                write(root, rel, data)
                stats.add("binary", root, len(data))
                done += len(data)
                continue
            r = rng.random()
            fkind = "hit" if r < P_HIT else "distractor" if r < P_HIT + P_DISTRACTOR else "clean"
            x = Ctx(rng, fkind, big)
            if kind == "ignored":
                rel = unique(root, layout(kind, x, root))
                text = gen_ts(x, size, rel.replace(".d.ts", ".ts"))
                write(root, rel, text)
                ignored.add("ignored", root, len(text))
                done += len(text)
                continue
            rel = unique(root, layout(kind, x, root))
            text = GENERATORS[kind](x, size, "/" + rel)
            check_kind(fkind, text, f"{root}/{rel}")
            write(root, rel, text)
            stats.add(language_of(rel), root, len(text.encode("utf-8")))
            stats.kinds[fkind] += 1
            done += len(text)
    return stats, ignored


def manifest(stats, ignored, seed, total):
    scanned_files = sum(stats.files.values())
    scanned_bytes = sum(stats.bytes.values())
    lines = [
        "termshift benchmark corpus (generated by bench/gen_corpus.py; do not edit)",
        f"seed: {seed}",
        f"size target: {total} bytes",
        f"roots: {' '.join(ROOTS)}",
        "",
        f"searched files (not ignored): {scanned_files} files, {scanned_bytes} bytes",
        f"ignored through .gitignore (node_modules/, dist/): {sum(ignored.files.values())} files, {sum(ignored.bytes.values())} bytes",
        "",
        f"{'language':<14} {'files':>8} {'bytes':>12} {'share':>7}",
    ]
    for key in sorted(stats.files, key=lambda k: -stats.bytes[k]):
        lines.append(f"{key:<14} {stats.files[key]:>8} {stats.bytes[key]:>12} {100 * stats.bytes[key] / scanned_bytes:>6.1f}%")
    text_files = sum(stats.kinds.values())
    lines += ["", f"text files by content ({text_files} text files, binaries and .gitignore excluded):"]
    desc = {"hit": "hold run/runs/session/sessions as a whole word",
            "distractor": "hold the bytes only (runtime, prune, ...)",
            "clean": "hold neither"}
    for k in ("hit", "distractor", "clean"):
        lines.append(f"  {k:<11} {stats.kinds[k]:>8}  {100 * stats.kinds[k] / text_files:5.1f}%  {desc[k]}")
    lines += ["", f"{'root':<14} {'files':>8} {'bytes':>12}  (searched)"]
    for r in ROOTS:
        lines.append(f"{r:<14} {stats.root_files[r]:>8} {stats.root_bytes[r]:>12}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output directory (created; its roots are the repositories)")
    ap.add_argument("--size", type=parse_size, default=parse_size(DEFAULT_SIZE),
                    help=f"total size target, e.g. 320M (default), 50M, 1G; a bare number is MB")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = ap.parse_args()

    out = os.path.abspath(args.out)
    if os.path.exists(out):
        if not args.force:
            sys.exit(f"gen_corpus: {out} exists; pass --force to replace it")
        shutil.rmtree(out)
    tmp = out + ".tmp"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    started = time.monotonic()
    stats, ignored = generate(tmp, args.size, args.seed)
    text = manifest(stats, ignored, args.seed, args.size)
    with open(os.path.join(tmp, "MANIFEST.txt"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.rename(tmp, out)  # only a finished corpus gets the final name
    sys.stdout.write(text)
    print(f"generated {out} in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
