"""Partial UPDATE statements of a followup: one per set of sent fields, each built once.

A statement sets only the columns the body sent, so a column another request changed in the
meantime keeps the value it has when this row is written (concurrent PUTs of different fields
never undo each other), and PostgreSQL binds a handful of values instead of a CASE per column.
There are at most 2^13 shapes (WRITABLE_FIELDS); clients send a few.

``owned_update_pg`` is the whole update on PostgreSQL in one statement: the row lock, the
company, If-Match and ``debt_id`` checks, the UPDATE, the debt counters it moves and the webhook
outbox row (the new row and the old values of the sent fields). SQLite runs ``plain_update``
after its own locked read, then writes the outbox row (repository.py).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.dialects import postgresql

from relance.db.schema import BigKey
from relance.debts.tables import debts
from relance.followups.counters import answered_sql, reminder_sql
from relance.followups.row_sql import changed
from relance.followups.serializer import PRESENTED_COLUMNS
from relance.followups.tables import followups
from relance.policy.enforcement import policy_allows
from relance.webhooks.outbox import FOLLOWUP_UPDATED, pg_insert_from

f = followups.c
_ZERO = sa.literal_column("0", sa.Integer)


def _set(sent: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {name: param(name, type_=f[name].type) for name in sent}
    if "audio_url" in sent:  # a new audio_url (or null) replaces an uploaded recording
        values |= {"audio_key": sa.null(), "audio_content_type": sa.null()}
    if "call_date" in sent or "scheduled_at" in sent:
        values["activity_at"] = sa.func.coalesce(
            values.get("call_date", f.call_date),
            values.get("scheduled_at", f.scheduled_at),
            f.created_at,
        )
    values["processed_at"] = param("now", type_=f.processed_at.type)
    return changed(**values)


_PLAIN: dict[tuple[str, ...], sa.Update] = {}
_OWNED_PG: dict[tuple[str, ...], sa.Select[Any]] = {}


def plain_update(sent: tuple[str, ...]) -> sa.Update:
    """By id alone, RETURNING the new row; the caller has locked and checked it. ``sent``: the
    fields in WRITABLE_FIELDS order (one cached statement per shape, at most 2^13)."""
    statement = _PLAIN.get(sent)
    if statement is None:
        statement = sa.update(followups).where(f.id == param("id")).values(_set(sent))
        statement = _PLAIN[sent] = statement.returning(*f)
    return statement


def owned_update_pg(sent: tuple[str, ...]) -> sa.Select[Any]:
    statement = _OWNED_PG.get(sent)
    if statement is None:
        statement = _OWNED_PG[sent] = _owned_update_pg(sent)
    return statement


def _owned_update_pg(sent: tuple[str, ...]) -> sa.Select[Any]:
    """The new row's PRESENTED_COLUMNS, or no row when the company has no such followup or a
    check failed (nothing written). The locking read waits for, then re-reads, the latest
    committed row (READ COMMITTED), so the checks and the counter deltas see exactly the row
    this UPDATE replaces.

    Binds: id, company_id, now, the sent fields; any_version or versions (If-Match); any_debt
    or expected_debt (a ``debt_id`` sent with the body must be the current one); check_policy
    (no row either when true and the company enforces a contact policy).
    """
    old = (
        sa.select(*(f[name] for name in old_columns(sent)))
        .where(
            f.id == param("id"),
            f.company_id == param("company_id"),
            sa.or_(
                param("any_version", type_=sa.Boolean),
                f.version == sa.any_(param("versions", type_=postgresql.ARRAY(sa.Integer))),
            ),
            sa.or_(
                param("any_debt", type_=sa.Boolean),
                f.debt_id == param("expected_debt", type_=BigKey),
            ),
            policy_allows(),  # bind check_policy: the change touches a contact
        )
        .with_for_update()
        .cte("old_row")
    )
    new = (
        sa.update(followups)
        .where(f.id == old.c.id)
        .values(_set(sent))
        .returning(*f, old.c.status.label("old_status"), old.c.direction.label("old_direction"))
        .cte("new_row")
    )
    # What the answer shows of the new row (the outbox row above keeps all of it);
    # old_status/old_direction only feed the counters.
    result = sa.select(*(new.c[name] for name in PRESENTED_COLUMNS))
    now = param("now", type_=f.processed_at.type)
    drop = ("old_status", "old_direction")
    result = result.add_cte(pg_insert_from(FOLLOWUP_UPDATED, new, old, now, drop))
    if "status" in sent or "direction" in sent:
        result = result.add_cte(_counters_moved_by(new))
    return result


def old_columns(sent: tuple[str, ...]) -> list[str]:
    """What the outbox keeps of the row before an update: the sent fields (with the uploaded
    recording a new audio_url replaces), and what the counters need."""
    names = ["id", "status", "direction", *sent]
    if "audio_url" in sent:
        names += ["audio_key", "audio_content_type"]
    return list(dict.fromkeys(names))


def _counters_moved_by(new: sa.CTE) -> sa.CTE:
    reminders = reminder_sql(new.c.status, new.c.direction) - reminder_sql(
        new.c.old_status, new.c.old_direction
    )
    answered = answered_sql(new.c.status) - answered_sql(new.c.old_status)
    return (
        sa.update(debts)
        .where(
            debts.c.id == new.c.debt_id,
            debts.c.company_id == param("company_id"),
            sa.or_(reminders != _ZERO, answered != _ZERO),
        )
        .values(
            nb_reminders=debts.c.nb_reminders + reminders,
            nb_answered=debts.c.nb_answered + answered,
        )
        .cte("counters_moved")
    )
