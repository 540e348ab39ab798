"""SQL of an erasure, bound to one company: the debts, their followups, and every copy of their
personal data relance keeps (revisions, the webhook outbox and event bodies, stored answers of
keyed POSTs). Lists of keys are one array on PostgreSQL, one JSON text on SQLite."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.dialects import postgresql

from relance.db.tx import Tx
from relance.debts.tables import debts
from relance.erasure import personal
from relance.erasure.tables import erasures
from relance.followups.row_sql import actor_param, changed
from relance.followups.tables import followups
from relance.history.tables import followup_revisions as revisions
from relance.idempotency.tables import idempotency_keys, idempotency_rows
from relance.webhooks.tables import webhook_events, webhook_outbox

# Literals, not binds: the statements are compiled once and take only the keys and the time.
_MARKER = sa.literal_column(f"'{personal.ERASED}'", sa.String)
_JSON_KEYS = sa.func.json_each(param("keys", type_=sa.String)).table_valued("value")


def _in_keys(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[bool]:
    if dialect == "postgresql":
        return column == sa.any_(param("keys", type_=postgresql.ARRAY(sa.BigInteger)))
    return column.in_(sa.select(_JSON_KEYS.c.value))


def _per_dialect(build: Any) -> dict[str, Any]:
    return {dialect: build(dialect) for dialect in ("postgresql", "sqlite")}


_OWNERS = (debts.c.id, debts.c.company_id, debts.c.legal_hold)
_BY_KEYS = _per_dialect(
    lambda d: sa.select(*_OWNERS).where(_in_keys(debts.c.id, d)).order_by(debts.c.id)
)
_BY_EMAIL = sa.select(*_OWNERS).where(
    debts.c.company_id == param("company_id"),
    sa.func.lower(debts.c.email) == sa.func.lower(param("email")),
)
_BY_PHONE = sa.select(*_OWNERS).where(
    debts.c.company_id == param("company_id"), debts.c.phone == param("phone")
)
_MEDIA = _per_dialect(
    lambda d: sa.select(followups.c.id, followups.c.audio_key, followups.c.pdf_key).where(
        _in_keys(followups.c.debt_id, d)
    )
)
_ERASE_DEBTS = _per_dialect(
    lambda d: (
        sa.update(debts)
        .where(_in_keys(debts.c.id, d))
        .values(
            dict.fromkeys(personal.DEBT_NAMES, _MARKER)
            | dict.fromkeys(personal.DEBT_COLUMNS, sa.null())
            | {"updated_at": param("now", type_=debts.c.updated_at.type)}
        )
    )
)
# A followup change like any other: version, updated_at and its revision (by the trigger).
_ERASE_FOLLOWUPS = _per_dialect(
    lambda d: (
        sa.update(followups)
        .where(_in_keys(followups.c.debt_id, d))
        .values(changed(**dict.fromkeys(personal.FOLLOWUP_COLUMNS, sa.null())))
    )
)
_REVISIONS = _per_dialect(
    lambda d: sa.select(revisions.c.id, revisions.c.changes).where(
        revisions.c.followup_id.in_(
            sa.select(followups.c.id).where(_in_keys(followups.c.debt_id, d)).scalar_subquery()
        )
    )
)
_SET_REVISION = (
    sa.update(revisions).where(revisions.c.id == param("row_id")).values(changes=param("text"))
)
_OUTBOX = _per_dialect(
    lambda d: sa.select(webhook_outbox.c.id, webhook_outbox.c.new, webhook_outbox.c.old).where(
        webhook_outbox.c.company_id == param("company_id"), _in_keys(webhook_outbox.c.debt_id, d)
    )
)
_SET_OUTBOX = (
    sa.update(webhook_outbox)
    .where(webhook_outbox.c.id == param("row_id"))
    .values(new=param("new"), old=param("old"))
)
_FIND_TEXT = {"postgresql": sa.func.strpos, "sqlite": sa.func.instr}
_EVENTS = _per_dialect(
    lambda d: sa.select(webhook_events.c.id, webhook_events.c.body).where(
        webhook_events.c.company_id == param("company_id"),
        _FIND_TEXT[d](webhook_events.c.body, param("needle", type_=sa.Text)) > 0,
    )
)
_SET_EVENT = (
    sa.update(webhook_events)
    .where(webhook_events.c.id == param("row_id"))
    .values(body=param("text"))
)
_ANSWERS = sa.select(idempotency_keys.c.key, idempotency_keys.c.body).where(
    idempotency_keys.c.company_id == param("company_id"), idempotency_keys.c.body.is_not(None)
)
_SET_ANSWER = (
    sa.update(idempotency_keys)
    .where(
        idempotency_keys.c.company_id == param("company_id"), idempotency_keys.c.key == param("k")
    )
    .values(body=param("body", type_=sa.LargeBinary))
)
_KEPT = sa.select(idempotency_rows.c.key, idempotency_rows.c.row).where(
    idempotency_rows.c.company_id == param("company_id")
)
_SET_KEPT = (
    sa.update(idempotency_rows)
    .where(
        idempotency_rows.c.company_id == param("company_id"), idempotency_rows.c.key == param("k")
    )
    .values(row=param("text"))
)
_RECEIPT = (
    sa.insert(erasures)
    .values(
        {name: param(name) for name in ("company_id", "erased_at", "actor", "debts", "followups")}
        | {"media_objects": param("media_objects"), "fields": param("fields")}
    )
    .returning(erasures.c.id)
)
_GET = sa.select(erasures).where(erasures.c.id == param("id"))


class ErasureRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id
        self.dialect = tx.dialect_name

    def _keys(self, keys: Sequence[int]) -> Any:
        return list(keys) if self.dialect == "postgresql" else json.dumps(list(keys))

    async def debts_by_keys(self, keys: Sequence[int]) -> list[dict[str, Any]]:
        """Owner and legal hold of each key that names a debt (of any company)."""
        return await self.tx.fetch_all(_BY_KEYS[self.dialect], {"keys": self._keys(keys)})

    async def debts_by_email(self, email: str) -> list[dict[str, Any]]:
        return await self.tx.fetch_all(_BY_EMAIL, {"company_id": self.company_id, "email": email})

    async def debts_by_phone(self, phone: str) -> list[dict[str, Any]]:
        return await self.tx.fetch_all(_BY_PHONE, {"company_id": self.company_id, "phone": phone})

    async def erase(self, debt_keys: Sequence[int], now: datetime) -> tuple[int, list[str]]:
        """Erases the debts (the company's, checked by the caller) and their followups: the
        number of followups, and the media keys the caller removes from the store after
        COMMIT."""
        keys = self._keys(debt_keys)
        media = await self.tx.fetch_all(_MEDIA[self.dialect], {"keys": keys})
        stored = [row[name] for row in media for name in ("audio_key", "pdf_key") if row[name]]
        await self.tx.execute(_ERASE_DEBTS[self.dialect], {"keys": keys, "now": now})
        params = {"keys": keys, "now": now, **actor_param()}
        await self.tx.execute(_ERASE_FOLLOWUPS[self.dialect], params)
        return len(media), stored

    async def scrub_copies(self, debt_keys: Sequence[int], public_debt_ids: Sequence[str]) -> None:
        """The personal values in every copy relance keeps, after ``erase``: revisions (the
        erasure's own included), pending outbox rows, stored webhook event bodies (found by the
        debt's public id, which every debt, followup and payment object carries) and stored
        answers of keyed POSTs, which are kept, scrubbed, so that a retry still replays."""
        keys = self._keys(debt_keys)
        found = await self.tx.fetch_all(_REVISIONS[self.dialect], {"keys": keys})
        await self._rewrite(_SET_REVISION, found, "changes", personal.COLUMN_FIELDS)
        company = {"company_id": self.company_id}
        outbox = await self.tx.fetch_all(_OUTBOX[self.dialect], {**company, "keys": keys})
        if outbox:
            await self.tx.execute_many(
                _SET_OUTBOX,
                [
                    {
                        "row_id": row["id"],
                        "new": _scrubbed(row["new"]),
                        "old": _scrub(row["old"]),
                    }
                    for row in outbox
                ],
            )
        for public_id in public_debt_ids:
            events = await self.tx.fetch_all(
                _EVENTS[self.dialect], {**company, "needle": public_id}
            )
            await self._rewrite(_SET_EVENT, events, "body", personal.WIRE_FIELDS)
        await self._scrub_answers(set(debt_keys), set(public_debt_ids))

    async def _rewrite(
        self, statement: Any, rows: list[dict[str, Any]], column: str, names: frozenset[str]
    ) -> None:
        if rows:
            changed_rows = [
                {"row_id": row["id"], "text": _scrubbed(row[column], names)} for row in rows
            ]
            await self.tx.execute_many(statement, changed_rows)

    async def _scrub_answers(self, debt_keys: set[int], public_ids: set[str]) -> None:
        company = {"company_id": self.company_id}
        answers = [
            {**company, "k": row["key"], "body": _scrubbed(bytes(row["body"]).decode()).encode()}
            for row in await self.tx.fetch_all(_ANSWERS, company)
            if any(public_id.encode() in bytes(row["body"]) for public_id in public_ids)
        ]
        if answers:
            await self.tx.execute_many(_SET_ANSWER, answers)
        kept = [
            {**company, "k": row["key"], "text": _scrubbed(row["row"], personal.COLUMN_FIELDS)}
            for row in await self.tx.fetch_all(_KEPT, company)
            if orjson.loads(row["row"]).get("debt_id") in debt_keys
        ]
        if kept:
            await self.tx.execute_many(_SET_KEPT, kept)

    async def insert_receipt(self, receipt: dict[str, Any]) -> int:
        row = await self.tx.fetch_one(_RECEIPT, {**receipt, "company_id": self.company_id})
        assert row is not None, "INSERT ... RETURNING returns the row"
        return int(row["id"])

    async def receipt(self, key: int) -> dict[str, Any] | None:
        return await self.tx.fetch_one(_GET, {"id": key})


_ALL_NAMES = personal.WIRE_FIELDS | personal.COLUMN_FIELDS


def _scrubbed(text: str, names: frozenset[str] = _ALL_NAMES) -> str:
    return orjson.dumps(personal.scrub(orjson.loads(text), names)).decode()


def _scrub(text: str | None) -> str | None:
    return None if text is None else _scrubbed(text)
