"""HTTP routes of the contact policy (SPEC 13)."""

from __future__ import annotations

from typing import Annotated

from starlette.responses import Response

from relance.auth.scopes import COMPANY_READ, COMPANY_WRITE
from relance.http.endpoint import Call, reads, writes
from relance.http.responses import ok
from relance.http.route import api_router
from relance.policy import openapi
from relance.policy.service import PolicyService

router = api_router("policy")

Reader = Annotated[Call, reads(COMPANY_READ)]
Writer = Annotated[Call, writes(COMPANY_WRITE)]


@router.get("/policy", summary="The company's contact policy", responses=openapi.GET_RESPONSES)
async def get_policy(call: Reader) -> Response:
    return ok(await PolicyService(call.reads, call.company_id).get(), "Contact policy")


@router.put(
    "/policy",
    summary="Replace the company's contact policy",
    openapi_extra=openapi.BODY,
    responses=openapi.PUT_RESPONSES,
)
async def put_policy(call: Writer) -> Response:
    async with call.transaction() as tx:
        shown = await PolicyService(tx, call.company_id).put(call.body)
    return ok(shown, "Contact policy updated")
