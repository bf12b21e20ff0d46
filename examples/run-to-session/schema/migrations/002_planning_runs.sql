-- 002: planning runs.
--
-- A planning run is one plan-act-check cycle behind an answer; an answer
-- has one, a chat has many. run_id here is the planning run's own id.

CREATE TABLE planning_runs (
    run_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    goal TEXT NOT NULL,
    iterations INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'done', 'abandoned')),
    started_at TEXT NOT NULL,
    finished_at TEXT
);

CREATE INDEX planning_runs_by_session ON planning_runs(session_id, started_at);
