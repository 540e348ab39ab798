"""Revocations reach every node within the documented bound; concurrent refreshes are reuse."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from relance.app import create_app
from relance.config import Settings
from tests.auth.helpers import grant, mount_probes, revoke, tokens, whoami_status
from tests.conftest import Tenant


@pytest.fixture
async def other_node(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A second app process on the same database and secret, with its own revocation cache."""
    node = create_app(settings)
    mount_probes(node)
    async with node.router.lifespan_context(node):
        transport = httpx.ASGITransport(app=node)
        async with httpx.AsyncClient(transport=transport, base_url="http://node-b") as http:
            yield http


async def test_access_token_revoked_on_one_node_is_refused_by_another_within_the_bound(
    probes: FastAPI,
    client: httpx.AsyncClient,
    other_node: httpx.AsyncClient,
    settings: Settings,
    tenant: Tenant,
) -> None:
    issued = await tokens(client, tenant)
    assert await whoami_status(other_node, issued["access_token"]) == 200
    assert (await revoke(client, tenant, issued["access_token"])).status_code == 200
    assert await whoami_status(client, issued["access_token"]) == 401
    await asyncio.sleep(settings.revocation_refresh_seconds * 1.2)
    assert await whoami_status(other_node, issued["access_token"]) == 401
    assert await whoami_status(other_node, tenant.token) == 200


async def test_concurrent_uses_of_one_refresh_token_count_as_reuse(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    issued = await tokens(client, tenant)
    form = {"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]}
    first, second = await asyncio.gather(
        grant(client, tenant, **form), grant(client, tenant, **form)
    )
    statuses = sorted([first.status_code, second.status_code])
    assert statuses == [200, 400]
    winner = first if first.status_code == 200 else second
    # The family was revoked by the losing use, so the winner's new token is dead as well.
    again = await grant(
        client, tenant, grant_type="refresh_token", refresh_token=winner.json()["refresh_token"]
    )
    assert again.json()["error"] == "invalid_grant"
