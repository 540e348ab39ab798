"""Followup vocabulary, SPEC 3 messages, and the pydantic models of request bodies.

The input models validate types, enums and lengths; ``inputs.py`` adds what pydantic cannot
say in the SPEC's words (read-only fields, nulls, debt ids). ``FollowupOut`` exists only for the
OpenAPI document: responses are built from rows and never pass through pydantic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from relance.followups.fields import AudioUrl, PhoneNumber, Timestamp
from relance.kit.text import check_single_line
from relance.kit.timestamps import INVALID_TIMESTAMP

Status = Literal[
    "on_hold",
    "scheduled",
    "in_progress",
    "sent",
    "delivered",
    "deal_found",
    "no_answer",
    "deal_not_found",
    "bad_behavior",
    "failed",
    "cancelled",
]
FollowupType = Literal[
    "call", "email", "sms", "whatsapp", "voicemail", "manual_call", "physical", "postmail"
]
STATUSES: tuple[str, ...] = get_args(Status)
# SPEC 3 lists types in two orders; the message quotes the seed's wording exactly.
TYPES: tuple[str, ...] = get_args(FollowupType)
Direction = Literal["inbound", "outbound"]
DIRECTIONS: tuple[str, ...] = get_args(Direction)

DEBT_ID_REQUIRED = "Debt ID is required"
INVALID_DEBT_ID = "Invalid debt ID"
DEBT_NOT_FOUND = "Debt not found"
INVALID_TYPE = (
    "Invalid followup type. Valid types are: "
    "call, sms, email, whatsapp, voicemail, manual_call, physical, postmail"
)
INVALID_STATUS = "Invalid followup status. Valid statuses are: " + ", ".join(STATUSES)
INVALID_DATE = INVALID_TIMESTAMP
INVALID_DIRECTION = "Invalid direction. Valid directions are: inbound, outbound"
UNKNOWN_FIELD = "Unknown field"
READ_ONLY = "Field is read-only"
DEBT_ID_IMMUTABLE = "debt_id cannot be changed"
NOT_NULLABLE = "Field cannot be null"
EMPTY_UPDATE = "At least one field is required"

MESSAGE_OVERRIDES = {
    ("status", "*"): INVALID_STATUS,
    ("type", "*"): INVALID_TYPE,
    ("direction", "*"): INVALID_DIRECTION,
    ("debt_id", "*"): INVALID_DEBT_ID,
}

# Server-managed fields of the object: sent in a body they are refused by name.
READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "processed_at",
        "triggered_payment",
        "email_opened",
        "email_open_count",
        "email_first_opened_at",
        "email_clicked",
        "email_click_count",
        "media_urls_expire_at",
        "pdf_url",
    }
)
NOT_NULLABLE_FIELDS = frozenset({"status", "type", "is_retry"})
# Writable columns, in the object's key order.
WRITABLE_FIELDS = (
    "status",
    "type",
    "call_date",
    "scheduled_at",
    "summary",
    "notes",
    "call_id",
    "audio_url",
    "duration_ms",
    "disconnection_reason",
    "direction",
    "phone_number_used",
    "is_retry",
)

# Free text (summary, notes) may hold tabs and line breaks; every body string is already free of
# other control characters (kit.json_policy). Identifiers and reasons are single-line.
Summary = Annotated[StrictStr, Field(max_length=500)]
Notes = Annotated[StrictStr, Field(max_length=20_000)]
CallId = Annotated[StrictStr, Field(max_length=255), AfterValidator(check_single_line)]
Reason = Annotated[StrictStr, Field(max_length=100), AfterValidator(check_single_line)]
Duration = Annotated[StrictInt, Field(ge=0, le=86_400_000)]


class FollowupWritable(BaseModel):
    """Every writable field, all optional; ``None`` means "null was sent" or "not sent"."""

    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    type: FollowupType | None = None
    call_date: Timestamp | None = None
    scheduled_at: Timestamp | None = None
    summary: Summary | None = None
    notes: Notes | None = None
    call_id: CallId | None = None
    audio_url: AudioUrl | None = None
    duration_ms: Duration | None = None
    disconnection_reason: Reason | None = None
    direction: Direction | None = None
    phone_number_used: PhoneNumber | None = None
    is_retry: StrictBool | None = None


class FollowupCreate(FollowupWritable):
    """POST /followups body. ``status`` defaults to on_hold, ``type`` to call."""

    debt_id: StrictStr | None = Field(default=None, description="Encrypted debt id (required)")


class FollowupUpdate(FollowupWritable):
    """PUT /followups/{id} body: only the fields sent change; ``debt_id`` only its current value."""

    debt_id: StrictStr | None = Field(default=None, description="Must equal the current debt id")


class FollowupOut(BaseModel):
    """The followup object (documentation only), keys in wire order."""

    id: str
    debt_id: str
    status: Status
    type: FollowupType
    call_date: datetime | None
    scheduled_at: datetime | None
    summary: str | None
    notes: str | None
    call_id: str | None
    audio_url: str | None = Field(description="Signed link to the recording, expires")
    pdf_url: str | None = Field(description="Signed link to the attached PDF, expires")
    duration_ms: int | None
    disconnection_reason: str | None
    direction: Direction | None
    phone_number_used: str | None
    is_retry: bool
    processed_at: datetime
    triggered_payment: bool
    email_opened: bool
    email_open_count: int
    email_first_opened_at: datetime | None
    email_clicked: bool
    email_click_count: int
    media_urls_expire_at: datetime | None = Field(
        default=None, description="Present only when audio_url or pdf_url is not null"
    )


class FollowupEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: FollowupOut


class PagePagination(BaseModel):
    total: int | None = Field(default=None, description="Page mode only")
    page: int | None = Field(default=None, description="Page mode only")
    limit: int
    pages: int | None = Field(default=None, description="Page mode only")
    next_cursor: str | None


class FollowupListEnvelope(BaseModel):
    error: Literal[False]
    data: list[FollowupOut]
    pagination: PagePagination
