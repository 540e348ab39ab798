"""SQL for single followups and for the debt counters they move, bound to one company.

Every statement is built once here; varying values are bind parameters. Reads fetch the row by
id alone and report whether it belongs to the company, so one round trip tells 200, 403 and 404
apart without ever returning another company's data to the caller.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db import Tx
from relance.debts.tables import debts
from relance.followups.counters import CounterDelta
from relance.followups.row_sql import FIND_ANY_COMPANY, LOCK_ANY_COMPANY, changed
from relance.followups.schemas import WRITABLE_FIELDS
from relance.followups.tables import followups

f = followups.c


class Access(enum.Enum):
    OWNED = "owned"
    FOREIGN = "foreign"
    MISSING = "missing"


_INSERT_COLUMNS = (
    "company_id",
    "debt_id",
    *WRITABLE_FIELDS,
    "processed_at",
    "activity_at",
    "created_at",
    "updated_at",
    "version",
)
_INSERT = (
    sa.insert(followups)
    .values({name: param(name, type_=followups.c[name].type) for name in _INSERT_COLUMNS})
    .returning(*followups.c)
)


def _sent_or_kept(name: str) -> sa.ColumnElement[Any]:
    """The new value when the body sent the field, else the column's current value."""
    column = followups.c[name]
    return sa.case(
        (param(f"set_{name}", type_=sa.Boolean), param(name, type_=column.type)), else_=column
    )


def _cleared_if_sent(name: str, column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    return sa.case((param(f"set_{name}", type_=sa.Boolean), sa.null()), else_=column)


# One statement for every partial update: unsent columns keep the value they have when the row
# is written (not when it was read), so concurrent PUTs of different fields never undo each other.
_UPDATE = (
    sa.update(followups)
    .where(f.id == param("id"))
    .values(
        changed(
            **{name: _sent_or_kept(name) for name in WRITABLE_FIELDS},
            # A new audio_url (or null) replaces an uploaded recording.
            audio_key=_cleared_if_sent("audio_url", f.audio_key),
            audio_content_type=_cleared_if_sent("audio_url", f.audio_content_type),
            activity_at=sa.func.coalesce(
                _sent_or_kept("call_date"), _sent_or_kept("scheduled_at"), f.created_at
            ),
            processed_at=param("now", type_=f.processed_at.type),
        )
    )
    .returning(*followups.c)
)

_DEBT_COUNTERS = (
    sa.update(debts)
    .where(debts.c.id == param("debt_id"), debts.c.company_id == param("company_id"))
    .values(
        followups_count=debts.c.followups_count + param("d_followups", type_=sa.Integer),
        nb_reminders=debts.c.nb_reminders + param("d_reminders", type_=sa.Integer),
        nb_answered=debts.c.nb_answered + param("d_answered", type_=sa.Integer),
    )
)
_DEBT_OWNER = sa.select(debts.c.company_id).where(debts.c.id == param("debt_id"))


class FollowupRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    def access(self, row: Mapping[str, Any] | None) -> Access:
        if row is None:
            return Access.MISSING
        return Access.OWNED if row["company_id"] == self.company_id else Access.FOREIGN

    async def get(self, key: int) -> tuple[Access, dict[str, Any] | None]:
        row = await self.tx.fetch_one(FIND_ANY_COMPANY, {"id": key})
        access = self.access(row)
        return access, row if access is Access.OWNED else None

    async def lock(self, key: int) -> tuple[Access, dict[str, Any] | None]:
        """The row as it is when this transaction updates it (locked until the transaction ends):
        the counter deltas and the If-Match check see no concurrent change."""
        row = await self.tx.fetch_one(LOCK_ANY_COMPANY, {"id": key})
        access = self.access(row)
        return access, row if access is Access.OWNED else None

    async def insert(
        self, debt_key: int, values: Mapping[str, Any], now: datetime
    ) -> dict[str, Any]:
        activity = values["call_date"] or values["scheduled_at"] or now
        row = {
            **values,
            "company_id": self.company_id,
            "debt_id": debt_key,
            "processed_at": now,
            "activity_at": activity,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        inserted = await self.tx.fetch_one(_INSERT, row)
        assert inserted is not None
        return inserted

    async def update(self, key: int, changes: Mapping[str, Any], now: datetime) -> dict[str, Any]:
        params: dict[str, Any] = {"id": key, "now": now}
        for name in WRITABLE_FIELDS:
            sent = name in changes
            params[f"set_{name}"] = sent
            params[name] = changes[name] if sent else None
        row = await self.tx.fetch_one(_UPDATE, params)
        assert row is not None, "update of a row this transaction has locked"
        return row

    async def move_debt_counters(self, debt_key: int, delta: CounterDelta) -> bool:
        """Adds ``delta`` to the debt's counters in SQL; False when the company has no such debt."""
        params = {"debt_id": debt_key, "company_id": self.company_id, **delta.as_params()}
        return await self.tx.execute(_DEBT_COUNTERS, params) == 1

    async def debt_access(self, debt_key: int) -> Access:
        owner = await self.tx.fetch_val(_DEBT_OWNER, {"debt_id": debt_key})
        if owner is None:
            return Access.MISSING
        return Access.OWNED if owner == self.company_id else Access.FOREIGN
