"""``GET /stats/followups``: the rows of one company's followup statistics.

Per group: ``count``; ``executed`` (not on_hold, scheduled or cancelled: the debt counters'
rule); ``answered`` (deal_found, deal_not_found, bad_behavior); ``deals`` (deal_found);
``payments_triggered`` (followups with ``triggered_payment``); ``amount_recovered`` (the sum of
the payments attributed to the group's followups, an amount with 2 decimals as everywhere in the
API); ``avg_duration_ms`` (over the followups that have a duration, else null); ``answer_rate``
= answered / executed and ``deal_rate`` = deals / executed (null when nothing was executed: a
rate of nothing is not a zero), rounded to 4 decimals.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from starlette.datastructures import QueryParams

from relance.db.list_filters import arities, bind_values
from relance.db.tx import Tx
from relance.debts.amounts import wire_amount
from relance.debts.errors import DEBT
from relance.followups.repository import FollowupRepository
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec
from relance.stats.query import STATS_FILTERS, StatsQuery, parse_stats_query
from relance.stats.statements import MAX_ROWS, stats_statement

TOO_MANY_GROUPS = f"More than {MAX_ROWS} groups: use a coarser group_by or a shorter from/to range"
_BUCKETS = ("day", "week", "month")


class StatsService:
    def __init__(self, tx: Tx, company_id: int, ids: IdCodec) -> None:
        self.tx = tx
        self.company_id = company_id
        self.ids = ids

    async def followups(self, params: QueryParams) -> list[dict[str, Any]]:
        query = parse_stats_query(params, self.ids)
        if query.debt_key is not None:  # 404 unknown, 403 another company's
            access = await FollowupRepository(self.tx, self.company_id).debt_access(query.debt_key)
            DEBT.check(access)
        return await stats_rows(self.tx, self.company_id, query)


async def stats_rows(tx: Tx, company_id: int, query: StatsQuery) -> list[dict[str, Any]]:
    """The rows of a parsed query (the API's, or the dashboard charts' own)."""
    shape = arities(STATS_FILTERS, query.filters)
    statement = stats_statement(tx.dialect_name, shape, query.group_by)
    bound = bind_values(STATS_FILTERS, query.filters, {"company_id": company_id})
    rows = await tx.fetch_all(statement, bound)
    if len(rows) > MAX_ROWS:
        raise ValidationFailed({"group_by": TOO_MANY_GROUPS})
    return [_shaped(row, query.group_by) for row in rows]


def _shaped(row: Mapping[str, Any], group_by: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {group: _key(group, row[group]) for group in group_by}
    executed = int(row["executed"])
    average = row["avg_duration_ms"]
    out.update(
        count=int(row["count"]),
        executed=executed,
        answered=int(row["answered"]),
        deals=int(row["deals"]),
        payments_triggered=int(row["payments_triggered"]),
        amount_recovered=wire_amount(int(row["recovered_cents"])),
        avg_duration_ms=None if average is None else round(float(average), 1),
        answer_rate=_rate(int(row["answered"]), executed),
        deal_rate=_rate(int(row["deals"]), executed),
    )
    return out


def _key(group: str, value: Any) -> Any:
    """A bucket as its first day, ``YYYY-MM-DD`` (PostgreSQL answers a date, SQLite text)."""
    if group not in _BUCKETS or value is None:
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
