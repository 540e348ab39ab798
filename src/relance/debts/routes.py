"""HTTP routes of the debts package: debts (SPEC 4) and their payments (SPEC 5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from starlette.responses import Response

from relance.auth.scopes import DEBTS_READ, DEBTS_WRITE, PAYMENTS_WRITE
from relance.db.tx import Tx
from relance.debts import openapi
from relance.debts.batch import create_batch
from relance.debts.payments import PaymentService
from relance.debts.service import DebtService
from relance.http.body import read_exact_json_object, read_exact_json_rows
from relance.http.endpoint import Call, reads, writes
from relance.http.responses import created, ok, page
from relance.http.route import api_router
from relance.media.cleanup import remove_media

router = api_router("debts")

# Bodies keep their numbers exact (amounts are decimals), read before any connection is taken.
Reader = Annotated[Call, reads(DEBTS_READ)]
Writer = Annotated[Call, writes(DEBTS_WRITE, read_exact_json_object)]
PaymentWriter = Annotated[Call, writes(PAYMENTS_WRITE, read_exact_json_object)]


def _debts(call: Call, tx: Tx) -> DebtService:
    return DebtService(tx, call.company_id, call.state.ids)


def _payments(call: Call, tx: Tx) -> PaymentService:
    state = call.state
    return PaymentService(tx, call.company_id, state.ids, state.settings.attribution_window_days)


@router.post(
    "/debts",
    status_code=201,
    summary="Create a debt",
    openapi_extra=openapi.CREATE_BODY,
    responses=openapi.answer(201, openapi.DebtEnvelope, "Debt created successfully"),
)
async def create_debt(call: Writer) -> Response:
    async with call.transaction() as tx:
        debt = await _debts(call, tx).create(call.body)
    return created(debt, "Debt created successfully")


@router.post(
    "/debts/batch",
    summary="Create up to 1,000 debts; per-row results",
    openapi_extra=openapi.BATCH_BODY,
    responses=openapi.answer(200, openapi.BatchEnvelope, "Batch processed"),
)
async def create_debts(
    call: Annotated[Call, writes(DEBTS_WRITE, read_exact_json_rows)],
) -> Response:
    async with call.transaction() as tx:
        result = await create_batch(_debts(call, tx), call.body)
    message = f"Batch processed: {result['created_count']} created, {result['failed_count']} failed"
    return ok(result, message)


@router.get(
    "/debts",
    summary="List the company's debts",
    openapi_extra=openapi.DEBT_LIST_PARAMETERS,
    responses=openapi.answer(200, openapi.DebtListEnvelope, "A page of debts")
    | openapi.QUERY_ERRORS,
)
async def list_debts(request: Request, call: Reader) -> Response:
    rows, total, paging = await _debts(call, call.reads).list_page(dict(request.query_params))
    return page(rows, total, paging.page, paging.limit)


@router.get(
    "/debts/{debt_id}",
    summary="Get a debt",
    responses=openapi.answer(200, openapi.DebtEnvelope, "The debt"),
)
async def get_debt(debt_id: str, call: Reader) -> Response:
    return ok(await _debts(call, call.reads).get(debt_id))


@router.put(
    "/debts/{debt_id}",
    summary="Update a debt (partial)",
    openapi_extra=openapi.UPDATE_BODY,
    responses=openapi.answer(200, openapi.DebtEnvelope, "Debt updated successfully"),
)
async def update_debt(debt_id: str, call: Writer) -> Response:
    async with call.transaction() as tx:
        debt = await _debts(call, tx).update(debt_id, call.body)
    return ok(debt, "Debt updated successfully")


@router.delete(
    "/debts/{debt_id}",
    summary="Delete a debt and its followups (payments are kept)",
    responses=openapi.answer(200, openapi.DeletedEnvelope, "Debt deleted successfully"),
)
async def delete_debt(debt_id: str, call: Annotated[Call, writes(DEBTS_WRITE, None)]) -> Response:
    async with call.transaction() as tx:
        media_keys = await _debts(call, tx).delete(debt_id)
    # After COMMIT: a rolled-back deletion keeps its files (SPEC 11: deleted debt, no media).
    await remove_media(call.state.media_store, media_keys)
    return ok(None, "Debt deleted successfully")


@router.post(
    "/debts/{debt_id}/payments",
    status_code=201,
    summary="Record a payment",
    openapi_extra=openapi.PAYMENT_BODY,
    responses=openapi.answer(201, openapi.PaymentEnvelope, "Payment recorded successfully"),
)
async def record_payment(debt_id: str, call: PaymentWriter) -> Response:
    async with call.transaction() as tx:
        payment = await _payments(call, tx).record(debt_id, call.body)
    return created(payment, "Payment recorded successfully")


@router.get(
    "/debts/{debt_id}/payments",
    summary="List a debt's payments",
    openapi_extra=openapi.PAYMENT_LIST_PARAMETERS,
    responses=openapi.answer(200, openapi.PaymentListEnvelope, "A page of payments")
    | openapi.QUERY_ERRORS,
)
async def list_payments(debt_id: str, request: Request, call: Reader) -> Response:
    service = _payments(call, call.reads)
    rows, total, paging = await service.list_page(debt_id, dict(request.query_params))
    return page(rows, total, paging.page, paging.limit)
