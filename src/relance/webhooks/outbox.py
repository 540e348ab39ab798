"""The transactional outbox: one row per change that causes webhook events, written in the
change's own transaction, whether or not the company has a webhook (a cache of "who listens"
could miss an endpoint registered a moment ago; the fan-out skips companies without one).

Multi-statement writes call ``Outbox.record``; the one-statement followup writes on PostgreSQL
add ``pg_insert_from`` as one more CTE of their statement, so they stay one round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.tx import Tx
from relance.webhooks.rows import row_json
from relance.webhooks.tables import webhook_outbox

# The kinds of change; the dispatcher derives the SPEC 8 event types from them (events.py).
FOLLOWUP_CREATED = "followup.created"
FOLLOWUP_UPDATED = "followup.updated"
DEBT_CREATED = "debt.created"
DEBT_UPDATED = "debt.updated"
DEBT_DELETED = "debt.deleted"
PAYMENT_RECEIVED = "payment.received"

_COLUMNS = ("company_id", "kind", "debt_id", "object_id", "new", "old", "created_at")
_INSERT = sa.insert(webhook_outbox).values({name: param(name) for name in _COLUMNS})


class Outbox:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def record(
        self,
        kind: str,
        debt_id: int | None,
        object_id: int,
        new: Mapping[str, Any],
        old: Mapping[str, Any] | None,
        now: datetime,
    ) -> None:
        params = {
            "company_id": self.company_id,
            "kind": kind,
            "debt_id": debt_id,
            "object_id": object_id,
            "new": row_json(new),
            "old": row_json(old),
            "created_at": now,
        }
        await self.tx.execute(_INSERT, params)


def pg_insert_from(
    kind: str,
    new: sa.CTE,
    old: sa.CTE | None,
    now: sa.ColumnElement[Any],
    drop: tuple[str, ...] = (),
    snapshot: sa.ColumnElement[Any] | None = None,
) -> sa.CTE:
    """PostgreSQL: an INSERT CTE writing one outbox row per row of ``new`` (a CTE RETURNING
    the changed followup), its snapshot by ``to_jsonb`` (minus the ``drop`` keys) unless
    ``new`` has it already (``snapshot``, a JSON text column of ``new``), and the old values
    from ``old`` (a CTE of the locked row before the change, joined on ``id``)."""
    if snapshot is None:
        values: sa.ColumnElement[Any] = sa.func.to_jsonb(new.table_valued())
        for key in drop:
            values = values.op("-")(sa.literal_column(f"'{key}'"))
        snapshot = sa.cast(values, sa.Text)
    old_values: sa.ColumnElement[Any] = sa.null()
    source: sa.FromClause = new
    if old is not None:
        old_values = sa.cast(sa.func.to_jsonb(old.table_valued()), sa.Text)
        source = new.join(old, old.c.id == new.c.id)
    select = sa.select(
        new.c.company_id,
        sa.literal_column(f"'{kind}'", sa.String),
        new.c.debt_id,
        new.c.id,
        snapshot,
        old_values,
        now,
    ).select_from(source)
    return (
        sa.insert(webhook_outbox)
        .from_select(list(_COLUMNS), select)
        .cte(f"outbox_{kind.split('.')[1]}")
    )
