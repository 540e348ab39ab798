"""The statistics statement, built once per shape (which filters are present, with how many
values, and the grouping) and cached; every value is a bind parameter.

One pass over the company's followups in the range (the (company_id, activity_at) index), each
joined to the sum of the payments attributed to it. Buckets are read off the activity time in
UTC on both backends (PostgreSQL sessions run in UTC; SQLite keeps UTC text): a day is its date,
a week the date of its Monday (ISO weeks), a month its first day.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.list_filters import conditions
from relance.debts.tables import payments
from relance.followups.counters import ANSWERED, NOT_EXECUTED
from relance.followups.tables import followups
from relance.stats.query import STATS_FILTERS

DEALS = frozenset({"deal_found"})
MAX_ROWS = 1000  # more groups than this is a 400: ask for a coarser grouping or a shorter range

f = followups.c


def _bucket(dialect: str, group: str) -> sa.ColumnElement[Any]:
    if group == "day":
        return (
            sa.func.date(f.activity_at)
            if dialect == "sqlite"
            else sa.cast(sa.func.date_trunc("day", f.activity_at), sa.Date)
        )
    if group == "week":
        if dialect == "sqlite":  # the next Sunday (or this one), less six days: the Monday
            return sa.func.date(f.activity_at, "weekday 0", "-6 days")
        return sa.cast(sa.func.date_trunc("week", f.activity_at), sa.Date)
    if group == "month":
        if dialect == "sqlite":
            return sa.func.date(f.activity_at, "start of month")
        return sa.cast(sa.func.date_trunc("month", f.activity_at), sa.Date)
    column: sa.ColumnElement[Any] = f[group]
    return column


def _words(values: frozenset[str]) -> list[sa.ColumnElement[str]]:
    """Written into the SQL, not bound: plain words (asserted) that need no quoting."""
    assert all(value.replace("_", "").isalpha() for value in values)
    return [sa.literal_column(f"'{value}'", sa.String) for value in sorted(values)]


def _count_where(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
    one, zero = sa.literal_column("1", sa.Integer), sa.literal_column("0", sa.Integer)
    return sa.func.coalesce(sa.func.sum(sa.case((condition, one), else_=zero)), zero)


# Each followup's attributed payments, summed once per followup before the grouping.
_PAID = (
    sa.select(payments.c.followup_id, sa.func.sum(payments.c.amount_cents).label("cents"))
    .where(payments.c.company_id == param("company_id"), payments.c.followup_id.is_not(None))
    .group_by(payments.c.followup_id)
    .subquery("paid")
)


@lru_cache(maxsize=512)
def stats_statement(
    dialect: str, shape: tuple[int, ...], group_by: tuple[str, ...]
) -> sa.Select[Any]:
    keys = [_bucket(dialect, group).label(group) for group in group_by]
    status = f.status
    figures = [
        sa.func.count().label("count"),
        _count_where(status.not_in(_words(NOT_EXECUTED))).label("executed"),
        _count_where(status.in_(_words(ANSWERED))).label("answered"),
        _count_where(status.in_(_words(DEALS))).label("deals"),
        _count_where(f.triggered_payment == sa.true()).label("payments_triggered"),
        sa.func.coalesce(sa.func.sum(_PAID.c.cents), 0).label("recovered_cents"),
        sa.func.avg(f.duration_ms).label("avg_duration_ms"),
    ]
    query = (
        sa.select(*keys, *figures)
        .select_from(followups.outerjoin(_PAID, _PAID.c.followup_id == f.id))
        .where(f.company_id == param("company_id"), *conditions(STATS_FILTERS, shape))
    )
    if keys:
        query = query.group_by(*keys).order_by(*keys)
    return query.limit(MAX_ROWS + 1)
