"""SQL for single followups and for the debt counters they move, bound to one company.

The statements live in ``statements.py``, built once; varying values are bind parameters.
Reads fetch the row by id alone and report whether it belongs to the company, so one round
trip tells 200, 403 and 404 apart without ever returning another company's data to the caller.
Writes take one statement on PostgreSQL where SQLite takes two or three (``*_pg``/``*_PG``
statements), run alone: without BEGIN/COMMIT around them.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relance.db.tx import Tx
from relance.followups import counters, keyed_sql, update_sql
from relance.followups import statements as sql
from relance.followups.counters import CounterDelta
from relance.followups.row_sql import LOCK_ANY_COMPANY, actor_param
from relance.followups.schemas import WRITABLE_FIELDS
from relance.idempotency.claiming import pending_claim
from relance.kit.actors import current_actor
from relance.kit.ownership import Access
from relance.policy.enforcement import enforced
from relance.webhooks.outbox import FOLLOWUP_CREATED, FOLLOWUP_UPDATED, Outbox


class PolicyApplies(Exception):
    """The company enforces a contact policy: the guarded write wrote nothing; the caller checks
    the rules and writes again unguarded."""


# Given the followup as the write would leave it: the reason of the policy override it is made
# under (None: none needed), or ContactPolicyViolated.
ContactCheck = Callable[[dict[str, Any]], Awaitable[str | None]]


def activity_at(values: Mapping[str, Any], otherwise: datetime) -> datetime:
    """When the contact happens: its call date, else its scheduled time, else ``otherwise``."""
    found: datetime = values["call_date"] or values["scheduled_at"] or otherwise
    return found


@dataclass(slots=True)  # made per request: not frozen (docs/decisions.md, issue 19)
class Expected:
    """What the followup must be, under the row lock, for an update to apply."""

    versions: tuple[int, ...] | None = None  # If-Match's; None: any version
    debt_checked: bool = False  # the body sent a debt_id: it must be the current one
    debt_key: int | None = None  # None with debt_checked: an id that names no debt

    def allows(self, row: Mapping[str, Any]) -> bool:
        if self.versions is not None and row["version"] not in self.versions:
            return False
        return not self.debt_checked or row["debt_id"] == self.debt_key

    def as_params(self) -> dict[str, Any]:
        return {
            "any_version": self.versions is None,
            # NULL rather than an empty array when any version will do: asyncpg's array encoder
            # runs three ABC isinstance checks on every list it encodes.
            "versions": None if self.versions is None else list(self.versions),
            "any_debt": not self.debt_checked,
            "expected_debt": self.debt_key,
        }


class FollowupRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id
        self.outbox = Outbox(tx, company_id)

    def access(self, row: Mapping[str, Any] | None) -> Access:
        return Access.of(None if row is None else row["company_id"], self.company_id)

    async def get(self, key: int) -> tuple[Access, dict[str, Any] | None]:
        row = await self.tx.fetch_one(sql.GET, {"id": key})
        access = self.access(row)
        return access, row if access is Access.OWNED else None

    async def insert_counted(
        self,
        debt_key: int,
        values: Mapping[str, Any],
        delta: CounterDelta,
        now: datetime,
        *,
        guarded: bool = True,
        override: str | None = None,
    ) -> dict[str, Any] | None:
        """Moves the debt's counters by ``delta`` and inserts the followup; None (and nothing
        written) when the company has no such debt. ``guarded``: PolicyApplies (nothing
        written) when the company enforces a contact policy, for the caller to check it and
        come back unguarded, with the ``override`` reason it was written under, if any."""
        params = {
            **self._insert_params(debt_key, values, now, override),
            **delta.as_params(),
            "check_policy": guarded,
        }
        keyed = pending_claim(self.tx)
        if keyed is not None:  # the statement also claims the Idempotency-Key (SPEC 9)
            claimed = await keyed.fetch_one_claiming(keyed_sql.INSERT_COUNTED_KEYED_PG, params, 201)
            return self._inserted(claimed, params)
        if self.tx.dialect_name == "postgresql":
            row = await self.tx.fetch_one_alone(sql.INSERT_COUNTED_PG, params)
            return self._inserted(row, params)
        if await self.tx.execute(sql.DEBT_COUNTERS_GUARDED, params) != 1:
            if guarded and await enforced(self.tx, self.company_id):
                raise PolicyApplies()
            return None
        row = await self.tx.fetch_one(sql.INSERT, params)
        assert row is not None, "INSERT ... RETURNING returns the row"
        await self.outbox.record(FOLLOWUP_CREATED, debt_key, row["id"], row, None, now)
        return row

    def _inserted(self, row: dict[str, Any] | None, sent: dict[str, Any]) -> dict[str, Any] | None:
        """A guarded one-statement create's one row (and the values it ``sent``) → the new row,
        None (no such debt), or PolicyApplies (nothing written: the transaction may go on)."""
        assert row is not None, "the statement answers one row"
        applies = row.pop("policy_applies")
        if row["id"] is not None:
            return sql.created_row(sent, row)
        if applies:
            self.tx.lone_statement_wrote_nothing()
            raise PolicyApplies()
        return None

    def _insert_params(
        self,
        debt_key: int,
        values: Mapping[str, Any],
        now: datetime,
        override: str | None = None,
    ) -> dict[str, Any]:
        return {
            **values,
            "company_id": self.company_id,
            "debt_id": debt_key,
            "processed_at": now,
            "activity_at": activity_at(values, now),
            "created_at": now,
            "updated_at": now,
            "version": 1,
            "changed_by": current_actor(),
            "policy_override": override,
        }

    async def lock_debts(self, keys: Collection[int]) -> dict[int, int]:
        """Owner (company key) of each of ``keys`` that names a debt; the debts stay locked until
        the transaction ends, so the followups inserted after this find them as they were."""
        ordered = sorted(keys)
        if not ordered:
            return {}
        if self.tx.dialect_name == "postgresql":
            rows = await self.tx.fetch_rows(sql.LOCK_DEBTS_PG, {"keys": ordered})
        else:
            rows = await self.tx.fetch_rows(sql.LOCK_DEBTS_SQLITE, {"keys": json.dumps(ordered)})
        return {row["id"]: row["company_id"] for row in rows}

    async def insert_many(
        self, rows: Sequence[tuple[int, Mapping[str, Any]]], now: datetime
    ) -> None:
        """Inserts followups given as (debt key, column values) on debts of the company that
        ``lock_debts`` has locked, and moves each debt's counters once for all of its rows."""
        totals: dict[int, list[int]] = {}
        for debt_key, values in rows:
            delta = counters.for_create(values["status"], values["direction"])
            total = totals.setdefault(debt_key, [0, 0, 0])
            total[0] += delta.followups
            total[1] += delta.reminders
            total[2] += delta.answered
        moves = [
            {"debt_id": key} | CounterDelta(*totals[key]).as_params() for key in sorted(totals)
        ]
        await self.tx.execute_many(sql.DEBT_COUNTERS_LOCKED, moves)
        inserts = [self._insert_params(debt_key, values, now) for debt_key, values in rows]
        await self.tx.execute_many(sql.INSERT_ROWS, inserts)

    async def update_owned(
        self,
        key: int,
        changes: Mapping[str, Any],
        now: datetime,
        expected: Expected,
        check: ContactCheck | None = None,
    ) -> dict[str, Any] | None:
        """Locks and updates the company's followup ``key`` when it is as ``expected``, moving
        its debt's counters: the new row (at least its PRESENTED_COLUMNS), or None (nothing
        written) when the company has no such followup or it is not as expected. ``check``: the
        change touches a contact, and an enforced contact policy must see it (on PostgreSQL, the
        one statement then writes nothing and the locked path below runs ``check``)."""
        sent = tuple(name for name in WRITABLE_FIELDS if name in changes)
        params: dict[str, Any] = {
            **changes,
            "id": key,
            "now": now,
            "company_id": self.company_id,
            **actor_param(),
        }
        if self.tx.dialect_name == "postgresql":
            params |= expected.as_params() | {"check_policy": check is not None}
            row = await self.tx.fetch_one_alone(update_sql.owned_update_pg(sent), params)
            if row is not None or check is None:
                return row
            self.tx.lone_statement_wrote_nothing()  # refused: not found, not as expected, policy
        old = await self.tx.fetch_one(LOCK_ANY_COMPANY, {"id": key})
        if old is None or self.access(old) is not Access.OWNED or not expected.allows(old):
            return None
        if check is not None:
            merged = {**old, **changes}
            merged["activity_at"] = activity_at(merged, old["created_at"])
            params["override"] = await check(merged)
        row = await self.tx.fetch_one(update_sql.plain_update(sent), params)
        assert row is not None, "update of a row this transaction has locked"
        delta = counters.for_update(
            old["status"], old["direction"], row["status"], row["direction"]
        )
        if not delta.is_zero:
            await self.move_debt_counters(row["debt_id"], delta)
        before = {name: old[name] for name in update_sql.old_columns(sent)}
        await self.outbox.record(FOLLOWUP_UPDATED, row["debt_id"], key, row, before, now)
        return row

    async def move_debt_counters(self, debt_key: int, delta: CounterDelta) -> bool:
        """Adds ``delta`` to the debt's counters in SQL; False when the company has no such debt."""
        params = {"debt_id": debt_key, "company_id": self.company_id, **delta.as_params()}
        return await self.tx.execute(sql.DEBT_COUNTERS, params) == 1

    async def debt_access(self, debt_key: int) -> Access:
        owner = await self.tx.fetch_val(sql.DEBT_OWNER, {"debt_id": debt_key})
        return Access.of(owner, self.company_id)
