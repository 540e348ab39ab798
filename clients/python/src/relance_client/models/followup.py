"""The followup object (SPEC 3) and the fields a caller may write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, TypedDict

from relance_client.models._wire import from_wire

FollowupStatus = Literal[
    "on_hold", "scheduled", "in_progress", "sent", "delivered", "deal_found", "no_answer",
    "deal_not_found", "bad_behavior", "failed", "cancelled",
]  # fmt: skip
FollowupType = Literal[
    "call", "email", "sms", "whatsapp", "voicemail", "manual_call", "physical", "postmail"
]
Direction = Literal["inbound", "outbound"]
Moment = datetime | date | str


@dataclass(frozen=True, slots=True, kw_only=True)
class Followup:
    """A contact attempt on a debt. ``audio_url`` and ``pdf_url`` are signed links that stop
    working at ``media_urls_expire_at``; ``etag`` identifies this version (for ``if_match``);
    ``raw`` is the object exactly as the API sent it."""

    id: str
    debt_id: str
    status: str
    type: str
    call_date: datetime | None
    scheduled_at: datetime | None
    summary: str | None
    notes: str | None
    call_id: str | None
    audio_url: str | None
    pdf_url: str | None
    duration_ms: int | None
    disconnection_reason: str | None
    direction: str | None
    phone_number_used: str | None
    is_retry: bool
    processed_at: datetime | None
    triggered_payment: bool
    email_opened: bool
    email_open_count: int
    email_first_opened_at: datetime | None
    email_clicked: bool
    email_click_count: int
    media_urls_expire_at: datetime | None
    # The answer's ETag header, for update(..., if_match=followup.etag); None in lists.
    etag: str | None = None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Followup:
        return from_wire(cls, data)


class FollowupFields(TypedDict, total=False):
    """Writable followup fields. On update, a key left out is unchanged and ``None`` clears a
    nullable field. Moments may be ``datetime``, ``date`` or an ISO 8601 string."""

    status: FollowupStatus
    type: FollowupType
    call_date: Moment | None
    scheduled_at: Moment | None
    summary: str | None
    notes: str | None
    call_id: str | None
    audio_url: str | None
    duration_ms: int | None
    disconnection_reason: str | None
    direction: Direction | None
    phone_number_used: str | None
    is_retry: bool
