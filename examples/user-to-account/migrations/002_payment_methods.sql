-- 002: payment methods and charges.
--
-- A payment method belongs to the user that is billed; charges already use
-- the account name.

CREATE TABLE payment_methods (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL CHECK (kind IN ('card', 'sepa_debit', 'invoice_transfer')),
    last4 TEXT,
    is_default INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX payment_methods_one_default_per_user
    ON payment_methods(user_id) WHERE is_default = 1;

CREATE TABLE charges (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    payment_method_id TEXT NOT NULL REFERENCES payment_methods(id),
    succeeded INTEGER NOT NULL,
    failure_reason TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE INDEX charges_by_account ON charges(account_id);
