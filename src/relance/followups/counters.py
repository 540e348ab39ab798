"""Which followups the debt counters of SPEC 4 count, and by how much a write moves them.

A followup with no ``direction`` counts as outbound: relance records outreach to a debtor, so a
followup is an outbound reminder unless it is marked ``inbound`` (GetBill's own example email
reminder carries ``direction: null``).
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_EXECUTED = frozenset({"on_hold", "scheduled", "cancelled"})
ANSWERED = frozenset({"deal_found", "deal_not_found", "bad_behavior"})


def is_reminder(status: str, direction: str | None) -> bool:
    return direction != "inbound" and status not in NOT_EXECUTED


def is_answered(status: str) -> bool:
    return status in ANSWERED


@dataclass(frozen=True, slots=True)
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
