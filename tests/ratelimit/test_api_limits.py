"""SPEC 7 over HTTP: the four headers on every authenticated answer, reads and writes counted
apart, 429 that writes nothing, an operator's per-client limits."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from relance.config import Settings
from tests.cli.helpers import Cli, cli, one_json_object
from tests.conftest import Factory, Tenant
from tests.followups.helpers import debt_counters
from tests.ratelimit.helpers import FOLLOWUPS, rate

__all__ = ["cli"]  # the CLI fixture, used by the operator test


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rate_limit_reads": 5, "rate_limit_writes": 2})


async def test_every_authenticated_answer_carries_the_headers(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    listed = await client.get(FOLLOWUPS, headers=tenant.headers)
    assert rate(listed) == (5, 4, 3600)
    reset = int(listed.headers["x-ratelimit-reset"])
    assert time.time() + 3590 <= reset <= time.time() + 3601
    missing = await client.get(f"{FOLLOWUPS}/not-an-id", headers=tenant.headers)
    assert missing.status_code == 404
    assert rate(missing) == (5, 3, 3600)
    debt_id = await factory.make_debt(tenant)
    created = await client.post(FOLLOWUPS, json={"debt_id": debt_id}, headers=tenant.headers)
    assert created.status_code == 201
    assert rate(created) == (2, 1, 3600)  # writes have their own window


async def test_an_unauthenticated_answer_carries_none(client: httpx.AsyncClient) -> None:
    response = await client.get(FOLLOWUPS)
    assert response.status_code == 401
    assert "x-ratelimit-limit" not in response.headers


async def test_over_the_limit_is_429_and_nothing_is_written(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    for _ in range(2):
        await factory.make_followup(tenant, debt_id)
    refused = await client.post(FOLLOWUPS, json={"debt_id": debt_id}, headers=tenant.headers)
    assert refused.status_code == 429
    body = refused.json()
    assert body["message"] == "Rate limit exceeded"
    assert body["code"] == 429
    details = body["details"]
    assert details["limit"] == 2
    assert 3590 <= details["retry_after"] <= 3600
    assert details["reset_time"].endswith("+00:00")
    assert refused.headers["retry-after"] == str(details["retry_after"])
    assert rate(refused) == (2, 0, 3600)
    assert (await debt_counters(factory, debt_id))["followups_count"] == 2
    # Reads still have their own allowance.
    assert (await client.get(FOLLOWUPS, headers=tenant.headers)).status_code == 200


async def test_a_scope_refusal_still_counts_and_carries_the_headers(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    reader = await factory.make_tenant(scopes=["debts:read"])
    response = await client.get(FOLLOWUPS, headers=reader.headers)
    assert response.status_code == 403
    assert rate(response) == (5, 4, 3600)


async def test_limits_are_per_client(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    for _ in range(5):
        await client.get(FOLLOWUPS, headers=tenant.headers)
    assert (await client.get(FOLLOWUPS, headers=tenant.headers)).status_code == 429
    other = await factory.make_tenant(name="Other")
    assert (await client.get(FOLLOWUPS, headers=other.headers)).status_code == 200


async def test_an_operator_sets_a_clients_limits(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    result = cli("client", "limits", tenant.client_id, "--reads", "7", "--writes", "3")
    assert result.returncode == 0, result.stderr
    assert one_json_object(result) == {
        "client_id": tenant.client_id,
        "reads": 7,
        "writes": 3,
        "window": 3600,
    }
    await asyncio.sleep(0.1)  # past the test settings' 0.05 s refresh bound
    assert rate(await client.get(FOLLOWUPS, headers=tenant.headers))[0] == 7
    windowed = cli("client", "limits", tenant.client_id, "--reads", "9", "--writes", "3")
    assert windowed.returncode == 0
    shorter = cli(
        "client", "limits", tenant.client_id, "--reads", "9", "--writes", "3", "--window", "60"
    )
    assert one_json_object(shorter)["window"] == 60
    await asyncio.sleep(0.1)
    assert rate(await client.get(FOLLOWUPS, headers=tenant.headers)) == (9, 8, 60)


def test_limits_for_an_unknown_client_or_a_bad_number_fail_clearly(cli: Cli) -> None:
    unknown = cli("client", "limits", "rlc_nobody", "--reads", "1", "--writes", "1")
    assert unknown.returncode == 1
    assert one_json_object(unknown) == {"error": "no such client: rlc_nobody"}
    zero = cli("client", "limits", "rlc_nobody", "--reads", "0", "--writes", "1")
    assert zero.returncode == 1
    assert "positive" in one_json_object(zero)["error"]
