"""The charts' numbers: per channel (followup type) and day, how many followups were executed,
reached the debtor, were answered and found a deal, in one grouped query on the followups table.

SPEC 12's ``/stats/followups`` does not exist yet; when it does, the charts should read it
instead (``ChannelDay`` is the shape they need). Rates use the SPEC 4 definitions the debt
counters use: executed = not on_hold, scheduled or cancelled; answered = deal_found,
deal_not_found or bad_behavior. Reached (contact) = answered or delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.tx import Tx
from relance.followups.counters import ANSWERED, NOT_EXECUTED
from relance.followups.tables import followups

CONTACTED = ANSWERED | {"delivered"}
DEALS = frozenset({"deal_found"})

# date() reads a day off the activity time on both backends (PostgreSQL sessions run in UTC;
# SQLite keeps UTC text); the company's (company_id, activity_at) index serves the range.
_DAY = sa.func.date(followups.c.activity_at)
_STATUS = followups.c.status


def _count_where(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.sum(sa.case((condition, _ONE), else_=_ZERO))


def _words(values: frozenset[str]) -> list[sa.ColumnElement[str]]:
    """Written into the SQL, not bound: the statement is compiled once, and every value is a
    plain word that needs no quoting."""
    assert all(value.replace("_", "").isalpha() for value in values)
    return [sa.literal_column(f"'{value}'", sa.String) for value in sorted(values)]


_ONE = sa.literal_column("1", sa.Integer)
_ZERO = sa.literal_column("0", sa.Integer)


_RATES = (
    sa.select(
        followups.c.type,
        _DAY.label("day"),
        _count_where(_STATUS.not_in(_words(NOT_EXECUTED))).label("executed"),
        _count_where(_STATUS.in_(_words(CONTACTED))).label("contacted"),
        _count_where(_STATUS.in_(_words(ANSWERED))).label("answered"),
        _count_where(_STATUS.in_(_words(DEALS))).label("deals"),
    )
    .where(
        followups.c.company_id == param("company_id"),
        followups.c.activity_at >= param("since"),
        followups.c.activity_at < param("until"),
    )
    .group_by(followups.c.type, _DAY)
)


@dataclass(frozen=True, slots=True)
class ChannelDay:
    channel: str
    day: date
    executed: int
    contacted: int
    answered: int
    deals: int


class RatesRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def per_channel_and_day(self, since: datetime, until: datetime) -> list[ChannelDay]:
        params = {"company_id": self.company_id, "since": since, "until": until}
        rows = await self.tx.fetch_all(_RATES, params)
        return sorted(
            (
                ChannelDay(
                    channel=row["type"],
                    # PostgreSQL answers a date, SQLite the text of one.
                    day=date.fromisoformat(str(row["day"])[:10]),
                    executed=int(row["executed"] or 0),
                    contacted=int(row["contacted"] or 0),
                    answered=int(row["answered"] or 0),
                    deals=int(row["deals"] or 0),
                )
                for row in rows
            ),
            key=lambda entry: (entry.day, entry.channel),
        )
