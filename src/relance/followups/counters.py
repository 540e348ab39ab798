"""Which followups the debt counters of SPEC 4 count, and by how much a write moves them.

A followup with no ``direction`` counts as outbound: relance records outreach to a debtor, so a
followup is an outbound reminder unless it is marked ``inbound`` (GetBill's own example email
reminder carries ``direction: null``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

NOT_EXECUTED = frozenset({"on_hold", "scheduled", "cancelled"})
ANSWERED = frozenset({"deal_found", "deal_not_found", "bad_behavior"})


def is_reminder(status: str, direction: str | None) -> bool:
    return direction != "inbound" and status not in NOT_EXECUTED


def is_answered(status: str) -> bool:
    return status in ANSWERED


# The same two rules as SQL (0 or 1), for statements that move the counters themselves. The
# constants are written into the SQL rather than bound: a statement is compiled once anyway.
def reminder_sql(status: Any, direction: Any) -> sa.ColumnElement[int]:
    executed = status.not_in(_words(NOT_EXECUTED))
    outbound = sa.func.coalesce(direction, _word("outbound")) != _word("inbound")
    return sa.case((sa.and_(outbound, executed), _ONE), else_=_ZERO)


def answered_sql(status: Any) -> sa.ColumnElement[int]:
    return sa.case((status.in_(_words(ANSWERED)), _ONE), else_=_ZERO)


_ONE = sa.literal_column("1", sa.Integer)
_ZERO = sa.literal_column("0", sa.Integer)


def _word(value: str) -> sa.ColumnElement[str]:
    assert value.replace("_", "").isalpha(), value  # a plain word needs no quoting
    return sa.literal_column(f"'{value}'", sa.String)


def _words(values: frozenset[str]) -> list[sa.ColumnElement[str]]:
    return [_word(value) for value in sorted(values)]


@dataclass(slots=True)  # made per request: not frozen (docs/decisions.md, issue 19)
class CounterDelta:
    followups: int
    reminders: int
    answered: int

    @property
    def is_zero(self) -> bool:
        return not (self.followups or self.reminders or self.answered)

    def as_params(self) -> dict[str, int]:
        return {
            "d_followups": self.followups,
            "d_reminders": self.reminders,
            "d_answered": self.answered,
        }


def for_create(status: str, direction: str | None) -> CounterDelta:
    return CounterDelta(1, int(is_reminder(status, direction)), int(is_answered(status)))


def for_update(
    old_status: str, old_direction: str | None, new_status: str, new_direction: str | None
) -> CounterDelta:
    reminders = int(is_reminder(new_status, new_direction)) - int(
        is_reminder(old_status, old_direction)
    )
    return CounterDelta(0, reminders, int(is_answered(new_status)) - int(is_answered(old_status)))
