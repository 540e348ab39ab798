"""POST /debts/batch: per-row results; a bad row never loses the good ones; at most 1,000 rows."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Tenant
from tests.debts.helpers import DEBTS, debt_body

BATCH = f"{DEBTS}/batch"


async def test_batch_creates_good_rows_and_reports_bad_ones(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    rows: list[Any] = [
        debt_body(internal_id="B0"),
        debt_body(internal_id="B1", amount="1.001", email="nope"),
        "not an object",
        debt_body(internal_id="B3", phone="0612345678", email=...),
        debt_body(internal_id="B4", status="paid"),
    ]
    response = await client.post(BATCH, json={"debts": rows}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message"] == "Batch processed: 2 created, 3 failed"
    data = body["data"]
    assert (data["total"], data["created_count"], data["failed_count"]) == (5, 2, 3)
    assert [(row["index"], row["internal_id"]) for row in data["created"]] == [(0, "B0"), (3, "B3")]
    assert data["failed"] == [
        {
            "index": 1,
            "details": {
                "email": "Invalid email address",
                "amount": "Amount must have at most 2 decimal places",
            },
        },
        {"index": 2, "details": {"body": "Must be an object"}},
        {"index": 4, "details": {"status": "Field is read-only"}},
    ]
    for row in data["created"]:
        got = await client.get(f"{DEBTS}/{row['id']}", headers=tenant.headers)
        assert got.json()["data"]["internal_id"] == row["internal_id"]
    listed = await client.get(DEBTS, headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 2


async def test_batch_accepts_one_thousand_rows(client: httpx.AsyncClient, tenant: Tenant) -> None:
    rows = [debt_body(internal_id=f"R{i}", amount=f"{i + 1}.25") for i in range(1000)]
    response = await client.post(BATCH, json={"debts": rows}, headers=tenant.headers)
    assert response.status_code == 200
    assert response.json()["data"]["created_count"] == 1000
    listed = await client.get(DEBTS, params={"min_amount": "1000.25"}, headers=tenant.headers)
    assert [row["internal_id"] for row in listed.json()["data"]] == ["R999"]


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"debts": [debt_body()] * 1001}, {"debts": "At most 1000 debts per batch"}),
        ({"debts": []}, {"debts": "At least one debt is required"}),
        ({"debts": {"a": 1}}, {"debts": "Must be a list of debts"}),
        ({}, {"debts": "Debts are required"}),
        ({"debts": [debt_body()], "dry_run": True}, {"dry_run": "Unknown field"}),
    ],
)
async def test_batch_rejects_a_bad_envelope_and_creates_nothing(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any], details: dict[str, str]
) -> None:
    response = await client.post(BATCH, json=body, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json()["details"] == details
    listed = await client.get(DEBTS, headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 0


async def test_batch_needs_debts_write(client: httpx.AsyncClient, factory: Any) -> None:
    reader = await factory.make_tenant(scopes=["debts:read"])
    response = await client.post(BATCH, json={"debts": [debt_body()]}, headers=reader.headers)
    assert response.status_code == 403
