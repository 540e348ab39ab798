"""HTTP route of the followup statistics (SPEC 12)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from starlette.responses import Response

from relance.auth.scopes import FOLLOWUPS_READ
from relance.http.endpoint import Call, reads
from relance.http.responses import ok
from relance.http.route import api_router
from relance.stats import openapi
from relance.stats.service import StatsService

router = api_router("stats")

Reader = Annotated[Call, reads(FOLLOWUPS_READ)]


@router.get(
    "/stats/followups",
    summary="Followup counts and rates, grouped",
    openapi_extra=openapi.PARAMETERS,
    responses=openapi.RESPONSES,
)
async def followup_stats(request: Request, call: Reader) -> Response:
    service = StatsService(call.reads, call.company_id, call.state.ids)
    return ok(await service.followups(request.query_params))
