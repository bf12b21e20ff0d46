-- 005: first step of the user -> account rename for the ledger.
--
-- Adds account_id beside user_id and backfills it. ledger-rs writes both
-- columns from 0.9 on; 006 will drop user_id once the nightly export reads
-- account_id.

ALTER TABLE ledger_entries ADD COLUMN account_id TEXT REFERENCES accounts(id);

UPDATE ledger_entries SET account_id = user_id WHERE account_id IS NULL;

CREATE INDEX ledger_entries_by_account ON ledger_entries(account_id, id);

DROP VIEW ledger_user_totals;

CREATE VIEW ledger_account_totals AS
SELECT account_id, currency, SUM(amount_minor) AS total_minor
FROM ledger_entries
GROUP BY account_id, currency;
