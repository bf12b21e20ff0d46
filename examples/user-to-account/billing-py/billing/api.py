"""HTTP handlers for the billing API.

The framework glue is deliberately tiny: a handler takes a `Request` and
returns `(status, body)`. Routing is a table at the bottom of the module.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, Optional

from billing.auth import AuthError, UserDirectory, require_billing_admin
from billing.models import Invoice, InvoiceLine
from billing.service import BillingService

logger = logging.getLogger("billing.api")

Response = tuple[int, dict[str, Any]]


@dataclass
class Request:
    method: str
    path: str
    query_params: Mapping[str, str] = field(default_factory=dict)
    path_params: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    json: Optional[dict[str, Any]] = None


@dataclass
class App:
    billing: BillingService
    directory: UserDirectory


def invoice_to_dict(inv: Invoice) -> dict[str, Any]:
    return {
        "id": inv.id,
        "user_id": inv.user_id,
        "account_id": inv.user_id,
        "period": [inv.period_start.isoformat(), inv.period_end.isoformat()],
        "currency": inv.currency,
        "status": inv.status.value,
        "amount_minor": inv.amount_minor,
    }


def _account_param(request: Request) -> Optional[str]:
    # Old clients still send ?user_id=...; newer ones send ?account_id=...
    return request.query_params.get("account_id") or request.query_params.get(
        "user_id"
    )


def list_invoices(app: App, request: Request) -> Response:
    user_id = _account_param(request)
    if not user_id:
        return 400, {"error": "account_id is required"}
    limit = int(request.query_params.get("limit", "50"))
    invoices = app.billing.invoices_for_user(user_id, limit=limit)
    return 200, {
        "account_id": user_id,
        "invoices": [invoice_to_dict(inv) for inv in invoices],
    }


def list_user_invoices(app: App, request: Request) -> Response:
    """Legacy route: GET /users/{user_id}/invoices."""
    user_id = request.path_params["user_id"]
    invoices = app.billing.invoices_for_user(user_id)
    return 200, {
        "user_id": user_id,
        "invoices": [invoice_to_dict(inv) for inv in invoices],
    }


def create_invoice(app: App, request: Request) -> Response:
    try:
        operator = app.directory.current_user(request.headers)
        require_billing_admin(operator)
    except AuthError as err:
        return 401, {"error": str(err)}
    body = request.json or {}
    user_id = body.get("account_id") or body.get("user_id")
    if not user_id:
        return 400, {"error": "account_id is required"}
    lines = [
        InvoiceLine(
            description=item["description"],
            quantity=int(item.get("quantity", 1)),
            unit_price_minor=int(item["unit_price_minor"]),
        )
        for item in body.get("lines", [])
    ]
    invoice = app.billing.create_invoice(
        user_id,
        period_start=date.fromisoformat(body["period_start"]),
        period_end=date.fromisoformat(body["period_end"]),
        lines=lines,
        currency=body.get("currency", "EUR"),
    )
    logger.info(
        "invoice created",
        extra={"user_id": invoice.user_id, "operator": operator.user_id},
    )
    return 201, invoice_to_dict(invoice)


def charge_invoice(app: App, request: Request) -> Response:
    user_id = request.path_params["account_id"]
    invoice_id = request.path_params["invoice_id"]
    invoices = {
        inv.id: inv for inv in app.billing.invoices_for_user(user_id)
    }
    invoice = invoices.get(invoice_id)
    if invoice is None:
        return 404, {"error": f"no invoice {invoice_id}"}
    try:
        charge = app.billing.charge_user(user_id, invoice)
    except LookupError as err:
        return 409, {"error": str(err)}
    return 200, {
        "charge_id": charge.id,
        "account_id": charge.account_id,
        "user_id": charge.account_id,
        "succeeded": charge.succeeded,
    }


def whoami(app: App, request: Request) -> Response:
    try:
        user = app.directory.current_user(request.headers)
    except AuthError as err:
        return 401, {"error": str(err)}
    return 200, {
        "user_id": user.user_id,
        "username": user.username,
        "roles": sorted(user.roles),
        "account_id": user.account_id,
    }


Handler = Callable[[App, Request], Response]

ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/invoices"): list_invoices,
    ("POST", "/invoices"): create_invoice,
    ("GET", "/users/{user_id}/invoices"): list_user_invoices,
    (
        "POST",
        "/accounts/{account_id}/invoices/{invoice_id}/charge",
    ): charge_invoice,
    ("GET", "/auth/users/me"): whoami,
}


def match_route(method: str, path: str) -> tuple[Handler, dict[str, str]]:
    parts = path.strip("/").split("/")
    for (verb, pattern), handler in ROUTES.items():
        pattern_parts = pattern.strip("/").split("/")
        if verb != method or len(pattern_parts) != len(parts):
            continue
        params: dict[str, str] = {}
        for want, got in zip(pattern_parts, parts):
            if want.startswith("{") and want.endswith("}"):
                params[want[1:-1]] = got
            elif want != got:
                break
        else:
            return handler, params
    raise KeyError(f"no route for {method} {path}")


def dispatch(app: App, request: Request) -> Response:
    try:
        handler, params = match_route(request.method, request.path)
    except KeyError:
        return 404, {"error": "not found"}
    request.path_params = params
    return handler(app, request)
