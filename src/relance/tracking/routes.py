"""HTTP routes of email tracking: public pixel/click links, and the integrator's API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from relance.auth.principal import FollowupsRead, FollowupsWrite
from relance.body import read_json_object
from relance.db import utcnow
from relance.deps import ReadTx, State, WriteTx
from relance.followups.access import followup_key_or_raise
from relance.responses import ok
from relance.state import get_state
from relance.tracking.responses import (
    ClickLinkNotFound,
    PixelNotFound,
    pixel_response,
    redirect_response,
)
from relance.tracking.schemas import (
    EVENT_MESSAGES,
    LINKS_MESSAGES,
    EmailEventIn,
    TrackingLinksIn,
)
from relance.tracking.service import TrackingService, count_hit
from relance.tracking.tokens import TrackingClaim
from relance.validation import validate_body

router = APIRouter(tags=["tracking"])
public_router = APIRouter(tags=["tracking"])


# Tokens are verified in dependencies declared before the transaction, so a bad link costs no
# database connection.
async def _open_claim(token: str, request: Request) -> TrackingClaim:
    claim = get_state(request).tracking.verify(token, "open")
    if claim is None:
        raise PixelNotFound()
    return claim


async def _click_claim(token: str, request: Request) -> TrackingClaim:
    claim = get_state(request).tracking.verify(token, "click")
    if claim is None:
        raise ClickLinkNotFound()
    return claim


@public_router.get("/t/o/{token}", response_class=Response)
async def open_pixel(
    claim: Annotated[TrackingClaim, Depends(_open_claim)], tx: WriteTx
) -> Response:
    """The open pixel: a 1x1 transparent GIF that is never cached; counts one open."""
    if not await count_hit(tx, claim, utcnow()):
        raise PixelNotFound()
    return pixel_response()


@public_router.get("/t/c/{token}", response_class=Response)
async def follow_click(
    claim: Annotated[TrackingClaim, Depends(_click_claim)], tx: WriteTx
) -> Response:
    """Counts one click and redirects (302) to the URL signed into the token, nowhere else."""
    if not await count_hit(tx, claim, utcnow()):
        raise ClickLinkNotFound()
    assert claim.target_url is not None  # a click claim always carries its target
    return redirect_response(claim.target_url)


@router.get("/followups/{followup_id}/tracking")
async def get_tracking(
    followup_id: str, request: Request, principal: FollowupsRead, tx: ReadTx, state: State
) -> Response:
    key = followup_key_or_raise(state.ids, followup_id)
    service = TrackingService(tx, principal.company_id, state.tracking)
    info = await service.tracking_info(key, followup_id)
    info["click_links_url"] = state.tracking.base_url + request.url.path + "/links"
    return ok(info)


@router.post("/followups/{followup_id}/tracking/links")
async def create_click_links(
    followup_id: str, request: Request, principal: FollowupsWrite, tx: ReadTx, state: State
) -> Response:
    key = followup_key_or_raise(state.ids, followup_id)
    body = validate_body(TrackingLinksIn, await read_json_object(request), LINKS_MESSAGES)
    service = TrackingService(tx, principal.company_id, state.tracking)
    links = await service.click_links(key, body.urls)
    return ok({"followup_id": followup_id, "links": links}, "Tracking links created")


@router.post("/followups/{followup_id}/events")
async def record_event(
    followup_id: str, request: Request, principal: FollowupsWrite, tx: WriteTx, state: State
) -> Response:
    key = followup_key_or_raise(state.ids, followup_id)
    body = validate_body(EmailEventIn, await read_json_object(request), EVENT_MESSAGES)
    service = TrackingService(tx, principal.company_id, state.tracking)
    counted, counters = await service.record_event(key, body, utcnow())
    data = {"followup_id": followup_id, "event": body.event, "event_id": body.event_id}
    message = "Event recorded" if counted else "Event already recorded"
    return ok({**data, "counted": counted, **counters}, message)
