"""Shared helpers of the followup tests: URLs and direct row access for server-managed state."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from relance.db.transaction import write_transaction
from relance.debts.tables import debts
from relance.followups.tables import followups
from relance.kit.ids import IdKind
from tests.conftest import Factory

BASE = "/external-api/v1/followups"


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
