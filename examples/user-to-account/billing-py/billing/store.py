"""SQLite persistence for invoices, charges and payment methods.

Production runs the migrations in the `migrations` repository; the schema
below is the same shape and is used by tests and local development.
SQLite runs in userland inside the process, so there is no server to run.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Iterable, Optional

from billing.models import (
    Account,
    Charge,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    PaymentKind,
    PaymentMethod,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'EUR',
    billing_email TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS invoices (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES accounts(id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    issued_at TEXT
);

CREATE INDEX IF NOT EXISTS invoices_by_user ON invoices(user_id);

CREATE TABLE IF NOT EXISTS invoice_lines (
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

CREATE TABLE IF NOT EXISTS payment_methods (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    last4 TEXT,
    is_default INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS charges (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    payment_method_id TEXT NOT NULL REFERENCES payment_methods(id),
    succeeded INTEGER NOT NULL,
    failure_reason TEXT
);
"""

INSERT_ACCOUNT = (
    "INSERT INTO accounts (id, name, currency, billing_email, created_at) "
    "VALUES (?, ?, ?, ?, ?)"
)

INSERT_INVOICE = (
    "INSERT INTO invoices "
    "(id, user_id, period_start, period_end, currency, status, issued_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)

INSERT_LINE = (
    "INSERT INTO invoice_lines "
    "(invoice_id, position, description, quantity, unit_price_minor) "
    "VALUES (?, ?, ?, ?, ?)"
)

SELECT_INVOICES_FOR_USER = """
    SELECT id, user_id, period_start, period_end, currency, status, issued_at
    FROM invoices
    WHERE user_id = ?
    ORDER BY period_start DESC
    LIMIT ?
"""

SELECT_LINES = """
    SELECT description, quantity, unit_price_minor
    FROM invoice_lines
    WHERE invoice_id = ?
    ORDER BY position
"""

SELECT_DEFAULT_PAYMENT_METHOD = """
    SELECT id, user_id, kind, last4, is_default
    FROM payment_methods
    WHERE user_id = ? AND is_default = 1
"""

INSERT_PAYMENT_METHOD = (
    "INSERT INTO payment_methods (id, user_id, kind, last4, is_default) "
    "VALUES (?, ?, ?, ?, ?)"
)

INSERT_CHARGE = (
    "INSERT INTO charges (id, account_id, invoice_id, amount_minor, "
    "currency, payment_method_id, succeeded, failure_reason) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


class BillingStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def in_memory(cls) -> "BillingStore":
        # A fresh connection per store: tests never reuse state.
        conn = sqlite3.connect(":memory:")
        conn.executescript(SCHEMA)
        return cls(conn)

    def add_account(self, account: Account) -> None:
        with self._conn:
            self._conn.execute(
                INSERT_ACCOUNT,
                (
                    account.id,
                    account.name,
                    account.currency,
                    account.billing_email,
                    account.created_at.isoformat(),
                ),
            )

    def add_invoice(self, invoice: Invoice) -> None:
        issued = invoice.issued_at.isoformat() if invoice.issued_at else None
        with self._conn:
            self._conn.execute(
                INSERT_INVOICE,
                (
                    invoice.id,
                    invoice.user_id,
                    invoice.period_start.isoformat(),
                    invoice.period_end.isoformat(),
                    invoice.currency,
                    invoice.status.value,
                    issued,
                ),
            )
            self._conn.executemany(
                INSERT_LINE,
                [
                    (
                        invoice.id,
                        pos,
                        line.description,
                        line.quantity,
                        line.unit_price_minor,
                    )
                    for pos, line in enumerate(invoice.lines)
                ],
            )

    def invoices_for_user(
        self, user_id: str, limit: int = 50
    ) -> list[Invoice]:
        rows = self._conn.execute(
            SELECT_INVOICES_FOR_USER, (user_id, limit)
        ).fetchall()
        return [self._invoice_from_row(row) for row in rows]

    def _invoice_from_row(self, row: tuple) -> Invoice:
        inv_id, user_id, start, end, currency, status, issued = row
        lines = [
            InvoiceLine(description=d, quantity=q, unit_price_minor=p)
            for d, q, p in self._conn.execute(SELECT_LINES, (inv_id,))
        ]
        return Invoice(
            id=inv_id,
            user_id=user_id,
            period_start=date.fromisoformat(start),
            period_end=date.fromisoformat(end),
            currency=currency,
            status=InvoiceStatus(status),
            lines=lines,
            issued_at=datetime.fromisoformat(issued) if issued else None,
        )

    def add_payment_method(self, method: PaymentMethod) -> None:
        with self._conn:
            self._conn.execute(
                INSERT_PAYMENT_METHOD,
                (
                    method.id,
                    method.user_id,
                    method.kind.value,
                    method.last4,
                    int(method.is_default),
                ),
            )

    def default_payment_method(
        self, account_id: str
    ) -> Optional[PaymentMethod]:
        row = self._conn.execute(
            SELECT_DEFAULT_PAYMENT_METHOD, (account_id,)
        ).fetchone()
        if row is None:
            return None
        pm_id, owner, kind, last4, is_default = row
        return PaymentMethod(
            id=pm_id,
            user_id=owner,
            kind=PaymentKind(kind),
            last4=last4,
            is_default=bool(is_default),
        )

    def record_charges(self, charges: Iterable[Charge]) -> None:
        with self._conn:
            self._conn.executemany(
                INSERT_CHARGE,
                [
                    (
                        c.id,
                        c.account_id,
                        c.invoice_id,
                        c.amount_minor,
                        c.currency,
                        c.payment_method_id,
                        int(c.succeeded),
                        c.failure_reason,
                    )
                    for c in charges
                ],
            )
