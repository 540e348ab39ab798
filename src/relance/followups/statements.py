"""The single-followup statements, built once; every varying value is a bind parameter.

Only ``repository.py`` runs them. The ``*_PG`` ones fold two steps into one statement on
PostgreSQL (one round trip less inside the write transaction); SQLite runs the two steps.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.debts.tables import debts
from relance.followups.row_sql import FIND_ANY_COMPANY, changed
from relance.followups.schemas import WRITABLE_FIELDS
from relance.followups.tables import followups

f = followups.c

# By id alone: the caller tells another company's followup (403) from a missing one (404).
GET = FIND_ANY_COMPANY

# Old values under a row lock: the counter deltas and the If-Match check see the row as it is
# when this transaction updates it (FOR UPDATE is a no-op on SQLite, which has one writer).
LOCK = (
    sa.select(f.company_id, f.debt_id, f.status, f.direction, f.version)
    .where(f.id == param("id"))
    .with_for_update()
)

INSERT_COLUMNS = (
    "company_id",
    "debt_id",
    *WRITABLE_FIELDS,
    "processed_at",
    "activity_at",
    "created_at",
    "updated_at",
    "version",
)
INSERT = (
    sa.insert(followups)
    .values({name: param(name, type_=followups.c[name].type) for name in INSERT_COLUMNS})
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


# One SET list for every partial update: unsent columns keep the value they have when the row
# is written (not when it was read), so concurrent PUTs of different fields never undo each other.
_SET = {name: _sent_or_kept(name) for name in WRITABLE_FIELDS} | {
    # A new audio_url (or null) replaces an uploaded recording.
    "audio_key": _cleared_if_sent("audio_url", f.audio_key),
    "audio_content_type": _cleared_if_sent("audio_url", f.audio_content_type),
    "activity_at": sa.func.coalesce(
        _sent_or_kept("call_date"), _sent_or_kept("scheduled_at"), f.created_at
    ),
    "processed_at": param("now", type_=f.processed_at.type),
}
_SET = changed(**_SET)
UPDATE = sa.update(followups).where(f.id == param("id")).values(_SET).returning(*followups.c)

# PostgreSQL: the locked read folded into the UPDATE. The sub-select takes the row lock (and,
# under READ COMMITTED, waits for and then reads the latest committed row), so the old values
# returned are exactly those this UPDATE replaced; a row of another company is never touched.
_OLD = (
    sa.select(f.id, f.status, f.direction, f.version)
    .where(f.id == param("id"), f.company_id == param("company_id"))
    .with_for_update()
    .subquery("old")
)
UPDATE_OWNED_PG = (
    sa.update(followups)
    .where(f.id == _OLD.c.id)
    .values(_SET)
    .returning(
        *followups.c,
        _OLD.c.status.label("old_status"),
        _OLD.c.direction.label("old_direction"),
        _OLD.c.version.label("old_version"),
    )
)

DEBT_COUNTERS = (
    sa.update(debts)
    .where(debts.c.id == param("debt_id"), debts.c.company_id == param("company_id"))
    .values(
        followups_count=debts.c.followups_count + param("d_followups", type_=sa.Integer),
        nb_reminders=debts.c.nb_reminders + param("d_reminders", type_=sa.Integer),
        nb_answered=debts.c.nb_answered + param("d_answered", type_=sa.Integer),
    )
)
DEBT_OWNER = sa.select(debts.c.company_id).where(debts.c.id == param("debt_id"))

# PostgreSQL: the debt's counters and the insert in one statement. The counter UPDATE also
# proves the debt is the company's: no debt row returned, no followup inserted.
_COUNTED = DEBT_COUNTERS.returning(debts.c.id, debts.c.company_id).cte("counted")


def _counted_value(name: str) -> sa.ColumnElement[Any]:
    if name == "company_id":
        return _COUNTED.c.company_id
    if name == "debt_id":
        return _COUNTED.c.id
    return param(name, type_=followups.c[name].type)


INSERT_COUNTED_PG = (
    sa.insert(followups)
    .from_select(
        INSERT_COLUMNS,
        sa.select(*(_counted_value(name) for name in INSERT_COLUMNS)).select_from(_COUNTED),
    )
    .returning(*followups.c)
)
