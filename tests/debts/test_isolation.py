"""Debts and payments ids that name nothing (unknown, malformed, another kind, tampered) are a
404 on every endpoint, and lists and batches stay within the caller's company. Another company's
valid id (403, nothing changes) is a row of the matrix in tests/isolation/cases_debts.py."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS, create_debt, debt_body

PAYMENT = {"amount": "10", "currency": "EUR", "paid_at": "2024-03-01"}
ENDPOINTS: list[tuple[str, str, Any]] = [
    ("GET", "{id}", None),
    ("PUT", "{id}", {"city": "Stolen"}),
    ("PUT", "{id}", {"amount": "not valid"}),
    ("DELETE", "{id}", None),
    ("POST", "{id}/payments", PAYMENT),
    ("POST", "{id}/payments", {"amount": 0}),
    ("GET", "{id}/payments", None),
]


async def call(
    client: httpx.AsyncClient, tenant: Tenant, method: str, path: str, debt_id: str, body: Any
) -> httpx.Response:
    url = f"{DEBTS}/{path.format(id=debt_id)}"
    return await client.request(method, url, json=body, headers=tenant.headers)


@pytest.fixture
async def owner(factory: Factory) -> Tenant:
    return await factory.make_tenant(name="Owner")


@pytest.fixture
async def intruder(factory: Factory) -> Tenant:
    return await factory.make_tenant(name="Intruder")


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize("kind", ["unknown", "malformed", "followup id", "tampered"])
async def test_unknown_or_malformed_debt_id_is_404(
    client: httpx.AsyncClient,
    factory: Factory,
    owner: Tenant,
    method: str,
    path: str,
    body: Any,
    kind: str,
) -> None:
    ids = factory.state.ids
    real = await create_debt(client, owner)
    key = ids.decode(IdKind.DEBT, real["id"])
    assert key is not None
    debt_id = {
        "unknown": ids.encode(IdKind.DEBT, key + 10_000),
        "malformed": "definitely-not-an-id",
        "followup id": ids.encode(IdKind.FOLLOWUP, key),
        "tampered": real["id"][:-2] + ("AA" if real["id"][-2:] != "AA" else "BA"),
    }[kind]
    response = await call(client, owner, method, path, debt_id, body)
    assert response.status_code == 404
    assert response.json() == {"error": True, "message": "Debt not found", "code": 404}


async def test_list_never_shows_another_companys_debts(
    client: httpx.AsyncClient, owner: Tenant, intruder: Tenant
) -> None:
    await create_debt(client, owner, internal_id="SECRET-1", email="secret@example.com")
    for params in ({}, {"q": "SECRET"}, {"q": "secret@example.com"}, {"status": "pending"}):
        response = await client.get(DEBTS, params=params, headers=intruder.headers)
        assert response.json()["data"] == []
        assert response.json()["pagination"]["total"] == 0


async def test_batch_creates_only_in_the_callers_company(
    client: httpx.AsyncClient, owner: Tenant, intruder: Tenant
) -> None:
    response = await client.post(
        f"{DEBTS}/batch", json={"debts": [debt_body()]}, headers=intruder.headers
    )
    created_id = response.json()["data"]["created"][0]["id"]
    mine = await client.get(f"{DEBTS}/{created_id}", headers=intruder.headers)
    assert mine.json()["data"]["company"] == "Intruder"
    theirs = await client.get(f"{DEBTS}/{created_id}", headers=owner.headers)
    assert theirs.status_code == 403
    assert (await client.get(DEBTS, headers=owner.headers)).json()["pagination"]["total"] == 0
