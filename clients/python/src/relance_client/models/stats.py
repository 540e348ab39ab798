"""A row of followup statistics (SPEC 12)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from relance_client.models._wire import from_wire

GroupBy = Literal["type", "status", "day", "week", "month", "direction"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowupStats:
    """One group's figures. The group keys not asked for in ``group_by`` are None."""

    type: str | None = None
    status: str | None = None
    day: str | None = None
    week: str | None = None
    month: str | None = None
    direction: str | None = None
    count: int
    executed: int
    answered: int
    deals: int
    payments_triggered: int
    amount_recovered: Decimal | None
    avg_duration_ms: float | None
    answer_rate: float | None
    deal_rate: float | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> FollowupStats:
        return from_wire(cls, data)
