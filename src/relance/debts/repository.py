"""SQL for debts, bound to one company: another company's row is never handed on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.auth.tables import companies
from relance.db.tx import Tx
from relance.debts import statuses
from relance.debts.debt_list import DebtFilters, count_statement, page_statement
from relance.debts.tables import debts
from relance.followups.tables import followups
from relance.kit.ownership import Access
from relance.kit.timestamps import utcnow
from relance.webhooks.outbox import DEBT_CREATED, DEBT_DELETED, DEBT_UPDATED, Outbox

PENDING = statuses.PENDING

# Columns a client writes (create or PUT); the rest are keys, counters and timestamps.
WRITABLE = tuple(
    c.name
    for c in debts.columns
    if c.name
    not in (
        "id", "company_id", "amount_paid_cents", "followups_count", "nb_reminders",
        "nb_answered", "created_at", "updated_at",
    )
)  # fmt: skip

_OWNED = (debts.c.id == param("id")) & (debts.c.company_id == param("company_id"))
# Read by id alone, so one round trip tells 404 from 403; ``_found`` hands on only an owned row.
_WITH_COMPANY = sa.select(debts, companies.c.name.label("company")).join_from(
    debts, companies, companies.c.id == debts.c.company_id
)
_GET_OUT = _WITH_COMPANY.where(debts.c.id == param("id"))
_GET_FOR_UPDATE = sa.select(debts).where(debts.c.id == param("id")).with_for_update(of=debts)
_OWNER = sa.select(debts.c.company_id).where(debts.c.id == param("id"))
_INSERT_COLUMNS = [
    c.name for c in debts.columns if c.name not in ("id", "created_at", "updated_at")
]
_INSERT = (
    sa.insert(debts)
    .values({name: param(name) for name in [*_INSERT_COLUMNS, "created_at", "updated_at"]})
    .returning(*debts.c)
)
_DEFAULTS: dict[str, Any] = dict.fromkeys(_INSERT_COLUMNS) | {
    "status": PENDING,
    "amount_paid_cents": 0,
    "followups_count": 0,
    "nb_reminders": 0,
    "nb_answered": 0,
    "legal_hold": False,
}
# PUT writes every writable column: the service merged the change into the row it locked.
_UPDATE = (
    sa.update(debts).where(_OWNED).values({name: param(name) for name in [*WRITABLE, "updated_at"]})
)
_DELETE = sa.delete(debts).where(_OWNED).returning(*debts.c)
# The debt's followups go first, handing back their media keys: the DELETE locks each row, so an
# upload attaching a file meanwhile either commits before (its key comes back here) or finds
# its followup gone (and removes its own file).
_DELETE_FOLLOWUPS = (
    sa.delete(followups)
    .where(followups.c.debt_id == param("id"), followups.c.company_id == param("company_id"))
    .returning(followups.c.audio_key, followups.c.pdf_key)
)
# One statement, so concurrent payments serialise on the row lock and never lose an increment;
# SET expressions read the row's previous values on both backends.
# PostgreSQL: the locking read in a CTE hands the status it replaces to the webhook outbox (a
# RETURNING clause sees only new values); it waits for, then re-reads, the latest row. SQLite
# (one writer; RETURNING may not name the FROM tables there) reads the status first.
_NEW_PAID = debts.c.amount_paid_cents + param("cents", type_=sa.BigInteger)
_PAYABLE = _OWNED & (debts.c.currency == param("currency"))
_PAID_VALUES = {
    "amount_paid_cents": _NEW_PAID,
    "status": sa.case((debts.c.amount_cents <= _NEW_PAID, statuses.PAID), else_=statuses.PARTIAL),
    "updated_at": param("now"),
}
_BEFORE_PAYMENT = (
    sa.select(debts.c.id, debts.c.status).where(_PAYABLE).with_for_update().cte("before_payment")
)
_ADD_PAYMENT_PG = (
    sa.update(debts)
    .where(debts.c.id == _BEFORE_PAYMENT.c.id)
    .values(_PAID_VALUES)
    .returning(*debts.c, _BEFORE_PAYMENT.c.status.label("old_status"))
)
_STATUS = sa.select(debts.c.status).where(_PAYABLE)
_ADD_PAYMENT = sa.update(debts).where(_PAYABLE).values(_PAID_VALUES).returning(*debts.c)

# Bulk export: the company's debts changed since a time, in key order. Keyset paging: each page
# starts after the last key seen, so the last page costs what the first does.
_CHANGED_SINCE = (debts.c.company_id == param("company_id")) & (
    debts.c.updated_at >= param("since")
)
_PAGE_AFTER = (
    _WITH_COMPANY.where(_CHANGED_SINCE & (debts.c.id > param("after")))
    .order_by(debts.c.id)
    .limit(param("limit"))
)
_COUNT_CHANGED_SINCE = sa.select(sa.func.count()).select_from(debts).where(_CHANGED_SINCE)


class DebtRepository:
    """Every statement carries the company id: a debt of another company is never returned."""

    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id
        self.outbox = Outbox(tx, company_id)

    def _key(self, debt_id: int) -> dict[str, Any]:
        return {"id": debt_id, "company_id": self.company_id}

    async def insert(self, values: Mapping[str, Any]) -> int:
        now = utcnow()
        row = {**_DEFAULTS, **values, "company_id": self.company_id}
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
        new = await self.tx.fetch_one(_INSERT, row)
        assert new is not None  # INSERT ... RETURNING always returns the row
        await self.outbox.record(DEBT_CREATED, new["id"], new["id"], new, None, now)
        return int(new["id"])

    async def access(self, debt_id: int) -> Access:
        owner = await self.tx.fetch_val(_OWNER, {"id": debt_id})
        return Access.of(owner, self.company_id)

    async def get(self, debt_id: int) -> tuple[Access, dict[str, Any] | None]:
        """The debt with its creditor's name (``company``), as the debt object needs it."""
        return self._found(await self.tx.fetch_one(_GET_OUT, {"id": debt_id}))

    async def get_for_update(self, debt_id: int) -> tuple[Access, dict[str, Any] | None]:
        """Locks the row (PostgreSQL) until the transaction ends; SQLite has one writer anyway."""
        return self._found(await self.tx.fetch_one(_GET_FOR_UPDATE, {"id": debt_id}))

    def _found(self, row: dict[str, Any] | None) -> tuple[Access, dict[str, Any] | None]:
        access = Access.of(None if row is None else row["company_id"], self.company_id)
        return access, row if access is Access.OWNED else None

    async def update(
        self, before: Mapping[str, Any], values: Mapping[str, Any], now: datetime
    ) -> bool:
        """Writes ``values`` over ``before``, the row this transaction has locked."""
        debt_id = before["id"]
        row = {name: values[name] for name in WRITABLE} | self._key(debt_id)
        if await self.tx.execute(_UPDATE, {**row, "updated_at": now}) != 1:
            return False
        old = {name: before[name] for name in WRITABLE if before[name] != values[name]}
        new = {**before, **row, "updated_at": now}
        await self.outbox.record(DEBT_UPDATED, debt_id, debt_id, new, old, now)
        return True

    async def delete(self, debt_id: int) -> list[str] | None:
        """Deletes the debt and its followups (payments stay with debt_id NULL) with its
        ``debt.deleted`` outbox row; returns the media keys the followups held, or None when
        the company has no such debt."""
        rows = await self.tx.fetch_all(_DELETE_FOLLOWUPS, self._key(debt_id))
        row = await self.tx.fetch_one(_DELETE, self._key(debt_id))
        if row is None:
            return None  # nothing of this company was deleted above either
        await self.outbox.record(DEBT_DELETED, debt_id, debt_id, row, None, utcnow())
        return [
            key for key_row in rows for key in (key_row["audio_key"], key_row["pdf_key"]) if key
        ]

    async def add_payment(
        self, debt_id: int, cents: int, currency: str, now: datetime
    ) -> dict[str, Any] | None:
        """Adds to amount_paid, moves the status to partial/paid: the new row and the status
        it replaced (``old_status``); None if the currency differs."""
        params = {**self._key(debt_id), "cents": cents, "currency": currency, "now": now}
        if self.tx.dialect_name == "postgresql":
            return await self.tx.fetch_one(_ADD_PAYMENT_PG, params)
        old_status = await self.tx.fetch_val(_STATUS, params)
        row = await self.tx.fetch_one(_ADD_PAYMENT, params)
        return None if row is None else {**row, "old_status": old_status}

    async def changed_since(self, since: datetime, after: int, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` debts (with ``company``) changed at or after ``since``, keys after
        ``after``, in key order."""
        params = {"company_id": self.company_id, "since": since, "after": after, "limit": limit}
        return await self.tx.fetch_all(_PAGE_AFTER, params)

    async def count_changed_since(self, since: datetime) -> int:
        params = {"company_id": self.company_id, "since": since}
        return int(await self.tx.fetch_val(_COUNT_CHANGED_SINCE, params))

    async def count(self, filters: DebtFilters) -> int:
        statement = count_statement(filters.shape)
        return int(await self.tx.fetch_val(statement, filters.params(self.company_id)))

    async def page(self, filters: DebtFilters, limit: int, offset: int) -> list[dict[str, Any]]:
        statement = page_statement(filters.shape)
        params = filters.params(self.company_id) | {"limit": limit, "offset": offset}
        return await self.tx.fetch_all(statement, params)
