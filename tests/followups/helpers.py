"""Helpers of the followup tests, and of every test that needs a followup: URLs, followups made
through POST /followups, and raw rows read back for what the API does not show (``updated_at``,
``version``, the storage keys of uploads, the stored counters). The one place with followup SQL
in tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.transaction import write_transaction
from relance.db.tx import Tx
from relance.debts.tables import debts
from relance.followups.tables import followups
from relance.kit.ids import IdKind
from relance.state import AppState
from tests.conftest import Factory, Tenant

BASE = "/external-api/v1/followups"
_ROW = sa.select(followups).where(followups.c.id == param("id"))
_FLAGGED = sa.select(followups.c.id).where(
    followups.c.debt_id == param("debt_id"), followups.c.triggered_payment == sa.true()
)
_OF_COMPANY = (
    sa.select(sa.func.count()).select_from(followups).where(followups.c.company_id == param("id"))
)


def url(followup_id: str) -> str:
    return f"{BASE}/{followup_id}"


def debt_url(debt_id: str) -> str:
    return f"{BASE}/debt/{debt_id}"


async def set_server_fields(factory: Factory, followup_id: str, **values: Any) -> None:
    """Sets server-managed columns (opens, attribution, media keys) as other packages would."""
    key = factory.state.ids.decode(IdKind.FOLLOWUP, followup_id)
    statement = sa.update(followups).where(followups.c.id == key).values(**values)
    async with write_transaction(factory.state.database) as tx:
        await tx.execute(statement)


async def debt_counters(factory: Factory, debt_id: str) -> dict[str, int]:
    key = factory.state.ids.decode(IdKind.DEBT, debt_id)
    statement = sa.select(debts.c.followups_count, debts.c.nb_reminders, debts.c.nb_answered).where(
        debts.c.id == key
    )
    async with factory.state.database.read() as tx:
        row = await tx.fetch_one(statement)
    assert row is not None
    return dict(row)


@dataclass(frozen=True)
class FollowupRef:
    """A followup as tests address it: the integer key (for signers and raw rows) and public id."""

    key: int
    public_id: str
    debt_id: str


async def make_followup_ref(
    factory: Factory, tenant: Tenant, debt_id: str | None = None, **values: Any
) -> FollowupRef:
    """A followup of ``tenant`` made through POST /followups (on a new debt unless given)."""
    if debt_id is None:
        debt_id = await factory.make_debt(tenant)
    data = await factory.make_followup(tenant, debt_id, **values)
    key = factory.state.ids.decode(IdKind.FOLLOWUP, data["id"])
    assert key is not None
    return FollowupRef(key, data["id"], debt_id)


async def followup_row(state: AppState, key_or_public_id: int | str) -> dict[str, Any]:
    """The stored row, server-managed columns included."""
    key: int | None
    if isinstance(key_or_public_id, str):
        key = state.ids.decode(IdKind.FOLLOWUP, key_or_public_id)
    else:
        key = key_or_public_id
    async with state.database.read() as tx:
        row: dict[str, Any] | None = await tx.fetch_one(_ROW, {"id": key})
    assert row is not None
    return row


async def flagged_followups(state: AppState, public_debt_id: str) -> set[str]:
    """Public ids of the debt's followups with ``triggered_payment`` set."""
    debt_id = state.ids.decode(IdKind.DEBT, public_debt_id)
    async with state.database.read() as tx:
        rows = await tx.fetch_all(_FLAGGED, {"debt_id": debt_id})
    return {state.ids.encode(IdKind.FOLLOWUP, row["id"]) for row in rows}


async def followups_of_company(tx: Tx, company_id: int) -> int:
    return int(await tx.fetch_val(_OF_COMPANY, {"id": company_id}))
