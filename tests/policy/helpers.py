"""Helpers of the contact policy tests: the policy, debts with a zone and flags, followups."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Tenant

API = "/external-api/v1"
POLICY = f"{API}/policy"
DEBTS = f"{API}/debts"
FOLLOWUPS = f"{API}/followups"
VIOLATED = "Contact policy violated"


async def put_policy(client: httpx.AsyncClient, tenant: Tenant, **body: Any) -> httpx.Response:
    return await client.put(POLICY, json=body, headers=tenant.headers)


async def enforce(client: httpx.AsyncClient, tenant: Tenant, **body: Any) -> None:
    response = await put_policy(client, tenant, enforce=True, **body)
    assert response.status_code == 200, response.text


def debt_body(**values: Any) -> dict[str, Any]:
    return {
        "firstname": "Ann", "lastname": "Lee", "amount": 120, "currency": "USD",
        "email": "ann.lee@example.com", **values,
    }  # fmt: skip


async def new_debt(client: httpx.AsyncClient, tenant: Tenant, **values: Any) -> dict[str, Any]:
    response = await client.post(DEBTS, json=debt_body(**values), headers=tenant.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def post_followup(
    client: httpx.AsyncClient, tenant: Tenant, headers: dict[str, str] | None = None, **body: Any
) -> httpx.Response:
    return await client.post(FOLLOWUPS, json=body, headers={**tenant.headers, **(headers or {})})
