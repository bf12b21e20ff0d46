"""Conversions between the data model and the protobuf wire messages.

The ledger consumes these messages; `billing/proto/billing_pb2.py` is
generated from `proto/billing.proto` with `make proto`.
"""

from __future__ import annotations

from billing.models import Balance, Charge, Invoice, InvoiceStatus
from billing.proto import billing_pb2

_STATUS = {
    InvoiceStatus.DRAFT: billing_pb2.INVOICE_STATUS_DRAFT,
    InvoiceStatus.OPEN: billing_pb2.INVOICE_STATUS_OPEN,
    InvoiceStatus.PAID: billing_pb2.INVOICE_STATUS_PAID,
    InvoiceStatus.VOID: billing_pb2.INVOICE_STATUS_VOID,
}


def invoice_to_proto(inv: Invoice) -> billing_pb2.Invoice:
    return billing_pb2.Invoice(
        user_id=inv.user_id,
        id=inv.id,
        account_id=inv.user_id,
        amount_minor=inv.amount_minor,
        currency=inv.currency,
        status=_STATUS[inv.status],
    )


def charge_to_proto(charge: Charge) -> billing_pb2.ChargeResult:
    return billing_pb2.ChargeResult(
        charge_id=charge.id,
        account_id=charge.account_id,
        succeeded=charge.succeeded,
        failure_reason=charge.failure_reason or "",
    )


def account_of(msg: billing_pb2.ChargeRequest) -> str:
    # proto3 strings have no presence: an empty account_id means the
    # client is old and only filled in the deprecated user_id.
    return msg.account_id or msg.user_id


def balance_request_account(msg: billing_pb2.UserBalanceRequest) -> str:
    return msg.user_id


def balance_to_proto(balance: Balance) -> billing_pb2.Balance:
    return billing_pb2.Balance(
        account_id=balance.account_id,
        currency=balance.currency,
        balance_minor=balance.balance_minor,
    )
