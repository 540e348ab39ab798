"""Webhook endpoints and their deliveries (SPEC 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from relance_client.models._wire import from_wire


@dataclass(frozen=True, slots=True, kw_only=True)
class Webhook:
    """A registered endpoint. ``secret`` (``whsec_...``) is only present in the answers of
    create and rotate_secret: keep it then, it is never shown again."""

    id: str
    url: str
    events: list[str]
    enabled: bool
    description: str | None
    created_at: datetime | None
    secret: str | None = None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Webhook:
        return from_wire(cls, data)


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookDelivery:
    """One event's delivery to one endpoint; ``status`` is pending, succeeded, failed or
    exhausted."""

    id: str
    event_id: str
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime | None
    delivered_at: datetime | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> WebhookDelivery:
        return from_wire(cls, data)
