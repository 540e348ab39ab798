"""The charts' numbers: per channel (followup type) and day, how many followups were executed,
reached the debtor, were answered and found a deal, read through the statistics of SPEC 12
(``stats/``), with the same definitions: executed = not on_hold, scheduled or cancelled;
answered = deal_found, deal_not_found or bad_behavior; deals = deal_found. Reached (contact) =
answered or delivered, so it is the answered count plus a second statistics read of the
delivered followups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from relance.db.tx import Tx
from relance.stats.query import StatsQuery
from relance.stats.service import stats_rows

BY_CHANNEL_AND_DAY = ("type", "day")


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
        everything = StatsQuery.company_range(since, until, BY_CHANNEL_AND_DAY)
        delivered = StatsQuery.company_range(since, until, BY_CHANNEL_AND_DAY, ("delivered",))
        reached: defaultdict[tuple[str, str], int] = defaultdict(int)
        for row in await stats_rows(self.tx, self.company_id, delivered):
            reached[(row["type"], row["day"])] = row["count"]
        entries = [
            ChannelDay(
                channel=row["type"],
                day=date.fromisoformat(row["day"]),
                executed=row["executed"],
                contacted=row["answered"] + reached[(row["type"], row["day"])],
                answered=row["answered"],
                deals=row["deals"],
            )
            for row in await stats_rows(self.tx, self.company_id, everything)
        ]
        return sorted(entries, key=lambda entry: (entry.day, entry.channel))
