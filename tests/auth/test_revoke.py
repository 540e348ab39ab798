"""POST /revoke (RFC 7009) for refresh and access tokens."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.auth.helpers import basic, bearer, grant, revoke, tokens, whoami_status
from tests.conftest import Factory, Tenant


async def test_revoking_a_refresh_token_kills_its_family_and_access_tokens(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    issued = await tokens(client, tenant)
    response = await revoke(client, tenant, issued["refresh_token"])
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    again = await grant(
        client, tenant, grant_type="refresh_token", refresh_token=issued["refresh_token"]
    )
    assert again.json()["error"] == "invalid_grant"
    assert await whoami_status(client, issued["access_token"]) == 401
    # Tokens from the client's other grants keep working.
    assert (await client.get("/probe/whoami", headers=tenant.headers)).status_code == 200


async def test_revoking_an_access_token_refuses_it_at_once_on_this_node(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    issued = await tokens(client, tenant)
    assert await whoami_status(client, issued["access_token"]) == 200
    response = await revoke(client, tenant, issued["access_token"])
    assert response.status_code == 200
    refused = await client.get("/probe/whoami", headers=bearer(issued["access_token"]))
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]
    # Only that token: its refresh token still rotates.
    rotated = await grant(
        client, tenant, grant_type="refresh_token", refresh_token=issued["refresh_token"]
    )
    assert rotated.status_code == 200


async def test_revocation_ignores_a_wrong_token_type_hint(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    issued = await tokens(client, tenant)
    response = await client.post(
        "/revoke",
        data={"token": issued["access_token"], "token_type_hint": "refresh_token"},
        headers=basic(tenant.client_id, tenant.client_secret),
    )
    assert response.status_code == 200
    assert await whoami_status(client, issued["access_token"]) == 401


async def test_revoking_an_unknown_token_succeeds_quietly(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await revoke(client, tenant, "not-a-token-we-issued")
    assert response.status_code == 200
    assert response.content == b""


async def test_revoking_another_clients_tokens_is_refused_and_has_no_effect(
    probes: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    theirs = await tokens(client, other)
    for token in (theirs["access_token"], theirs["refresh_token"]):
        response = await revoke(client, tenant, token)
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_grant"
    assert await whoami_status(client, theirs["access_token"]) == 200
    rotated = await grant(
        client, other, grant_type="refresh_token", refresh_token=theirs["refresh_token"]
    )
    assert rotated.status_code == 200


async def test_revoke_requires_client_authentication(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.post("/revoke", data={"token": tenant.token})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic")
    wrong = basic(tenant.client_id, "wrong-secret")
    response = await client.post("/revoke", data={"token": tenant.token}, headers=wrong)
    assert response.status_code == 401


async def test_revoke_without_token_is_invalid_request(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.post(
        "/revoke",
        data={"token_type_hint": "access_token"},
        headers=basic(tenant.client_id, tenant.client_secret),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
