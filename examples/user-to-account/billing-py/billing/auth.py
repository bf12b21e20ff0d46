"""Sign-in for the billing console.

A user here is a login identity: a username, a password hash, roles and
sessions. Several users can manage the same billing account; the account
they act for is `User.account_id`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Mapping, Optional

SESSION_TTL = timedelta(hours=12)
PBKDF2_ROUNDS = 240_000

ROLE_VIEWER = "viewer"
ROLE_BILLING_ADMIN = "billing_admin"
ROLE_SUPERUSER = "superuser"


class AuthError(Exception):
    """Raised when a request carries no valid session."""


@dataclass
class User:
    user_id: str
    username: str
    password_hash: str
    account_id: str
    roles: set[str] = field(default_factory=lambda: {ROLE_VIEWER})
    disabled: bool = False

    @property
    def is_superuser(self) -> bool:
        return ROLE_SUPERUSER in self.roles

    def can_manage_billing(self) -> bool:
        return self.is_superuser or ROLE_BILLING_ADMIN in self.roles


@dataclass
class SSOUserMapping:
    """Links an identity-provider subject to a local user."""

    issuer: str
    subject: str
    user_id: str


@dataclass
class Session:
    token: str
    user_id: str
    user_agent: str
    expires_at: datetime

    def expired(self, now: Optional[datetime] = None) -> bool:
        return (now or datetime.now(timezone.utc)) >= self.expires_at


def hash_password(password: str, salt: Optional[bytes] = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), salt, PBKDF2_ROUNDS
    )
    return f"pbkdf2${salt.hex()}${digest.hex()}"


def verify_password(password: str, password_hash: str) -> bool:
    _, salt_hex, digest_hex = password_hash.split("$")
    expected = hash_password(password, bytes.fromhex(salt_hex))
    return hmac.compare_digest(expected.split("$")[2], digest_hex)


def _normalise_useragent(raw: Optional[str]) -> str:
    # Browsers send very long strings; keep enough to recognise a device.
    return (raw or "unknown")[:200]


class UserDirectory:
    """In-memory users and sessions, good enough for the console."""

    def __init__(self) -> None:
        self._users: dict[str, User] = {}
        self._by_username: dict[str, str] = {}
        self._sessions: dict[str, Session] = {}

    def add_user(self, user: User) -> None:
        self._users[user.user_id] = user
        self._by_username[user.username.lower()] = user.user_id

    def users(self) -> list[User]:
        return sorted(self._users.values(), key=lambda u: u.username)

    def sign_in(
        self, username: str, password: str, headers: Mapping[str, str]
    ) -> Session:
        user_id = self._by_username.get(username.lower())
        user = self._users.get(user_id) if user_id else None
        if user is None or user.disabled:
            raise AuthError("unknown username or password")
        if not verify_password(password, user.password_hash):
            raise AuthError("unknown username or password")
        session = Session(
            token=secrets.token_urlsafe(32),
            user_id=user.user_id,
            user_agent=_normalise_useragent(headers.get("User-Agent")),
            expires_at=datetime.now(timezone.utc) + SESSION_TTL,
        )
        self._sessions[session.token] = session
        return session

    def sign_out(self, token: str) -> None:
        self._sessions.pop(token, None)

    def current_user(self, headers: Mapping[str, str]) -> User:
        """The signed-in user for a request, from its bearer token."""
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            raise AuthError("missing bearer token")
        session = self._sessions.get(auth.removeprefix("Bearer "))
        if session is None or session.expired():
            raise AuthError("session expired")
        return self._users[session.user_id]


def require_billing_admin(user: User) -> None:
    if not user.can_manage_billing():
        raise AuthError(f"user {user.username} may not manage billing")
