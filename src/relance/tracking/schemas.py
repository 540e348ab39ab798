"""Request bodies of the tracking endpoints, validated with SPEC 1's plain messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from relance.tracking.urls import MAX_URL_LENGTH, is_trackable_url
from relance.validation import MessageOverrides

MAX_LINKS_PER_REQUEST = 100
INVALID_DATE = "Invalid date format. Use ISO 8601"
INVALID_URL = f"Must be an absolute http(s) URL of at most {MAX_URL_LENGTH} characters"


def parse_timestamp(value: Any) -> datetime:
    """SPEC 1 timestamps in: ISO 8601 date-time (no offset = UTC) or a bare date (midnight UTC)."""
    if not isinstance(value, str):
        raise ValueError(INVALID_DATE)
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), UTC)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(INVALID_DATE) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_optional_timestamp(value: Any) -> datetime | None:
    return None if value is None else parse_timestamp(value)


def _trackable(url: str) -> str:
    if not is_trackable_url(url):
        raise ValueError(INVALID_URL)
    return url


OptionalTimestamp = Annotated[datetime | None, BeforeValidator(parse_optional_timestamp)]
TrackableUrl = Annotated[str, AfterValidator(_trackable)]


class EmailEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event: Literal["email.opened", "email.clicked"]
    event_id: str = Field(min_length=1, max_length=255)
    # When the provider saw it; the time of receipt when left out.
    occurred_at: OptionalTimestamp = None


EVENT_MESSAGES: MessageOverrides = {
    ("event", "literal_error"): "Invalid event. Valid events are: email.opened, email.clicked",
    ("event", "string_type"): "Invalid event. Valid events are: email.opened, email.clicked",
    ("event_id", "string_too_short"): "Must not be empty",
    ("occurred_at", "*"): INVALID_DATE,
}


class TrackingLinksIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urls: list[TrackableUrl] = Field(min_length=1, max_length=MAX_LINKS_PER_REQUEST)


LINKS_MESSAGES: MessageOverrides = {
    ("urls", "too_short"): "At least one URL is required",
    ("urls", "too_long"): f"At most {MAX_LINKS_PER_REQUEST} URLs per request",
}
