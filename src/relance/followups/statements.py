"""The single-followup statements, built once; every varying value is a bind parameter.

Only ``repository.py`` runs them. ``INSERT_COUNTED_PG`` folds the counters, the insert and the
webhook outbox row into one statement on PostgreSQL, which runs alone (no BEGIN/COMMIT); SQLite
runs the three steps.
The partial updates, one statement per set of sent fields, are in ``update_sql.py``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.debts.tables import debts
from relance.followups.row_sql import FIND_ANY_COMPANY
from relance.followups.schemas import WRITABLE_FIELDS
from relance.followups.tables import followups
from relance.webhooks.outbox import FOLLOWUP_CREATED, pg_insert_from

f = followups.c

# By id alone: the caller tells another company's followup (403) from a missing one (404).
GET = FIND_ANY_COMPANY

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


_INSERTED = (
    sa.insert(followups)
    .from_select(
        INSERT_COLUMNS,
        sa.select(*(_counted_value(name) for name in INSERT_COLUMNS)).select_from(_COUNTED),
    )
    .returning(*followups.c)
    .cte("new_row")
)
# ... and the webhook outbox row, a third CTE of the same statement.
INSERT_COUNTED_PG = sa.select(*_INSERTED.c).add_cte(
    pg_insert_from(FOLLOWUP_CREATED, _INSERTED, None, _INSERTED.c.created_at)
)
