from __future__ import annotations

from datetime import date

from billing.models import (
    Account,
    Charge,
    InvoiceLine,
    InvoiceStatus,
    PaymentKind,
    PaymentMethod,
    invoice_for_user,
)
from billing.store import BillingStore


def seeded_store() -> BillingStore:
    store = BillingStore.in_memory()
    for account_id in ("u-1", "u-2"):
        store.add_account(Account(id=account_id, name=account_id.upper()))
    return store


def test_invoices_round_trip():
    store = seeded_store()
    invoice = invoice_for_user(
        "u-1", "inv-1", date(2024, 1, 1), date(2024, 1, 31)
    )
    invoice.lines.append(InvoiceLine("Storage", 3, 250))
    invoice.status = InvoiceStatus.OPEN
    store.add_invoice(invoice)

    [loaded] = store.invoices_for_user("u-1")
    assert loaded.user_id == "u-1"
    assert loaded.amount_minor == 750
    assert store.invoices_for_user("u-2") == []


def test_invoices_are_newest_first():
    store = seeded_store()
    for month in (1, 2, 3):
        store.add_invoice(
            invoice_for_user(
                user_id="u-2",
                invoice_id=f"inv-{month}",
                period_start=date(2024, month, 1),
                period_end=date(2024, month, 28),
            )
        )
    ids = [inv.id for inv in store.invoices_for_user("u-2", limit=2)]
    assert ids == ["inv-3", "inv-2"]


def test_default_payment_method_by_account():
    store = seeded_store()
    store.add_payment_method(
        PaymentMethod(id="pm-1", user_id="u-1", kind=PaymentKind.SEPA_DEBIT)
    )
    store.add_payment_method(
        PaymentMethod(
            id="pm-2", user_id="u-1", kind=PaymentKind.CARD, is_default=True
        )
    )
    method = store.default_payment_method("u-1")
    assert method is not None
    assert method.id == "pm-2"
    assert store.default_payment_method("u-2") is None


def test_charges_are_recorded_with_account_id():
    store = seeded_store()
    store.add_invoice(
        invoice_for_user("u-1", "inv-9", date(2024, 2, 1), date(2024, 2, 29))
    )
    store.add_payment_method(
        PaymentMethod(id="pm-9", user_id="u-1", kind=PaymentKind.CARD)
    )
    store.record_charges(
        [
            Charge(
                id="ch-1",
                account_id="u-1",
                invoice_id="inv-9",
                amount_minor=100,
                currency="EUR",
                payment_method_id="pm-9",
                succeeded=True,
            )
        ]
    )
    rows = store._conn.execute(
        "SELECT account_id, succeeded FROM charges"
    ).fetchall()
    assert rows == [("u-1", 1)]
