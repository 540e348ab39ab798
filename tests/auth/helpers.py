"""Small helpers for the auth tests: client credentials, token requests, probe routes."""

from __future__ import annotations

import base64
from typing import Annotated, Any
from urllib.parse import quote_plus

import httpx
from fastapi import FastAPI
from starlette.responses import Response

from relance.auth.scopes import FOLLOWUPS_READ, FOLLOWUPS_WRITE
from relance.http.endpoint import Call, reads, writes
from relance.http.responses import json_response
from relance.http.route import api_router
from relance.state import AppState
from tests.conftest import Tenant

UNAUTHENTICATED = {
    "error": True,
    "message": "Authentication credentials are missing or invalid",
    "code": 401,
}


def basic(client_id: str, secret: str) -> dict[str, str]:
    """RFC 6749 2.3.1: both parts form-encoded, then joined and base64-encoded."""
    raw = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


async def grant(
    http: httpx.AsyncClient, tenant: Tenant, use_basic: bool = False, **form: str
) -> httpx.Response:
    """POSTs /token as ``tenant``'s client (form credentials unless ``use_basic``)."""
    form.setdefault("grant_type", "client_credentials")
    if use_basic:
        return await http.post(
            "/token", data=form, headers=basic(tenant.client_id, tenant.client_secret)
        )
    form |= {"client_id": tenant.client_id, "client_secret": tenant.client_secret}
    return await http.post("/token", data=form)


async def tokens(http: httpx.AsyncClient, tenant: Tenant, **form: str) -> dict[str, Any]:
    response = await grant(http, tenant, False, **form)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def revoke(http: httpx.AsyncClient, tenant: Tenant, token: str) -> httpx.Response:
    return await http.post(
        "/revoke", data={"token": token}, headers=basic(tenant.client_id, tenant.client_secret)
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def whoami_status(http: httpx.AsyncClient, token: str) -> int:
    """The status of the probe route for an access token (needs the ``probes`` fixture)."""
    return (await http.get("/probe/whoami", headers=bearer(token))).status_code


def signing_key(app: FastAPI) -> bytes:
    """The server's JWT key, to forge tokens that differ from ours in one respect only."""
    state: AppState = app.state.relance
    key: bytes = state.signer._key
    return key


def mount_probes(app: FastAPI) -> None:
    """Tiny routes built the house way (``http.endpoint``), so the access rules are tested on
    their own, apart from any real endpoint."""
    router = api_router("probes")

    @router.get("/probe/whoami")
    async def whoami(call: Annotated[Call, reads(FOLLOWUPS_READ)]) -> Response:
        principal = call.principal
        return json_response(
            {
                "company_id": principal.company_id,
                "client_id": principal.client_id,
                "scopes": sorted(principal.scopes),
            }
        )

    @router.post("/probe/followups-write")
    async def followups_write(call: Annotated[Call, writes(FOLLOWUPS_WRITE, None)]) -> Response:
        return json_response({"client_id": call.principal.client_id})

    app.include_router(router)
