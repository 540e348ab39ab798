"""HTTP routes of the followups package: parse, call the service, encode with orjson."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Request
from starlette.responses import Response

from relance.auth.scopes import FOLLOWUPS_OVERRIDE, FOLLOWUPS_READ, FOLLOWUPS_WRITE
from relance.db.tx import Tx
from relance.followups import openapi
from relance.followups.keyed_sql import KEPT_CREATED
from relance.followups.schemas import FollowupCreate, FollowupUpdate
from relance.followups.serializer import Presented, present, versions_matching
from relance.followups.service import FollowupService, ListResult
from relance.followups.tables import followups
from relance.http.endpoint import Call, reads, writes
from relance.http.idempotent import rebuilds
from relance.http.request_headers import header_value
from relance.http.responses import created, cursor_page, ok, page
from relance.http.route import api_router
from relance.state import AppState
from relance.webhooks.rows import typed_row

router = api_router("followups")

Reader = Annotated[Call, reads(FOLLOWUPS_READ)]
Writer = Annotated[Call, writes(FOLLOWUPS_WRITE)]
# The create's one statement claims its Idempotency-Key itself on PostgreSQL (keyed_sql.py).
Creator = Annotated[Call, writes(FOLLOWUPS_WRITE, claim_first=False)]


def _service(call: Call, tx: Tx) -> FollowupService:
    state = call.state
    return FollowupService(
        tx,
        call.company_id,
        state.ids,
        state.media_links,
        state.cursors,
        may_override=FOLLOWUPS_OVERRIDE in call.principal.scopes,
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
    | openapi.errors(400, 401, 403, 415)
    | openapi.POLICY_VIOLATED,
)
async def create_followup(call: Creator) -> Response:
    async with call.transaction() as tx:
        result = await _service(call, tx).create(call.body)
    return _created(result)


def _created(result: Presented) -> Response:
    return created(result.data, "Followup created successfully", headers={"ETag": result.etag})


@rebuilds(KEPT_CREATED)
def _created_again(state: AppState, kept: Mapping[str, Any]) -> Response:
    """A keyed create's answer again, from the row its statement kept: the row and the instant
    the route presented (its ``created_at``) give the same bytes."""
    row = typed_row(followups, kept)
    return _created(present(row, state.ids, state.media_links, row["created_at"]))


@router.put(
    "/followups/{followup_id}",
    summary="Update a followup (partial)",
    openapi_extra=openapi.body(FollowupUpdate) | openapi.IF_MATCH_PARAMETERS,
    responses=openapi.one(200, "Followup updated successfully")
    | openapi.errors(400, 401, 403, 404, 415)
    | openapi.PRECONDITION_FAILED
    | openapi.POLICY_VIOLATED,
)
async def update_followup(followup_id: str, request: Request, call: Writer) -> Response:
    # Read here rather than as a Header() parameter: FastAPI's per-request validation of a
    # header parameter cost ~3 % of an update's CPU. openapi.IF_MATCH_PARAMETERS documents it.
    versions = versions_matching(header_value(request, b"if-match"), followup_id)
    async with call.transaction() as tx:
        result = await _service(call, tx).update(followup_id, call.body, versions)
    return _one(result, "Followup updated successfully")


@router.get(
    "/followups/debt/{debtId}",
    summary="List a debt's followups",
    openapi_extra=openapi.DEBT_LIST_PARAMETERS,
    responses=openapi.LIST_RESPONSES,
)
async def list_debt_followups(debtId: str, request: Request, call: Reader) -> Response:
    return _list(await _service(call, call.reads).list(request.query_params, debtId))


@router.get(
    "/followups",
    summary="List the company's followups",
    openapi_extra=openapi.LIST_PARAMETERS,
    responses=openapi.LIST_RESPONSES,
)
async def list_followups(request: Request, call: Reader) -> Response:
    return _list(await _service(call, call.reads).list(request.query_params))


@router.get(
    "/followups/{followup_id}",
    summary="Get a followup",
    responses=openapi.one(200, "The followup") | openapi.errors(401, 403, 404),
)
async def get_followup(followup_id: str, call: Reader) -> Response:
    return _one(await _service(call, call.reads).get(followup_id))
