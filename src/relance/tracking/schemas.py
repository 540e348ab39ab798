"""Request bodies of the tracking endpoints, validated with SPEC 1's plain messages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from relance.kit.text import check_single_line
from relance.kit.timestamps import parse_optional_timestamp
from relance.kit.urls import MAX_URL_LENGTH, is_absolute_http_url
from relance.kit.validation import MessageOverrides

MAX_LINKS_PER_REQUEST = 100
INVALID_URL = f"Must be an absolute http(s) URL of at most {MAX_URL_LENGTH} characters"


def _trackable(url: str) -> str:
    if not is_absolute_http_url(url):
        raise ValueError(INVALID_URL)
    return url


OptionalTimestamp = Annotated[datetime | None, BeforeValidator(parse_optional_timestamp)]
TrackableUrl = Annotated[str, AfterValidator(_trackable)]


class EmailEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event: Literal["email.opened", "email.clicked"]
    event_id: Annotated[str, Field(min_length=1, max_length=255), AfterValidator(check_single_line)]
    # When the provider saw it; the time of receipt when left out.
    occurred_at: OptionalTimestamp = None


EVENT_MESSAGES: MessageOverrides = {
    ("event", "literal_error"): "Invalid event. Valid events are: email.opened, email.clicked",
    ("event", "string_type"): "Invalid event. Valid events are: email.opened, email.clicked",
    ("event_id", "string_too_short"): "Must not be empty",
}


class TrackingLinksIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urls: list[TrackableUrl] = Field(min_length=1, max_length=MAX_LINKS_PER_REQUEST)


LINKS_MESSAGES: MessageOverrides = {
    ("urls", "too_short"): "At least one URL is required",
    ("urls", "too_long"): f"At most {MAX_LINKS_PER_REQUEST} URLs per request",
}
