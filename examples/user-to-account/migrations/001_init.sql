-- 001: accounts, invoices and console logins.
--
-- invoices.user_id holds the id of the billed account (it was named before
-- accounts existed as a table). auth_users are people who sign in.

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'EUR',
    billing_email TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES accounts(id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'open', 'paid', 'void')),
    issued_at TEXT
);

CREATE INDEX invoices_by_user ON invoices(user_id);

CREATE TABLE invoice_lines (
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

CREATE TABLE auth_users (
    user_id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE auth_sessions (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES auth_users(user_id),
    user_agent TEXT NOT NULL DEFAULT 'unknown',
    expires_at TEXT NOT NULL
);

CREATE INDEX auth_sessions_by_user ON auth_sessions(user_id);
