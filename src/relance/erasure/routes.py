"""HTTP routes of the debtor's erasure (SPEC 13)."""

from __future__ import annotations

from typing import Annotated

from starlette.responses import Response

from relance.auth.scopes import COMPANY_READ, COMPANY_WRITE
from relance.erasure import openapi
from relance.erasure.service import ErasureService
from relance.http.endpoint import Call, reads, writes
from relance.http.responses import created, ok
from relance.http.route import api_router
from relance.media.cleanup import remove_media

router = api_router("erasure")

Reader = Annotated[Call, reads(COMPANY_READ)]
Writer = Annotated[Call, writes(COMPANY_WRITE)]


@router.post(
    "/debtors/erase",
    status_code=201,
    summary="Erase a debtor's personal data (amounts, dates and statuses are kept)",
    openapi_extra=openapi.BODY,
    responses=openapi.ERASE_RESPONSES,
)
async def erase_debtor(call: Writer) -> Response:
    async with call.transaction() as tx:
        receipt, media = await ErasureService(tx, call.company_id, call.state.ids).erase(call.body)
    # After COMMIT, as a debt's deletion does: a rolled-back erasure keeps its files.
    await remove_media(call.state.media_store, media)
    return created(receipt, "Debtor erased")


@router.get(
    "/erasures/{erasure_id}",
    summary="The receipt of an erasure",
    responses=openapi.RECEIPT_RESPONSES,
)
async def get_erasure(erasure_id: str, call: Reader) -> Response:
    return ok(await ErasureService(call.reads, call.company_id, call.state.ids).receipt(erasure_id))
