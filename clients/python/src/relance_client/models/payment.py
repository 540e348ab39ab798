"""A payment recorded on a debt (SPEC 5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from relance_client.models._wire import from_wire


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment:
    """``followup_id`` is the followup the payment was attributed to, if any."""

    id: str
    debt_id: str | None
    followup_id: str | None
    amount: Decimal
    currency: str
    paid_at: datetime
    reference: str | None
    created_at: datetime
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Payment:
        return from_wire(cls, data)
