"""HTTP route of the followup history (SPEC 12)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from starlette.responses import Response

from relance.auth.scopes import FOLLOWUPS_READ
from relance.history import openapi
from relance.history.service import HistoryService
from relance.http.endpoint import Call, reads
from relance.http.responses import page
from relance.http.route import api_router

router = api_router("history")

Reader = Annotated[Call, reads(FOLLOWUPS_READ)]


@router.get(
    "/followups/{followup_id}/history",
    summary="A followup's history of changes",
    openapi_extra=openapi.PARAMETERS,
    responses=openapi.RESPONSES,
)
async def followup_history(followup_id: str, request: Request, call: Reader) -> Response:
    service = HistoryService(call.reads, call.company_id, call.state.ids)
    rows, total, paging = await service.followup_history(followup_id, request.query_params)
    return page(rows, total, paging.page, paging.limit)
