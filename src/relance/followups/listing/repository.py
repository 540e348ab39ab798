"""Runs the cached list statements for one company; one round trip per page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from relance.db.tx import Tx
from relance.followups.listing.cursor import Position
from relance.followups.listing.query import ListQuery
from relance.followups.listing.statements import Shape, bind_values, statement
from relance.kit.ownership import Access


@dataclass(frozen=True, slots=True)
class Fetched:
    """``access`` is about the debt of a debt-scoped list (OWNED for a company-wide one)."""

    access: Access
    total: int | None = None
    rows: Sequence[Mapping[str, Any]] = field(default_factory=list)


class FollowupListRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def page(self, query: ListQuery, offset: int, limit: int) -> Fetched:
        shape = Shape.of(query, cursor=False, after_null=None)
        params = bind_values(query, self.company_id) | {"limit": limit, "offset": offset}
        return self._unpack(shape, await self.tx.fetch_rows(statement(shape), params))

    async def after(self, query: ListQuery, position: Position | None, limit: int) -> Fetched:
        """Up to ``limit`` rows past ``position`` (from the start when None); no OFFSET."""
        after_null = None if position is None else position.key is None
        shape = Shape.of(query, cursor=True, after_null=after_null)
        params = bind_values(query, self.company_id) | {"limit": limit}
        if position is not None:
            params |= {"after_key": position.key, "after_id": position.row_id}
        return self._unpack(shape, await self.tx.fetch_rows(statement(shape), params))

    def _unpack(self, shape: Shape, rows: Sequence[Mapping[str, Any]]) -> Fetched:
        anchored = shape.by_debt or not shape.cursor
        if not anchored:
            return Fetched(Access.OWNED, None, rows)
        if not rows:  # the anchor row is missing: the debt does not exist
            return Fetched(Access.MISSING)
        first = rows[0]
        if shape.by_debt and Access.of(first["debt_company_id"], self.company_id) is Access.FOREIGN:
            return Fetched(Access.FOREIGN)
        total = first.get("list_total")
        return Fetched(Access.OWNED, total, [row for row in rows if row["id"] is not None])
