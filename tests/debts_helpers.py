"""Helpers for the debts and payments tests: followup rows made directly (the followups API is
another package's), raw rows read back, and a valid debt body."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db import Tx, utcnow, write_transaction
from relance.debts.tables import debts, payments
from relance.followups.tables import followups
from relance.ids import IdKind
from relance.state import AppState
from tests.conftest import Tenant

DEBTS = "/external-api/v1/debts"

_INSERT_FOLLOWUP = (
    sa.insert(followups)
    .values(
        company_id=param("company_id"),
        debt_id=param("debt_id"),
        status=param("status"),
        type=param("type"),
        call_date=param("call_date"),
        processed_at=param("now"),
        activity_at=param("activity_at"),
        created_at=param("now"),
        updated_at=param("now"),
    )
    .returning(followups.c.id)
)
_FOLLOWUP = sa.select(followups).where(followups.c.id == param("id"))
_FLAGGED = sa.select(followups.c.id).where(
    followups.c.debt_id == param("debt_id"), followups.c.triggered_payment == sa.true()
)
_PAYMENTS = sa.select(payments).where(payments.c.company_id == param("company_id"))
_COMPANY_FOLLOWUPS = (
    sa.select(sa.func.count()).select_from(followups).where(followups.c.company_id == param("id"))
)
_DEBT = sa.select(debts).where(debts.c.id == param("id"))


def debt_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "firstname": "Jean",
        "lastname": "Dupont",
        "email": "jean.dupont@example.com",
        "amount": "1500.00",
        "currency": "EUR",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


async def create_debt(
    client: httpx.AsyncClient, tenant: Tenant, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(DEBTS, json=debt_body(**overrides), headers=tenant.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def exact(response: httpx.Response) -> Any:
    """The response body with JSON numbers read as exact Decimals."""
    return json.loads(response.text, parse_float=Decimal)


async def make_followup(
    state: AppState,
    tenant: Tenant,
    public_debt_id: str,
    activity_at: datetime,
    status: str = "delivered",
    type_: str = "call",
) -> str:
    """A followup row as the followups package would write it; returns its public id."""
    debt_id = state.ids.decode(IdKind.DEBT, public_debt_id)
    params = {
        "company_id": tenant.company_id,
        "debt_id": debt_id,
        "status": status,
        "type": type_,
        "call_date": activity_at,
        "activity_at": activity_at,
        "now": utcnow(),
    }
    async with write_transaction(state.database) as tx:
        key = await tx.fetch_val(_INSERT_FOLLOWUP, params)
    return state.ids.encode(IdKind.FOLLOWUP, int(key))


async def followup_row(state: AppState, public_id: str) -> dict[str, Any]:
    key = state.ids.decode(IdKind.FOLLOWUP, public_id)
    async with state.database.read() as tx:
        row = await tx.fetch_one(_FOLLOWUP, {"id": key})
    assert row is not None
    return row


async def flagged_followups(state: AppState, public_debt_id: str) -> set[str]:
    debt_id = state.ids.decode(IdKind.DEBT, public_debt_id)
    async with state.database.read() as tx:
        rows = await tx.fetch_all(_FLAGGED, {"debt_id": debt_id})
    return {state.ids.encode(IdKind.FOLLOWUP, row["id"]) for row in rows}


async def payment_rows(state: AppState, tenant: Tenant) -> list[dict[str, Any]]:
    async with state.database.read() as tx:
        return await tx.fetch_all(_PAYMENTS, {"company_id": tenant.company_id})


async def debt_row(state: AppState, public_id: str) -> dict[str, Any] | None:
    async with state.database.read() as tx:
        return await tx.fetch_one(_DEBT, {"id": state.ids.decode(IdKind.DEBT, public_id)})


async def followups_of_company(tx: Tx, company_id: int) -> int:
    return int(await tx.fetch_val(_COMPANY_FOLLOWUPS, {"id": company_id}))
