"""POST/GET /debts/{id}/payments: paid and remaining amounts and status follow, exactly."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS, create_debt, exact


def payment(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount": "100.00",
        "currency": "EUR",
        "paid_at": "2024-03-01T10:00:00Z",
        "reference": "VIR-1",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


async def pay(
    client: httpx.AsyncClient, tenant: Tenant, debt_id: str, **overrides: Any
) -> httpx.Response:
    url = f"{DEBTS}/{debt_id}/payments"
    return await client.post(url, json=payment(**overrides), headers=tenant.headers)


async def debt_of(client: httpx.AsyncClient, tenant: Tenant, debt_id: str) -> dict[str, Any]:
    response = await client.get(f"{DEBTS}/{debt_id}", headers=tenant.headers)
    data: dict[str, Any] = exact(response)["data"]
    return data


async def test_payment_is_recorded_and_returned(client: httpx.AsyncClient, tenant: Tenant) -> None:
    debt = await create_debt(client, tenant, amount="1500")
    response = await pay(
        client, tenant, debt["id"], amount=250.5, paid_at="2024-03-01T12:00:00+02:00"
    )
    assert response.status_code == 201, response.text
    body = exact(response)
    assert body["message"] == "Payment recorded successfully"
    data = body["data"]
    assert list(data) == [
        "id", "debt_id", "followup_id", "amount", "currency", "paid_at", "reference", "created_at"
    ]  # fmt: skip
    assert data["debt_id"] == debt["id"]
    assert data["followup_id"] is None
    assert data["amount"] == Decimal("250.50")
    assert data["paid_at"] == "2024-03-01T10:00:00+00:00"
    assert data["reference"] == "VIR-1"
    assert len(data["id"]) == 22


async def test_partial_then_full_payment_moves_amounts_and_status(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant, amount="100.10")
    await pay(client, tenant, debt["id"], amount="0.10")
    after_first = await debt_of(client, tenant, debt["id"])
    assert after_first["amount_paid"] == Decimal("0.10")
    assert after_first["amount_remaining"] == Decimal("100.00")
    assert after_first["status"] == "status.default.partial"
    await pay(client, tenant, debt["id"], amount="100")
    after_second = await debt_of(client, tenant, debt["id"])
    assert after_second["amount_paid"] == Decimal("100.10")
    assert after_second["amount_remaining"] == Decimal("0.00")
    assert after_second["status"] == "status.default.paid"


async def test_overpayment_is_recorded_and_shown_as_negative_remaining(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant, amount="50")
    response = await pay(client, tenant, debt["id"], amount="80.25")
    assert response.status_code == 201
    data = await debt_of(client, tenant, debt["id"])
    assert data["amount_paid"] == Decimal("80.25")
    assert data["amount_remaining"] == Decimal("-30.25")
    assert data["status"] == "status.default.paid"
    assert (
        '"amount_remaining":-30.25'
        in (await client.get(f"{DEBTS}/{debt['id']}", headers=tenant.headers)).text
    )


async def test_payment_currency_must_match_the_debt(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant)
    response = await pay(client, tenant, debt["id"], currency="usd")
    assert response.status_code == 400
    assert response.json()["details"] == {"currency": "Currency must match the debt currency (EUR)"}
    assert (await debt_of(client, tenant, debt["id"]))["amount_paid"] == Decimal("0.00")


INVALID_PAYMENTS: list[tuple[dict[str, Any], str, str]] = [
    ({"amount": ...}, "amount", "Amount is required"),
    ({"amount": 0}, "amount", "Amount must be greater than 0"),
    ({"amount": -5}, "amount", "Amount must be greater than 0"),
    ({"amount": 1.999}, "amount", "Amount must have at most 2 decimal places"),
    ({"amount": "1,50"}, "amount", "Amount must be a number"),
    ({"currency": ...}, "currency", "Currency is required"),
    ({"currency": "EU"}, "currency", "Invalid currency. Use an ISO 4217 code"),
    ({"paid_at": ...}, "paid_at", "Payment date is required"),
    ({"paid_at": "01/03/2024"}, "paid_at", "Invalid date format. Use ISO 8601"),
    ({"paid_at": "2024-02-30T10:00:00Z"}, "paid_at", "Invalid date format. Use ISO 8601"),
    ({"paid_at": 1709287200}, "paid_at", "Must be a string"),
    ({"reference": "r" * 256}, "reference", "Must be at most 255 characters"),
    ({"followup_id": 12}, "followup_id", "Must be a string"),
    ({"method": "card"}, "method", "Unknown field"),
]


@pytest.mark.parametrize(("change", "field", "message"), INVALID_PAYMENTS)
async def test_payment_rejects_invalid_fields(
    client: httpx.AsyncClient, tenant: Tenant, change: dict[str, Any], field: str, message: str
) -> None:
    debt = await create_debt(client, tenant)
    response = await pay(client, tenant, debt["id"], **change)
    assert response.status_code == 400
    assert response.json()["details"][field] == message
    listed = await client.get(f"{DEBTS}/{debt['id']}/payments", headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 0


@pytest.mark.parametrize(
    ("paid_at", "stored"),
    [
        ("2024-03-01", "2024-03-01T00:00:00+00:00"),
        ("2024-03-01T10:00:00", "2024-03-01T10:00:00+00:00"),
        ("2024-03-01T10:00:00.123456-05:00", "2024-03-01T15:00:00+00:00"),
    ],
)
async def test_paid_at_accepts_iso_8601_forms(
    client: httpx.AsyncClient, tenant: Tenant, paid_at: str, stored: str
) -> None:
    debt = await create_debt(client, tenant)
    response = await pay(client, tenant, debt["id"], paid_at=paid_at)
    assert response.json()["data"]["paid_at"] == stored


async def test_payments_are_listed_newest_first_and_paged(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant)
    other = await create_debt(client, tenant)
    for day in (3, 1, 2):
        await pay(client, tenant, debt["id"], paid_at=f"2024-03-0{day}", reference=f"R{day}")
    await pay(client, tenant, other["id"])
    url = f"{DEBTS}/{debt['id']}/payments"
    response = await client.get(url, params={"limit": 2}, headers=tenant.headers)
    body = response.json()
    assert [row["reference"] for row in body["data"]] == ["R3", "R2"]
    assert body["pagination"] == {
        "total": 3,
        "page": 1,
        "limit": 2,
        "pages": 2,
        "next_cursor": None,
    }
    second = await client.get(url, params={"limit": 2, "page": 2}, headers=tenant.headers)
    assert [row["reference"] for row in second.json()["data"]] == ["R1"]
    bad = await client.get(url, params={"limit": 0, "status": "x"}, headers=tenant.headers)
    assert bad.json()["details"] == {
        "limit": "Limit must be an integer between 1 and 100",
        "status": "Unknown parameter",
    }


async def test_recording_needs_payments_write_and_listing_needs_debts_read(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    reader = await factory.make_tenant(scopes=["debts:read", "debts:write"])
    debt = await create_debt(client, reader)
    refused = await pay(client, reader, debt["id"])
    assert refused.status_code == 403
    assert refused.json()["message"] == 'Required scope "payments:write" not found in token'

    payer_token = await factory.fetch_token(reader.client_id, reader.client_secret, "debts:write")
    payer = {"Authorization": f"Bearer {payer_token}"}
    listed = await client.get(f"{DEBTS}/{debt['id']}/payments", headers=payer)
    assert listed.status_code == 403
    assert listed.json()["message"] == 'Required scope "debts:read" not found in token'


async def test_only_payments_write_is_needed_to_record(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.make_tenant(scopes=["payments:write"])
    debt_id = await factory.make_debt(tenant)
    assert (await pay(client, tenant, debt_id)).status_code == 201


async def test_payment_on_unknown_debt_is_404(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await pay(client, tenant, "Z" * 22)
    assert response.status_code == 404
    assert response.json()["message"] == "Debt not found"
    listed = await client.get(f"{DEBTS}/{'Z' * 22}/payments", headers=tenant.headers)
    assert listed.status_code == 404


async def test_fifty_concurrent_payments_lose_no_update(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant, amount="1000")
    amounts = [Decimal(f"{i}.{i % 100:02d}") for i in range(1, 51)]
    responses = await asyncio.gather(
        *(pay(client, tenant, debt["id"], amount=str(amount)) for amount in amounts)
    )
    assert [r.status_code for r in responses] == [201] * 50
    data = await debt_of(client, tenant, debt["id"])
    assert data["amount_paid"] == sum(amounts)
    assert data["amount_remaining"] == Decimal("1000") - sum(amounts)
    assert data["status"] == "status.default.paid"
    listed = await client.get(
        f"{DEBTS}/{debt['id']}/payments", params={"limit": 100}, headers=tenant.headers
    )
    assert sum(Decimal(str(row["amount"])) for row in listed.json()["data"]) == sum(amounts)
