"""Session cookies and CSRF tokens of the dashboard.

A session is a random token in an ``HttpOnly; SameSite=Lax`` cookie (``Secure`` when the public
URL is https); the database keeps its sha256 and an absolute expiry, so logging out ends it on
every node. A form's CSRF token is an HMAC of the session token under a key of its own
(synchroniser token without storage): another site can neither read it nor compute it. The login
form, before any session, uses the same HMAC over a random value in a short-lived cookie
(signed double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from relance.dashboard import repository
from relance.dashboard.errors import FormExpired, LoginRequired
from relance.db.tx import Tx
from relance.kit.timestamps import utcnow

SESSION_COOKIE = "relance_session"
LOGIN_COOKIE = "relance_login"
COOKIE_PATH = "/dashboard"
SESSION_LIFETIME = timedelta(hours=12)
LOGIN_FORM_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class OperatorSession:
    """Who is logged in: the operator, the one company the pages show, the forms' CSRF token."""

    operator_id: int
    company_id: int
    email: str
    token: str
    csrf_token: str


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@cache
def _csrf_key(secret: bytes) -> bytes:
    return hashlib.sha256(b"relance/dashboard/csrf/v1\x00" + secret).digest()


def csrf_token(secret: bytes, bound_to: str) -> str:
    """The CSRF token of forms shown to the holder of ``bound_to`` (a session or login value)."""
    return hmac.new(_csrf_key(secret), bound_to.encode(), hashlib.sha256).hexdigest()


def check_csrf(secret: bytes, bound_to: str | None, sent: str | None) -> None:
    """403 (a page inviting to reload the form) unless ``sent`` is the token for ``bound_to``."""
    if not bound_to or not sent or not hmac.compare_digest(csrf_token(secret, bound_to), sent):
        raise FormExpired()


def is_secure(public_url: str) -> bool:
    return public_url.lower().startswith("https://")


async def live_session(tx: Tx, secret: bytes, token: str | None) -> OperatorSession:
    """The session the cookie names, or a redirect to the login form."""
    if not token or len(token) > 100:
        raise LoginRequired()
    row = await repository.live_session(tx, token_hash(token), utcnow())
    if row is None:
        raise LoginRequired()
    return OperatorSession(
        operator_id=int(row["operator_id"]),
        company_id=int(row["company_id"]),
        email=row["email"],
        token=token,
        csrf_token=csrf_token(secret, token),
    )


def session_expiry(now: datetime) -> datetime:
    return now + SESSION_LIFETIME
