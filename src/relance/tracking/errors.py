"""Tracking refusals: bad links answer what a mail client expects, not the JSON envelope."""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response

from relance.kit.errors import Conflict, NotFound
from relance.tracking.responses import NO_CACHE_HEADERS, pixel_response


class NotAnEmailFollowup(Conflict):
    def __init__(self, followup_type: str) -> None:
        super().__init__(
            "Tracking is only available for email followups; "
            f'this followup has type "{followup_type}"'
        )


class PixelNotFound(NotFound):
    """A bad or stale open link: 404, with the GIF body mail clients expect."""

    def own_response(self) -> Response:
        return pixel_response(404)


class ClickLinkNotFound(NotFound):
    """A bad or stale click link: 404 with a short plain-text page."""

    message = "This link is not valid."

    def own_response(self) -> Response:
        return PlainTextResponse(self.message + "\n", status_code=404, headers=NO_CACHE_HEADERS)
