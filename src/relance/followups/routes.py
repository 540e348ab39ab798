"""HTTP routes of the followups package: parse, call the service, encode with orjson."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from relance.db import Tx
from relance.deps import Call, FollowupsReadCall, FollowupsWriteCall, WriteCall
from relance.followups import openapi
from relance.followups.errors import DebtNotFound
from relance.followups.listing.cursor import codec_for
from relance.followups.listing.query import parse_list_query
from relance.followups.schemas import FollowupCreate, FollowupUpdate
from relance.followups.serializer import Presented
from relance.followups.service import FollowupService, ListResult
from relance.ids import IdKind
from relance.lean_route import LeanRoute
from relance.responses import created, cursor_page, ok, page

# LeanRoute: these signatures take only str path parameters, the Request and one plain
# coroutine dependency, which it passes without FastAPI's per-request solving (lean_route.py).
router = APIRouter(tags=["followups"], route_class=LeanRoute)


def _service(call: Call | WriteCall, tx: Tx) -> FollowupService:
    state = call.state
    return FollowupService(
        tx,
        call.principal.company_id,
        state.ids,
        state.media_links,
        codec_for(state.settings.secret),
    )


def _one(result: Presented, message: str = "Success", status: int = 200) -> Response:
    return ok(result.data, message, status, headers={"ETag": result.etag})


def _list(result: ListResult) -> Response:
    if result.total is None or result.page is None:
        return cursor_page(result.data, result.limit, result.next_cursor)
    return page(result.data, result.total, result.page, result.limit, result.next_cursor)


@router.post(
    "/followups",
    status_code=201,
    summary="Create a followup",
    openapi_extra=openapi.body(FollowupCreate),
    responses=openapi.one(201, "Followup created successfully")
    | openapi.errors(400, 401, 403, 415),
)
async def create_followup(call: FollowupsWriteCall) -> Response:
    # The transaction ends (COMMIT or ROLLBACK) before the response is built: a client never
    # sees 201 for a write that failed to commit.
    async with call.transaction() as tx:
        result = await _service(call, tx).create(call.body)
    return created(result.data, "Followup created successfully", headers={"ETag": result.etag})


@router.put(
    "/followups/{followup_id}",
    summary="Update a followup (partial)",
    openapi_extra=openapi.body(FollowupUpdate) | openapi.IF_MATCH_PARAMETERS,
    responses=openapi.one(200, "Followup updated successfully")
    | openapi.errors(400, 401, 403, 404, 412, 415),
)
async def update_followup(followup_id: str, request: Request, call: FollowupsWriteCall) -> Response:
    # Read here rather than as a Header() parameter: FastAPI's per-request validation of a
    # header parameter cost ~3 % of an update's CPU. openapi.IF_MATCH_PARAMETERS documents it.
    if_match = request.headers.get("if-match")
    async with call.transaction() as tx:
        result = await _service(call, tx).update(followup_id, call.body, if_match)
    return _one(result, "Followup updated successfully")


@router.get(
    "/followups/debt/{debtId}",
    summary="List a debt's followups",
    openapi_extra=openapi.DEBT_LIST_PARAMETERS,
    responses=openapi.LIST_RESPONSES,
)
async def list_debt_followups(debtId: str, request: Request, call: FollowupsReadCall) -> Response:
    ids = call.state.ids
    debt_key = ids.decode(IdKind.DEBT, debtId)
    if debt_key is None:
        raise DebtNotFound()
    query = parse_list_query(request.query_params, ids, debt_key)
    return _list(await _service(call, call.tx).list(query))


@router.get(
    "/followups",
    summary="List the company's followups",
    openapi_extra=openapi.LIST_PARAMETERS,
    responses=openapi.LIST_RESPONSES,
)
async def list_followups(request: Request, call: FollowupsReadCall) -> Response:
    query = parse_list_query(request.query_params, call.state.ids)
    return _list(await _service(call, call.tx).list(query))


@router.get(
    "/followups/{followup_id}",
    summary="Get a followup",
    responses=openapi.one(200, "The followup") | openapi.errors(401, 403, 404),
)
async def get_followup(followup_id: str, call: FollowupsReadCall) -> Response:
    return _one(await _service(call, call.tx).get(followup_id))
