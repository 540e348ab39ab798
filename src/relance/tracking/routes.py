"""HTTP routes of email tracking: public pixel/click links, and the integrator's API."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from starlette.responses import Response

from relance.auth.scopes import FOLLOWUPS_READ, FOLLOWUPS_WRITE
from relance.db.tx import Tx
from relance.http.endpoint import Call, PublicCall, public, reads, writes
from relance.http.responses import ok
from relance.http.route import api_router
from relance.kit.actors import SYSTEM, act_as
from relance.kit.errors import ApiError
from relance.kit.timestamps import utcnow
from relance.tracking import openapi
from relance.tracking.errors import ClickLinkNotFound, PixelNotFound
from relance.tracking.responses import pixel_response, redirect_response
from relance.tracking.service import TrackingService, count_hit
from relance.tracking.tokens import TrackingClaim, TrackingKind

router = api_router("tracking")
public_router = api_router("tracking")

Anyone = Annotated[PublicCall, public()]


def _service(call: Call, tx: Tx) -> TrackingService:
    return TrackingService(tx, call.company_id, call.state.ids, call.state.tracking)


@public_router.get("/t/o/{token}", response_class=Response, responses=openapi.PIXEL_RESPONSES)
async def open_pixel(token: str, request: Request, call: Anyone) -> Response:
    """The open pixel: a 1x1 transparent GIF that is never cached; counts one open."""
    await _counted_claim(call, token, request, "open", PixelNotFound)
    return pixel_response()


@public_router.get(
    "/t/c/{token}", response_class=Response, status_code=302, responses=openapi.CLICK_RESPONSES
)
async def follow_click(token: str, request: Request, call: Anyone) -> Response:
    """Counts one click and redirects (302) to the URL signed into the token, nowhere else."""
    claim = await _counted_claim(call, token, request, "click", ClickLinkNotFound)
    assert claim.target_url is not None  # a click claim always carries its target
    return redirect_response(claim.target_url)


async def _counted_claim(
    call: PublicCall,
    token: str,
    request: Request,
    kind: TrackingKind,
    refusal: type[ApiError],
) -> TrackingClaim:
    """The link's claim, its hit counted once per token and address within the window
    (tracking/hit_window.py); ``refusal`` for a bad token or a followup gone or retyped. The
    token is verified before the transaction, so a bad link costs no database connection.
    The debtor's mail client acts, through nobody's token: the history says ``system``."""
    act_as(SYSTEM, "tracking")
    claim = call.state.tracking.verify(token, kind)
    if claim is None:
        raise refusal()
    address = request.client.host if request.client else None
    if call.state.tracking_hits.first_hit(token, address):
        async with call.transaction() as tx:
            counted = await count_hit(tx, claim, utcnow())
        if not counted:
            raise refusal()
    return claim


@router.get(
    "/followups/{followup_id}/tracking",
    summary="Tracking links and counters of an email followup",
    responses=openapi.answer(openapi.TrackingInfoEnvelope, "Pixel URL and counters"),
)
async def get_tracking(
    followup_id: str, request: Request, call: Annotated[Call, reads(FOLLOWUPS_READ)]
) -> Response:
    info = await _service(call, call.reads).tracking_info(followup_id)
    info["click_links_url"] = call.state.tracking.base_url + request.url.path + "/links"
    return ok(info)


@router.post(
    "/followups/{followup_id}/tracking/links",
    summary="Sign click-tracking links",
    openapi_extra=openapi.LINKS_BODY,
    responses=openapi.answer(openapi.TrackingLinksEnvelope, "Tracking links created"),
)
async def create_click_links(
    followup_id: str, call: Annotated[Call, writes(FOLLOWUPS_WRITE)]
) -> Response:
    """Signs click links; nothing is written, so the reads need no transaction."""
    links = await _service(call, call.reads).click_links(followup_id, call.body)
    return ok({"followup_id": followup_id, "links": links}, "Tracking links created")


@router.post(
    "/followups/{followup_id}/events",
    summary="Record an email event from the integrator's provider",
    openapi_extra=openapi.EVENT_BODY,
    responses=openapi.answer(openapi.EventEnvelope, "Event recorded (or already recorded)"),
)
async def record_event(
    followup_id: str, call: Annotated[Call, writes(FOLLOWUPS_WRITE)]
) -> Response:
    async with call.transaction() as tx:
        recorded = await _service(call, tx).record_event(followup_id, call.body, utcnow())
    event, counted, counters = recorded
    data = {"followup_id": followup_id, "event": event.event, "event_id": event.event_id}
    message = "Event recorded" if counted else "Event already recorded"
    return ok({**data, "counted": counted, **counters}, message)
