"""SQL for single followups and for the debt counters they move, bound to one company.

The statements live in ``statements.py``, built once; varying values are bind parameters.
Reads fetch the row by id alone and report whether it belongs to the company, so one round
trip tells 200, 403 and 404 apart without ever returning another company's data to the caller.
Writes take one statement on PostgreSQL where SQLite takes two (``*_PG`` statements).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relance.db import Tx
from relance.followups import statements as sql
from relance.followups.counters import CounterDelta
from relance.followups.schemas import WRITABLE_FIELDS


class Access(enum.Enum):
    OWNED = "owned"
    FOREIGN = "foreign"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Replaced:
    """What an update replaced: the old values the counters and If-Match need."""

    status: str
    direction: str | None
    version: int


class FollowupRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    def access(self, row: Mapping[str, Any] | None) -> Access:
        if row is None:
            return Access.MISSING
        return Access.OWNED if row["company_id"] == self.company_id else Access.FOREIGN

    async def get(self, key: int) -> tuple[Access, dict[str, Any] | None]:
        row = await self.tx.fetch_one(sql.GET, {"id": key})
        access = self.access(row)
        return access, row if access is Access.OWNED else None

    async def lock(self, key: int) -> tuple[Access, dict[str, Any] | None]:
        """Locks the row until the transaction ends; returns debt, status, direction, version."""
        row = await self.tx.fetch_one(sql.LOCK, {"id": key})
        access = self.access(row)
        return access, row if access is Access.OWNED else None

    async def insert_counted(
        self, debt_key: int, values: Mapping[str, Any], delta: CounterDelta, now: datetime
    ) -> dict[str, Any] | None:
        """Moves the debt's counters by ``delta`` and inserts the followup; None (and nothing
        written) when the company has no such debt."""
        activity = values["call_date"] or values["scheduled_at"] or now
        params = {
            **values,
            "company_id": self.company_id,
            "debt_id": debt_key,
            "processed_at": now,
            "activity_at": activity,
            "created_at": now,
            "updated_at": now,
            "version": 1,
            **delta.as_params(),
        }
        if self.tx.dialect_name == "postgresql":
            return await self.tx.fetch_one(sql.INSERT_COUNTED_PG, params)
        if not await self.move_debt_counters(debt_key, delta):
            return None
        return await self.tx.fetch_one(sql.INSERT, params)

    async def update_owned(
        self, key: int, changes: Mapping[str, Any], now: datetime
    ) -> tuple[dict[str, Any], Replaced] | None:
        """Locks and updates the company's followup ``key``: the new row and what it replaced,
        or None (nothing written) when the company has no such followup."""
        params: dict[str, Any] = {"id": key, "now": now, "company_id": self.company_id}
        for name in WRITABLE_FIELDS:
            sent = name in changes
            params[f"set_{name}"] = sent
            params[name] = changes[name] if sent else None
        if self.tx.dialect_name == "postgresql":
            row = await self.tx.fetch_one(sql.UPDATE_OWNED_PG, params)
            if row is None:
                return None
            old = Replaced(row.pop("old_status"), row.pop("old_direction"), row.pop("old_version"))
            return row, old
        _access, locked = await self.lock(key)
        if locked is None:
            return None
        row = await self.tx.fetch_one(sql.UPDATE, params)
        assert row is not None, "update of a row this transaction has locked"
        return row, Replaced(locked["status"], locked["direction"], locked["version"])

    async def move_debt_counters(self, debt_key: int, delta: CounterDelta) -> bool:
        """Adds ``delta`` to the debt's counters in SQL; False when the company has no such debt."""
        params = {"debt_id": debt_key, "company_id": self.company_id, **delta.as_params()}
        return await self.tx.execute(sql.DEBT_COUNTERS, params) == 1

    async def debt_access(self, debt_key: int) -> Access:
        owner = await self.tx.fetch_val(sql.DEBT_OWNER, {"debt_id": debt_key})
        if owner is None:
            return Access.MISSING
        return Access.OWNED if owner == self.company_id else Access.FOREIGN
