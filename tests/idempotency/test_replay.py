"""SPEC 9 over HTTP: a retried POST answers the first response and does nothing; a key reused
for another request is 422; keys belong to one company and live 24 hours."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from relance.db.transaction import write_transaction
from relance.idempotency.pruning import prune_expired
from relance.idempotency.tables import idempotency_keys
from relance.state import AppState
from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS, create_debt, exact
from tests.followups.helpers import debt_counters
from tests.idempotency.helpers import (
    FOLLOWUPS,
    REPLAYED,
    age_keys,
    count_keys,
    keyed,
    post_followup,
)


async def test_a_retry_replays_the_first_answer_and_creates_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    body = {"debt_id": debt_id, "type": "call", "summary": "Promised to pay"}
    first = await post_followup(client, tenant, "call-42", body)
    assert first.status_code == 201
    assert REPLAYED not in first.headers
    again = await post_followup(client, tenant, "call-42", {**body})
    assert again.status_code == 201
    assert again.headers[REPLAYED] == "true"
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert (await debt_counters(factory, debt_id))["followups_count"] == 1


async def test_the_same_body_spelled_otherwise_is_the_same_request(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    first = await client.post(
        FOLLOWUPS,
        content=f'{{"debt_id": "{debt_id}", "type": "sms"}}',
        headers={**keyed(tenant, "k"), "Content-Type": "application/json"},
    )
    again = await client.post(
        FOLLOWUPS,
        content=f'{{"type":"sms","debt_id":"{debt_id}"}}',
        headers={**keyed(tenant, "k"), "Content-Type": "application/json"},
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers[REPLAYED] == "true"


@pytest.mark.parametrize(
    "second", [{"type": "sms"}, {"type": "call", "summary": "other"}], ids=["type", "summary"]
)
async def test_a_key_reused_with_another_body_is_422_and_writes_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, second: dict[str, Any]
) -> None:
    debt_id = await factory.make_debt(tenant)
    await post_followup(client, tenant, "k1", {"debt_id": debt_id, "type": "call"})
    reused = await post_followup(client, tenant, "k1", {"debt_id": debt_id, **second})
    assert reused.status_code == 422
    assert reused.json() == {
        "error": True,
        "message": "Idempotency-Key reused with a different request body",
        "code": 422,
    }
    assert (await debt_counters(factory, debt_id))["followups_count"] == 1


async def test_a_key_reused_on_another_endpoint_is_422(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    await post_followup(client, tenant, "shared", {"debt_id": debt_id})
    other = await client.post(
        f"{DEBTS}/{debt_id}/payments",
        json={"amount": 10, "currency": "EUR", "paid_at": "2024-03-01"},
        headers=keyed(tenant, "shared"),
    )
    assert other.status_code == 422


async def test_keys_belong_to_one_company(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    mine, theirs = await factory.make_debt(tenant), await factory.make_debt(other)
    first = await post_followup(client, tenant, "same-key", {"debt_id": mine})
    second = await post_followup(client, other, "same-key", {"debt_id": theirs})
    assert (first.status_code, second.status_code) == (201, 201)
    assert REPLAYED not in second.headers
    assert second.json()["data"]["id"] != first.json()["data"]["id"]


@pytest.mark.parametrize(
    ("key", "case"),
    [("", "empty"), ("x" * 256, "too long"), ("cl\xe9".encode(), "not ascii"), ("a\x01b", "ctl")],
    ids=["empty", "too-long", "not-ascii", "control"],
)
async def test_a_bad_key_is_400_naming_the_header(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, key: str | bytes, case: str
) -> None:
    debt_id = await factory.make_debt(tenant)
    response = await post_followup(client, tenant, key, {"debt_id": debt_id})  # type: ignore[arg-type]
    assert response.status_code == 400, case
    assert response.json()["details"] == {
        "Idempotency-Key": "Must be 1 to 255 printable ASCII characters"
    }
    assert (await debt_counters(factory, debt_id))["followups_count"] == 0


async def test_a_refusal_is_stored_and_replayed(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    body = {"debt_id": debt_id, "status": "not-a-status"}
    first = await post_followup(client, tenant, "bad", body)
    assert first.status_code == 400
    again = await post_followup(client, tenant, "bad", body)
    assert again.status_code == 400
    assert again.headers[REPLAYED] == "true"
    assert again.content == first.content


async def test_a_retried_payment_is_recorded_and_added_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant, amount="1000")
    url = f"{DEBTS}/{debt['id']}/payments"
    payment = {"amount": 250, "currency": "EUR", "paid_at": "2024-03-01"}
    answers = [
        await client.post(url, json=payment, headers=keyed(tenant, "pay-1")) for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 201]
    assert len({answer.json()["data"]["id"] for answer in answers}) == 1
    debt_now = exact(await client.get(f"{DEBTS}/{debt['id']}", headers=tenant.headers))["data"]
    assert str(debt_now["amount_paid"]) == "250.00"
    listed = await client.get(url, headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 1


async def test_concurrent_retries_create_one_followup(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    body = {"debt_id": debt_id, "type": "call"}
    answers = await asyncio.gather(
        *(post_followup(client, tenant, "burst", body) for _ in range(20))
    )
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()["data"]["id"] for answer in answers}) == 1
    assert sum(REPLAYED in answer.headers for answer in answers) == 19
    assert (await debt_counters(factory, debt_id))["followups_count"] == 1


async def test_a_key_older_than_24_hours_runs_again_and_is_pruned(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    state: AppState = app.state.relance
    debt_id = await factory.make_debt(tenant)
    await post_followup(client, tenant, "old", {"debt_id": debt_id})
    await age_keys(state, hours=25)
    again = await post_followup(client, tenant, "old", {"debt_id": debt_id, "type": "sms"})
    assert again.status_code == 201
    assert REPLAYED not in again.headers
    assert (await debt_counters(factory, debt_id))["followups_count"] == 2
    await post_followup(client, tenant, "other", {"debt_id": debt_id})
    await age_keys(state, hours=25)
    assert await count_keys(state, tenant.company_id) == 2
    assert await prune_expired(state.database) >= 2
    assert await count_keys(state, tenant.company_id) == 0


async def test_a_put_ignores_the_header(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await factory.make_followup(tenant, debt_id)
    url = f"{FOLLOWUPS}/{created['id']}"
    for summary in ("one", "two"):
        response = await client.put(url, json={"summary": summary}, headers=keyed(tenant, ""))
        assert response.status_code == 200
        assert response.json()["data"]["summary"] == summary


async def test_keyed_posts_that_read_do_not_wait_on_each_other_forever(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """Waiting requests hold pooled connections (the test pool has 5); the first one's reads
    must use its own transaction, not ask the pool for one more."""
    debt_id = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id, type="email")
    url = f"{FOLLOWUPS}/{followup['id']}/tracking/links"
    body = {"urls": ["https://pay.example.com/invoice/1"]}
    burst = asyncio.gather(
        *(client.post(url, json=body, headers=keyed(tenant, "links")) for _ in range(12))
    )
    answers = await asyncio.wait_for(burst, timeout=60)  # a deadlock would never end
    assert {answer.status_code for answer in answers} == {200}
    assert sum(REPLAYED in answer.headers for answer in answers) == 11


async def test_an_answer_stored_by_an_earlier_release_is_still_replayed(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """Releases before issue 19's fourth pass stored the digest of ``json.dumps``' spelling; a
    retry that straddles the upgrade still matches it (and another body still does not)."""
    debt_id = await factory.make_debt(tenant)
    body = {"debt_id": debt_id, "type": "call", "summary": "Promesse de paiement é"}
    first = await post_followup(client, tenant, "straddle", body)
    assert first.status_code == 201
    spelled = json.dumps(["POST", FOLLOWUPS, body], sort_keys=True, separators=(",", ":"))
    earlier = hashlib.sha256(spelled.encode()).hexdigest()
    state: AppState = app.state.relance
    async with write_transaction(state.database) as tx:
        keys = idempotency_keys.c
        stored = (
            sa.update(idempotency_keys).where(keys.key == "straddle").values(fingerprint=earlier)
        )
        assert await tx.execute(stored) == 1
    again = await post_followup(client, tenant, "straddle", body)
    assert again.status_code == 201
    assert again.headers[REPLAYED] == "true"
    assert again.content == first.content
    other = await post_followup(client, tenant, "straddle", {**body, "summary": "autre"})
    assert other.status_code == 422
    assert (await debt_counters(factory, debt_id))["followups_count"] == 1
