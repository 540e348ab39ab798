"""SPEC 7: at most 10 failed client authentications per client id a minute, then 429 in the
RFC 6749 error shape, even for the right secret (guessing stays slow)."""

from __future__ import annotations

import httpx

from tests.conftest import Factory, Tenant


def _form(client_id: str, secret: str) -> dict[str, str]:
    return {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}


async def test_ten_failures_then_429_even_with_the_right_secret(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for _ in range(10):
        failed = await client.post("/token", data=_form(tenant.client_id, "wrong"))
        assert failed.status_code == 401
    blocked = await client.post("/token", data=_form(tenant.client_id, tenant.client_secret))
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "temporarily_unavailable"
    assert "retry in" in blocked.json()["error_description"]
    assert 1 <= int(blocked.headers["retry-after"]) <= 60
    assert blocked.headers["cache-control"] == "no-store"


async def test_the_throttle_is_per_client_id(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    for _ in range(11):
        await client.post("/token", data=_form(tenant.client_id, "wrong"))
    other = await factory.make_tenant(name="Other")
    granted = await client.post("/token", data=_form(other.client_id, other.client_secret))
    assert granted.status_code == 200


async def test_successes_do_not_count(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for _ in range(12):
        granted = await client.post("/token", data=_form(tenant.client_id, tenant.client_secret))
        assert granted.status_code == 200


async def test_revoke_counts_failures_too(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for _ in range(10):
        failed = await client.post("/revoke", data={"token": "x"}, auth=(tenant.client_id, "wrong"))
        assert failed.status_code == 401
    blocked = await client.post("/token", data=_form(tenant.client_id, tenant.client_secret))
    assert blocked.status_code == 429
