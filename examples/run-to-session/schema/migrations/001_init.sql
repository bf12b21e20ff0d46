-- 001: conversations and their turns.
--
-- A run is one chat in one browser tab: turns.run_id groups the turns of a
-- run. (Sessions got their own table in 003; run_id holds the same value.)

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    run_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, idx)
);

CREATE INDEX turns_by_run ON turns(run_id);
