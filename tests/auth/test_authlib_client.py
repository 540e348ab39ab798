"""A real OAuth 2.0 client library nobody here wrote (authlib) against the API."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import authlib.deprecate
import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import Factory, Tenant

with warnings.catch_warnings():
    # authlib 1.9 steers users to the httpx2 fork but still supports httpx, which we use. Its
    # module installs an "always" filter on import, so ours is added after importing it.
    warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError

BASE = "http://testserver"


@asynccontextmanager
async def oauth_client(
    app: FastAPI, tenant: Tenant, method: str, **kwargs: str
) -> AsyncIterator[AsyncOAuth2Client]:
    async with AsyncOAuth2Client(
        client_id=tenant.client_id,
        client_secret=tenant.client_secret,
        token_endpoint_auth_method=method,
        revocation_endpoint_auth_method=method,
        transport=httpx.ASGITransport(app=app),
        base_url=BASE,
        **kwargs,
    ) as session:
        yield session


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
async def test_authlib_fetches_a_token_and_calls_an_authenticated_route(
    probes: FastAPI, tenant: Tenant, method: str
) -> None:
    async with oauth_client(probes, tenant, method, scope="followups:write") as session:
        token = await session.fetch_token(f"{BASE}/token", grant_type="client_credentials")
        assert token["token_type"] == "Bearer"
        assert token["scope"] == "followups:write"
        response = await session.post("/probe/followups-write")
        assert response.status_code == 200
        assert response.json() == {"client_id": tenant.client_id}


async def test_authlib_refreshes_and_revokes(probes: FastAPI, tenant: Tenant) -> None:
    async with oauth_client(probes, tenant, "client_secret_basic") as session:
        first = await session.fetch_token(f"{BASE}/token", grant_type="client_credentials")
        second = await session.refresh_token(f"{BASE}/token")
        assert second["refresh_token"] != first["refresh_token"]
        assert (await session.get("/probe/whoami")).status_code == 200

        revoked = await session.revoke_token(f"{BASE}/revoke", second["access_token"])
        assert revoked.status_code == 200
        assert (await session.get("/probe/whoami")).status_code == 401


async def test_authlib_reports_invalid_client_and_invalid_scope(
    app: FastAPI, factory: Factory
) -> None:
    tenant = await factory.make_tenant(scopes=["debts:read"])
    wrong = Tenant(0, "", tenant.client_id, "wrong-secret", "")
    async with oauth_client(app, wrong, "client_secret_basic") as session:
        with pytest.raises(OAuthError) as refused:
            await session.fetch_token(f"{BASE}/token", grant_type="client_credentials")
        assert refused.value.error == "invalid_client"
    async with oauth_client(app, tenant, "client_secret_post", scope="debts:write") as session:
        with pytest.raises(OAuthError) as wider:
            await session.fetch_token(f"{BASE}/token", grant_type="client_credentials")
        assert wider.value.error == "invalid_scope"
