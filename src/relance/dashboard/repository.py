"""SQL for operators and their sessions.

Logging in looks an operator up by email across companies (the login form names no company);
everything after it is bound to the session's company.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.dashboard.tables import dashboard_sessions, operators
from relance.db.tx import Tx

_INSERT_OPERATOR = (
    sa.insert(operators)
    .values(
        company_id=param("company_id"),
        email=param("email"),
        password_hash=param("password_hash"),
        created_at=param("now"),
    )
    .returning(operators.c.id, operators.c.company_id, operators.c.email, operators.c.created_at)
)
_BY_EMAIL = sa.select(operators).where(operators.c.email == param("email"))
_INSERT_SESSION = sa.insert(dashboard_sessions).values(
    token_hash=param("token_hash"),
    operator_id=param("operator_id"),
    company_id=param("company_id"),
    created_at=param("now"),
    expires_at=param("expires_at"),
)
# The operator's company is read from the operator row: a session always follows its operator.
_SESSION = (
    sa.select(
        dashboard_sessions.c.id,
        dashboard_sessions.c.expires_at,
        operators.c.id.label("operator_id"),
        operators.c.company_id,
        operators.c.email,
    )
    .join_from(dashboard_sessions, operators, operators.c.id == dashboard_sessions.c.operator_id)
    .where(
        dashboard_sessions.c.token_hash == param("token_hash"),
        dashboard_sessions.c.expires_at > param("now"),
    )
)
_END_SESSION = sa.delete(dashboard_sessions).where(
    dashboard_sessions.c.token_hash == param("token_hash")
)
_END_EXPIRED = sa.delete(dashboard_sessions).where(
    dashboard_sessions.c.operator_id == param("operator_id"),
    dashboard_sessions.c.expires_at <= param("now"),
)


async def insert_operator(
    tx: Tx, company_id: int, email: str, password_hash: str, now: datetime
) -> dict[str, Any]:
    params = {"company_id": company_id, "email": email, "password_hash": password_hash, "now": now}
    row = await tx.fetch_one(_INSERT_OPERATOR, params)
    assert row is not None  # INSERT ... RETURNING
    return row


async def operator_by_email(tx: Tx, email: str) -> dict[str, Any] | None:
    return await tx.fetch_one(_BY_EMAIL, {"email": email})


async def start_session(
    tx: Tx, operator: dict[str, Any], token_hash: str, now: datetime, expires_at: datetime
) -> None:
    """Also drops the operator's expired sessions: the table holds live sessions only."""
    await tx.execute(_END_EXPIRED, {"operator_id": operator["id"], "now": now})
    params = {
        "token_hash": token_hash,
        "operator_id": operator["id"],
        "company_id": operator["company_id"],
        "now": now,
        "expires_at": expires_at,
    }
    await tx.execute(_INSERT_SESSION, params)


async def live_session(tx: Tx, token_hash: str, now: datetime) -> dict[str, Any] | None:
    return await tx.fetch_one(_SESSION, {"token_hash": token_hash, "now": now})


async def end_session(tx: Tx, token_hash: str) -> None:
    await tx.execute(_END_SESSION, {"token_hash": token_hash})
