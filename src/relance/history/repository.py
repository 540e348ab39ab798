"""SQL of the revisions: one followup's, oldest first, a page at a time; the latest of several."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.dialects import postgresql

from relance.db.tx import Tx
from relance.history.tables import followup_revisions as revisions

r = revisions.c

_OF_FOLLOWUP = r.followup_id == param("followup_id")
_PAGE = (
    sa.select(r.version, r.changed_at, r.actor, r.override_reason, r.changes)
    .where(_OF_FOLLOWUP)
    .order_by(r.id)
    .limit(param("limit"))
    .offset(param("offset"))
)
_COUNT = sa.select(sa.func.count()).select_from(revisions).where(_OF_FOLLOWUP)

# The latest revisions of several followups at once (a dashboard page), ``limit`` each. The keys
# are one array on PostgreSQL, one JSON text on SQLite (statements are compiled once: no
# expanding IN).
_JSON_KEYS = sa.func.json_each(param("keys", type_=sa.String)).table_valued("value")
_KEYS_IN = {
    "postgresql": r.followup_id == sa.any_(param("keys", type_=postgresql.ARRAY(sa.BigInteger))),
    "sqlite": r.followup_id.in_(sa.select(_JSON_KEYS.c.value)),
}


def _latest_of_many(dialect: str) -> sa.Select[Any]:
    ranked = (
        sa.select(
            r.followup_id,
            r.id,
            r.version,
            r.changed_at,
            r.actor,
            r.override_reason,
            r.changes,
            sa.func.row_number()
            .over(partition_by=r.followup_id, order_by=r.id.desc())
            .label("rank"),
        )
        .where(_KEYS_IN[dialect])
        .subquery("ranked")
    )
    return (
        sa.select(*(column for column in ranked.c if column.name != "rank"))
        .where(ranked.c.rank <= param("limit"))
        .order_by(ranked.c.followup_id, ranked.c.id)
    )


_LATEST_OF_MANY = {dialect: _latest_of_many(dialect) for dialect in _KEYS_IN}


async def latest_of_many(tx: Tx, keys: list[int], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` latest revisions of each followup of ``keys`` (which the caller has
    found to be the company's), oldest first within each."""
    if not keys:
        return []
    bound: Any = keys if tx.dialect_name == "postgresql" else json.dumps(keys)
    return await tx.fetch_all(_LATEST_OF_MANY[tx.dialect_name], {"keys": bound, "limit": limit})


class HistoryRepository:
    """Bound to a followup the caller has found to be the company's."""

    def __init__(self, tx: Tx, followup_key: int) -> None:
        self.tx = tx
        self.followup_key = followup_key

    async def count(self) -> int:
        return int(await self.tx.fetch_val(_COUNT, {"followup_id": self.followup_key}))

    async def page(self, limit: int, offset: int) -> list[dict[str, Any]]:
        params = {"followup_id": self.followup_key, "limit": limit, "offset": offset}
        return await self.tx.fetch_all(_PAGE, params)
