"""Billing data model.

An account is the customer we bill: it owns invoices, a payment method and
a currency. Older code calls the same thing a "user"; see docs/billing.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Optional


class InvoiceStatus(str, enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


class PaymentKind(str, enum.Enum):
    CARD = "card"
    SEPA_DEBIT = "sepa_debit"
    INVOICE_TRANSFER = "invoice_transfer"


@dataclass
class Account:
    """A billed customer."""

    id: str
    name: str
    currency: str = "EUR"
    billing_email: Optional[str] = None
    created_at: datetime = field(
        default_factory=lambda: datetime.now(timezone.utc)
    )


# Legacy name kept so that old importers keep working.
BillingUser = Account


@dataclass
class PaymentMethod:
    id: str
    # The user that owns the card or mandate.
    user_id: str
    kind: PaymentKind
    last4: Optional[str] = None
    is_default: bool = False


@dataclass
class InvoiceLine:
    description: str
    quantity: int
    unit_price_minor: int

    @property
    def total_minor(self) -> int:
        return self.quantity * self.unit_price_minor


@dataclass
class Invoice:
    id: str
    # Billing account the invoice is addressed to (historically the "user").
    user_id: str
    period_start: date
    period_end: date
    currency: str
    status: InvoiceStatus = InvoiceStatus.DRAFT
    lines: list[InvoiceLine] = field(default_factory=list)
    issued_at: Optional[datetime] = None

    @property
    def amount_minor(self) -> int:
        return sum(line.total_minor for line in self.lines)

    def is_payable(self) -> bool:
        return self.status is InvoiceStatus.OPEN and self.amount_minor > 0


@dataclass
class Charge:
    id: str
    account_id: str
    invoice_id: str
    amount_minor: int
    currency: str
    payment_method_id: str
    succeeded: bool = False
    failure_reason: Optional[str] = None


@dataclass
class Balance:
    account_id: str
    currency: str
    balance_minor: int = 0

    def apply(self, charge: Charge) -> None:
        if charge.account_id != self.account_id:
            raise ValueError("charge belongs to another account")
        if charge.succeeded:
            self.balance_minor -= charge.amount_minor


def invoice_for_user(
    user_id: str,
    invoice_id: str,
    period_start: date,
    period_end: date,
    currency: str = "EUR",
) -> Invoice:
    """Start a draft invoice for the user's billing period."""
    return Invoice(
        id=invoice_id,
        user_id=user_id,
        period_start=period_start,
        period_end=period_end,
        currency=currency,
    )
