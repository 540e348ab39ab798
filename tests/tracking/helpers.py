"""Followup rows for tracking and media tests, inserted with Core (no followups API here)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db import utcnow, write_transaction
from relance.followups.tables import followups
from relance.ids import IdKind
from relance.state import AppState
from relance.tracking.tables import email_events
from tests.conftest import Factory, Tenant

_COLUMNS = [column.name for column in followups.columns if column.name != "id"]
_INSERT = (
    sa.insert(followups).values({name: param(name) for name in _COLUMNS}).returning(followups.c.id)
)
_SELECT = sa.select(followups).where(followups.c.id == param("id"))


@dataclass(frozen=True)
class FollowupRef:
    key: int
    public_id: str
    company_id: int


async def make_followup_row(
    factory: Factory,
    tenant: Tenant,
    debt_key: int | None = None,
    type: str = "email",
    **values: Any,
) -> FollowupRef:
    """A followup of ``tenant`` (on a new debt unless ``debt_key`` is given)."""
    state = factory.state
    if debt_key is None:
        debt_key = state.ids.decode(IdKind.DEBT, await factory.make_debt(tenant))
    now = utcnow()
    row: dict[str, Any] = dict.fromkeys(_COLUMNS)
    row.update(
        company_id=tenant.company_id,
        debt_id=debt_key,
        status="sent",
        type=type,
        is_retry=False,
        triggered_payment=False,
        email_open_count=0,
        email_click_count=0,
        processed_at=now,
        activity_at=now,
        created_at=now,
        updated_at=now,
        version=1,
    )
    row.update(values)
    async with write_transaction(state.database) as tx:
        key = int(await tx.fetch_val(_INSERT, row))
    return FollowupRef(key, state.ids.encode(IdKind.FOLLOWUP, key), tenant.company_id)


async def fetch_followup(state: AppState, key: int) -> dict[str, Any]:
    async with state.database.read() as tx:
        row = await tx.fetch_one(_SELECT, {"id": key})
    assert row is not None
    return row


_EVENTS = (
    sa.select(email_events.c.event, email_events.c.event_id, email_events.c.occurred_at)
    .where(email_events.c.followup_id == param("id"))
    .order_by(email_events.c.id)
)


async def fetch_events(state: AppState, key: int) -> list[dict[str, Any]]:
    async with state.database.read() as tx:
        return await tx.fetch_all(_EVENTS, {"id": key})


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def path_of(url: str) -> str:
    """The path of a link the app handed out (its base is the test public URL)."""
    return url.removeprefix("http://testserver")


_DELETE = sa.delete(followups).where(followups.c.id == param("id"))


async def delete_followup_row(state: AppState, key: int) -> None:
    async with write_transaction(state.database) as tx:
        await tx.execute(_DELETE, {"id": key})


def token_bytes(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def spell_token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
