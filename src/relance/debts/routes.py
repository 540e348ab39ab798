"""HTTP routes of the debts package: debts (SPEC 4) and their payments (SPEC 5)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from relance.auth.principal import DebtsRead, DebtsWrite, PaymentsWrite
from relance.debts.batch import create_batch
from relance.debts.exact_json import read_exact_json_object
from relance.debts.payments import PaymentService
from relance.debts.service import DebtService
from relance.deps import ReadTx, State, WriteTx
from relance.responses import created, ok, page

router = APIRouter(tags=["debts"])

# Declared before the transaction in each signature: the body is read (and a slow client
# waited for) before a connection or the SQLite write lock is taken.
ExactBody = Annotated[dict[str, Any], Depends(read_exact_json_object)]


@router.post("/debts", status_code=201)
async def create_debt(
    principal: DebtsWrite, body: ExactBody, tx: WriteTx, state: State
) -> Response:
    debt = await DebtService(tx, principal.company_id, state.ids).create(body)
    return created(debt, "Debt created successfully")


@router.post("/debts/batch")
async def create_debts(
    principal: DebtsWrite, body: ExactBody, tx: WriteTx, state: State
) -> Response:
    result = await create_batch(DebtService(tx, principal.company_id, state.ids), body)
    message = f"Batch processed: {result['created_count']} created, {result['failed_count']} failed"
    return ok(result, message)


@router.get("/debts")
async def list_debts(request: Request, principal: DebtsRead, tx: ReadTx, state: State) -> Response:
    service = DebtService(tx, principal.company_id, state.ids)
    rows, total, paging = await service.list_page(dict(request.query_params))
    return page(rows, total, paging.page, paging.limit)


@router.get("/debts/{debt_id}")
async def get_debt(debt_id: str, principal: DebtsRead, tx: ReadTx, state: State) -> Response:
    return ok(await DebtService(tx, principal.company_id, state.ids).get(debt_id))


@router.put("/debts/{debt_id}")
async def update_debt(
    debt_id: str, principal: DebtsWrite, body: ExactBody, tx: WriteTx, state: State
) -> Response:
    debt = await DebtService(tx, principal.company_id, state.ids).update(debt_id, body)
    return ok(debt, "Debt updated successfully")


@router.delete("/debts/{debt_id}")
async def delete_debt(debt_id: str, principal: DebtsWrite, tx: WriteTx, state: State) -> Response:
    await DebtService(tx, principal.company_id, state.ids).delete(debt_id)
    return ok(None, "Debt deleted successfully")


def _payments(tx: Any, company_id: int, state: Any) -> PaymentService:
    return PaymentService(tx, company_id, state.ids, state.settings.attribution_window_days)


@router.post("/debts/{debt_id}/payments", status_code=201)
async def record_payment(
    debt_id: str, principal: PaymentsWrite, body: ExactBody, tx: WriteTx, state: State
) -> Response:
    payment = await _payments(tx, principal.company_id, state).record(debt_id, body)
    return created(payment, "Payment recorded successfully")


@router.get("/debts/{debt_id}/payments")
async def list_payments(
    debt_id: str, request: Request, principal: DebtsRead, tx: ReadTx, state: State
) -> Response:
    service = _payments(tx, principal.company_id, state)
    rows, total, paging = await service.list_page(debt_id, dict(request.query_params))
    return page(rows, total, paging.page, paging.limit)
