"""SQL for payments, bound to one company."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.tx import Tx
from relance.debts.tables import payments

_COLUMNS = [c.name for c in payments.columns if c.name != "id"]
_INSERT = sa.insert(payments).values({name: param(name) for name in _COLUMNS}).returning(payments)
_OF_DEBT = (payments.c.company_id == param("company_id")) & (payments.c.debt_id == param("debt_id"))
_COUNT = sa.select(sa.func.count()).select_from(payments).where(_OF_DEBT)
_PAGE = (
    sa.select(payments)
    .where(_OF_DEBT)
    .order_by(payments.c.paid_at.desc(), payments.c.id.desc())
    .limit(param("limit"))
    .offset(param("offset"))
)


class PaymentRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def insert(self, values: Mapping[str, Any]) -> dict[str, Any]:
        row = await self.tx.fetch_one(_INSERT, {**values, "company_id": self.company_id})
        assert row is not None  # INSERT ... RETURNING always returns the row
        return row

    async def count_for_debt(self, debt_id: int) -> int:
        params = {"company_id": self.company_id, "debt_id": debt_id}
        return int(await self.tx.fetch_val(_COUNT, params))

    async def page_for_debt(self, debt_id: int, limit: int, offset: int) -> list[dict[str, Any]]:
        params = {"company_id": self.company_id, "debt_id": debt_id}
        return await self.tx.fetch_all(_PAGE, {**params, "limit": limit, "offset": offset})
