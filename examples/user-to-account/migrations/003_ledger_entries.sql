-- 003: the ledger's entries (written by ledger-rs).

CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    posted_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE INDEX ledger_entries_by_user ON ledger_entries(user_id, id);

-- Month-end report: one row per billed user.
CREATE VIEW ledger_user_totals AS
SELECT user_id, currency, SUM(amount_minor) AS total_minor
FROM ledger_entries
GROUP BY user_id, currency;
