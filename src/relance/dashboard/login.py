"""Logging in and out: the throttle, the password check and the session row.

The password is checked on a plain read, outside any transaction: Argon2 takes tens of
milliseconds, and SQLite's single writer must not wait on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relance.dashboard import repository
from relance.dashboard.passwords import password_matches
from relance.dashboard.sessions import new_token, session_expiry, token_hash
from relance.dashboard.throttle import LoginThrottle
from relance.db.tx import Tx
from relance.kit.timestamps import utcnow


@dataclass(frozen=True, slots=True)
class Verdict:
    """The operator whose password matched, or why none (``wait_seconds`` > 0: throttled)."""

    operator: dict[str, Any] | None = None
    wait_seconds: int = 0


def normalised_email(text: str) -> str:
    return text.strip().lower()[:254]


async def check_password(reads: Tx, throttle: LoginThrottle, email: str, password: str) -> Verdict:
    email = normalised_email(email)
    wait = await throttle.wait_seconds(email)
    if wait:
        return Verdict(wait_seconds=wait)
    operator = await repository.operator_by_email(reads, email) if email else None
    # Verified even for an unknown email (against a decoy hash): the timing tells nothing.
    matched = await password_matches(
        password, None if operator is None else operator["password_hash"]
    )
    if operator is None or not matched:
        await throttle.failed(email)
        return Verdict()
    return Verdict(operator=operator)


async def open_session(tx: Tx, operator: dict[str, Any]) -> str:
    """A new session for ``operator``; returns the cookie's value."""
    token, now = new_token(), utcnow()
    await repository.start_session(tx, operator, token_hash(token), now, session_expiry(now))
    return token


async def log_out(tx: Tx, token: str) -> None:
    await repository.end_session(tx, token_hash(token))
