"""Helpers for the debts and payments tests: a valid debt body, followups at a given date, raw
debt and payment rows read back."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.debts.tables import debts, payments
from relance.kit.ids import IdKind
from relance.state import AppState
from tests.conftest import Factory, Tenant

DEBTS = "/external-api/v1/debts"

_PAYMENTS = sa.select(payments).where(payments.c.company_id == param("company_id"))
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


async def make_followup_at(
    factory: Factory,
    tenant: Tenant,
    debt_id: str,
    activity_at: datetime,
    status: str = "delivered",
) -> str:
    """A call followup through POST /followups whose activity date (its call_date) is
    ``activity_at``; returns its public id."""
    data = await factory.make_followup(
        tenant, debt_id, type="call", status=status, call_date=activity_at.isoformat()
    )
    return str(data["id"])


async def payment_rows(state: AppState, tenant: Tenant) -> list[dict[str, Any]]:
    async with state.database.read() as tx:
        return await tx.fetch_all(_PAYMENTS, {"company_id": tenant.company_id})


async def debt_row(state: AppState, public_id: str) -> dict[str, Any] | None:
    async with state.database.read() as tx:
        return await tx.fetch_one(_DEBT, {"id": state.ids.decode(IdKind.DEBT, public_id)})
