"""SQL for debts, bound to one company."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db import Tx, utcnow
from relance.debts.tables import debts

PENDING = "status.default.pending"

_GET = sa.select(debts).where(debts.c.id == param("id"))
_INSERT_COLUMNS = [
    c.name for c in debts.columns if c.name not in ("id", "created_at", "updated_at")
]
_INSERT = (
    sa.insert(debts)
    .values({name: param(name) for name in [*_INSERT_COLUMNS, "created_at", "updated_at"]})
    .returning(debts.c.id)
)
_DEFAULTS: dict[str, Any] = dict.fromkeys(_INSERT_COLUMNS) | {
    "status": PENDING,
    "amount_paid_cents": 0,
    "followups_count": 0,
    "nb_reminders": 0,
    "nb_answered": 0,
}


class DebtRepository:
    """Every statement carries the company id: a debt of another company is never returned."""

    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def insert(self, values: Mapping[str, Any]) -> int:
        now = utcnow()
        row = {**_DEFAULTS, **values, "company_id": self.company_id}
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
        return int(await self.tx.fetch_val(_INSERT, row))

    async def owner_of(self, debt_id: int) -> int | None:
        """The company that owns a debt (to tell 403 from 404), None when it does not exist."""
        row = await self.tx.fetch_one(_GET, {"id": debt_id})
        return None if row is None else int(row["company_id"])
