"""OpenAPI descriptions of the tracking routes: the integrator's API and the public links."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from relance.http.openapi import json_body
from relance.kit.errors import ErrorEnvelope
from relance.tracking.schemas import EmailEventIn, TrackingLinksIn


class TrackingInfo(BaseModel):
    followup_id: str
    pixel_url: str
    pixel_html: str
    email_opened: bool
    email_open_count: int
    email_first_opened_at: datetime | None
    email_clicked: bool
    email_click_count: int
    click_links_url: str


class TrackingLink(BaseModel):
    url: str
    tracking_url: str


class TrackingLinks(BaseModel):
    followup_id: str
    links: list[TrackingLink]


class EventRecorded(BaseModel):
    followup_id: str
    event: Literal["email.opened", "email.clicked"]
    event_id: str
    counted: bool
    email_opened: bool
    email_open_count: int
    email_first_opened_at: datetime | None
    email_clicked: bool
    email_click_count: int


class TrackingInfoEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: TrackingInfo


class TrackingLinksEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: TrackingLinks


class EventEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: EventRecorded


NOT_AN_EMAIL: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorEnvelope, "description": "The followup is not an email"}
}


def answer(model: type[BaseModel], description: str) -> dict[int | str, Any]:
    return {200: {"model": model, "description": description}, **NOT_AN_EMAIL}


LINKS_BODY = json_body(TrackingLinksIn)
EVENT_BODY = json_body(EmailEventIn)

_GIF = {"image/gif": {"schema": {"type": "string", "format": "binary"}}}
PIXEL_RESPONSES: dict[int | str, Any] = {
    200: {"description": "A 1x1 transparent GIF; the open is counted", "content": _GIF},
    404: {"description": "Unknown or altered link (the GIF all the same)", "content": _GIF},
}
_LOCATION = {
    "Location": {"description": "The URL signed into the link", "schema": {"type": "string"}}
}
CLICK_RESPONSES: dict[int | str, Any] = {
    302: {"description": "Redirect to the signed URL; the click is counted", "headers": _LOCATION},
    404: {
        "description": "Unknown or altered link",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
}
