from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from billing.api import App, Request, dispatch, invoice_to_dict
from billing.auth import ROLE_BILLING_ADMIN, User, UserDirectory, hash_password
from billing.models import Account, Invoice, InvoiceLine, PaymentKind
from billing.models import PaymentMethod
from billing.service import BillingService
from billing.store import BillingStore

FIXTURES = Path(__file__).parent / "fixtures"


def ok_gateway(method, amount_minor, currency):
    return None


def make_app() -> tuple[App, str]:
    store = BillingStore.in_memory()
    store.add_account(Account(id="u-1", name="Pebble & Co"))
    store.add_payment_method(
        PaymentMethod(
            id="pm-1", user_id="u-1", kind=PaymentKind.CARD, is_default=True
        )
    )
    directory = UserDirectory()
    directory.add_user(
        User(
            user_id="login-7",
            username="mira",
            password_hash=hash_password("correct horse"),
            account_id="u-1",
            roles={ROLE_BILLING_ADMIN},
        )
    )
    session = directory.sign_in(
        "mira", "correct horse", {"User-Agent": "pytest"}
    )
    app = App(billing=BillingService(store, ok_gateway), directory=directory)
    return app, session.token


def issue(app: App, user_id: str = "u-1") -> Invoice:
    return app.billing.create_invoice(
        user_id=user_id,
        period_start=date(2024, 5, 1),
        period_end=date(2024, 5, 31),
        lines=[InvoiceLine("Seats", 7, 700)],
    )


def test_invoice_dict_keeps_legacy_key():
    app, _ = make_app()
    body = invoice_to_dict(issue(app))
    assert body["account_id"] == "u-1"
    assert body["user_id"] == body["account_id"]


def test_invoice_dict_matches_v1_fixture():
    fixture = json.loads((FIXTURES / "invoice_v1.json").read_text())
    assert set(fixture) >= {"user_id", "account_id", "amount_minor"}
    assert fixture["user_id"] == fixture["account_id"]


def test_list_invoices_accepts_user_id_param():
    app, _ = make_app()
    issue(app)
    status, body = dispatch(
        app, Request("GET", "/invoices", query_params={"user_id": "u-1"})
    )
    assert status == 200
    assert body["account_id"] == "u-1"
    assert len(body["invoices"]) == 1


def test_list_invoices_prefers_account_id_param():
    app, _ = make_app()
    issue(app)
    status, body = dispatch(
        app,
        Request(
            "GET",
            "/invoices",
            query_params={"account_id": "u-1", "user_id": "u-404"},
        ),
    )
    assert status == 200
    assert [inv["account_id"] for inv in body["invoices"]] == ["u-1"]


def test_legacy_users_route():
    app, _ = make_app()
    issue(app)
    status, body = dispatch(app, Request("GET", "/users/u-1/invoices"))
    assert status == 200
    assert body["user_id"] == "u-1"


def test_create_invoice_requires_session():
    app, _ = make_app()
    status, _ = dispatch(
        app, Request("POST", "/invoices", json={"user_id": "u-1"})
    )
    assert status == 401


def test_create_invoice_with_legacy_body():
    app, token = make_app()
    status, body = dispatch(
        app,
        Request(
            "POST",
            "/invoices",
            headers={"Authorization": f"Bearer {token}"},
            json={
                "user_id": "u-1",
                "period_start": "2024-06-01",
                "period_end": "2024-06-30",
                "lines": [{"description": "Seats", "unit_price_minor": 900}],
            },
        ),
    )
    assert status == 201
    assert body["account_id"] == "u-1"
    assert body["amount_minor"] == 900


def test_charge_invoice():
    app, _ = make_app()
    invoice = issue(app)
    status, body = dispatch(
        app,
        Request("POST", f"/accounts/u-1/invoices/{invoice.id}/charge"),
    )
    assert status == 200
    assert body["succeeded"] is True
    assert body["user_id"] == body["account_id"] == "u-1"


def test_whoami_is_about_the_login_user():
    app, token = make_app()
    status, body = dispatch(
        app,
        Request(
            "GET",
            "/auth/users/me",
            headers={"Authorization": f"Bearer {token}"},
        ),
    )
    assert status == 200
    assert body["user_id"] == "login-7"
    assert body["username"] == "mira"
    assert body["account_id"] == "u-1"
