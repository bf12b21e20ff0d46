-- 003: sessions get a table; turns get session_id beside the legacy run_id.
--
-- turns.run_id and turns_by_run stay until every reader uses session_id:
-- the dashboard before 2.3 still filters turns by run.

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    last_active_at TEXT NOT NULL
);

INSERT INTO sessions (id, created_at, last_active_at)
SELECT run_id, MIN(created_at), MAX(created_at)
FROM turns
GROUP BY run_id;

ALTER TABLE turns ADD COLUMN session_id TEXT REFERENCES sessions(id);

UPDATE turns SET session_id = run_id WHERE session_id IS NULL;

CREATE INDEX turns_by_session ON turns(session_id);

-- Prune conversations that never got a turn before truncating the old
-- column list; nothing reads conversations.run_id any more.
DELETE FROM conversations
WHERE id NOT IN (SELECT DISTINCT conversation_id FROM turns);
