"""Invoicing and charging."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from typing import Callable, Optional

from billing.models import (
    Charge,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    PaymentMethod,
    invoice_for_user,
)
from billing.obs import get_logger
from billing.store import BillingStore

log = get_logger("billing.service")

# A payment gateway takes (payment method, amount, currency) and returns
# None on success or a failure reason.
Gateway = Callable[[PaymentMethod, int, str], Optional[str]]


class BillingService:
    def __init__(self, store: BillingStore, gateway: Gateway) -> None:
        self._store = store
        self._gateway = gateway

    def create_invoice(
        self,
        user_id: str,
        period_start: date,
        period_end: date,
        lines: list[InvoiceLine],
        currency: str = "EUR",
    ) -> Invoice:
        invoice = invoice_for_user(
            user_id,
            invoice_id=f"inv-{uuid.uuid4().hex[:12]}",
            period_start=period_start,
            period_end=period_end,
            currency=currency,
        )
        invoice.lines.extend(lines)
        invoice.status = InvoiceStatus.OPEN
        invoice.issued_at = datetime.now(timezone.utc)
        self._store.add_invoice(invoice)
        log.info(
            "invoice issued",
            user_id=user_id,
            invoice_id=invoice.id,
            amount_minor=invoice.amount_minor,
        )
        return invoice

    def invoices_for_user(
        self, user_id: str, limit: int = 50
    ) -> list[Invoice]:
        return self._store.invoices_for_user(user_id, limit=limit)

    def charge_user(self, user_id: str, invoice: Invoice) -> Charge:
        """Charge the user's default payment method for an open invoice."""
        if invoice.user_id != user_id:
            raise ValueError("invoice belongs to another account")
        if not invoice.is_payable():
            raise ValueError(f"invoice {invoice.id} is not payable")
        method = self._store.default_payment_method(user_id)
        if method is None:
            log.warning("no payment method", user_id=user_id)
            raise LookupError(f"no default payment method for {user_id}")
        failure = self._gateway(method, invoice.amount_minor, invoice.currency)
        charge = Charge(
            id=f"ch-{uuid.uuid4().hex[:12]}",
            account_id=invoice.user_id,
            invoice_id=invoice.id,
            amount_minor=invoice.amount_minor,
            currency=invoice.currency,
            payment_method_id=method.id,
            succeeded=failure is None,
            failure_reason=failure,
        )
        self._store.record_charges([charge])
        if charge.succeeded:
            log.info("charged", user_id=user_id, charge_id=charge.id)
        else:
            log.error(
                "charge failed",
                account_id=charge.account_id,
                reason=failure,
            )
        return charge

    def run_monthly(self, account_ids: list[str], today: date) -> int:
        """Charge every open invoice of the given accounts; returns count."""
        charged = 0
        for account_id in account_ids:
            for invoice in self._store.invoices_for_user(account_id):
                if invoice.is_payable() and invoice.period_end < today:
                    self.charge_user(account_id, invoice)
                    charged += 1
        return charged
