"""Retries with backoff until a 2xx, every attempt logged; exhaustion; replay; secret rotation.
A dispatcher runs in the test's event loop with short timings (the schedule's shape is the
production one, scaled down by the settings)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from standardwebhooks.webhooks import WebhookVerificationError

from relance.config import Settings
from relance.db.transaction import write_transaction
from relance.webhooks.tables import webhook_endpoints
from tests.conftest import Tenant
from tests.webhooks.helpers import API, dispatching, eventually, register, verified
from tests.webhooks.receiver import Answer, Receiver


async def _log(client: httpx.AsyncClient, tenant: Tenant, hook: dict[str, Any]) -> list[Any]:
    answer = await client.get(f"{API}/webhooks/{hook['id']}/deliveries", headers=tenant.headers)
    data: list[Any] = answer.json()["data"]
    return data


async def _test_event(client: httpx.AsyncClient, tenant: Tenant, hook: dict[str, Any]) -> str:
    answer = await client.post(f"{API}/webhooks/{hook['id']}/test", headers=tenant.headers)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["data"]["id"])


async def test_500_then_timeout_then_200_is_delivered_with_every_attempt_logged(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, settings: Settings, receiver: Receiver
) -> None:
    receiver.answer(Answer(500), Answer(200, hang=3.0), Answer(200))
    hook = await register(client, tenant, receiver.url)
    delivery_id = await _test_event(client, tenant, hook)

    async def delivered() -> bool:
        return bool((await _log(client, tenant, hook))[0]["status"] == "succeeded")

    # 1 s: the first attempt (an immediate 500) must not time out on a loaded CI machine.
    async with dispatching(app.state.relance.database, settings, webhook_timeout=1.0):
        await eventually(delivered)
    got = receiver.requests()
    assert len(got) == 3
    assert len({request.headers["webhook-id"] for request in got}) == 1
    assert len({request.body for request in got}) == 1
    event = verified(got[-1], hook["secret"])
    assert event["type"] == "webhook.test"
    assert got[1].at - got[0].at >= 0.2 * 0.75  # the first backoff, jitter included

    one = await client.get(
        f"{API}/webhooks/{hook['id']}/deliveries/{delivery_id}", headers=tenant.headers
    )
    delivery = one.json()["data"]
    assert delivery["attempts"] == 3
    assert (delivery["status"], delivery["last_status_code"], delivery["last_error"]) == (
        "succeeded",
        200,
        None,
    )
    assert delivery["event_id"] == event["id"]
    assert delivery["next_attempt_at"] is None
    log = [(a["status_code"], a["error"]) for a in delivery["attempt_log"]]
    assert log == [(500, "HTTP 500"), (None, "timed out after 1 s"), (200, None)]


async def test_a_delivery_failing_for_the_whole_window_is_exhausted(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, settings: Settings, receiver: Receiver
) -> None:
    receiver.default = Answer(503)
    hook = await register(client, tenant, receiver.url)
    await _test_event(client, tenant, hook)

    async def exhausted() -> bool:
        return bool((await _log(client, tenant, hook))[0]["status"] == "exhausted")

    async with dispatching(app.state.relance.database, settings, webhook_retry_window=1.0):
        await eventually(exhausted)
    delivery = (await _log(client, tenant, hook))[0]
    assert delivery["attempts"] == len(receiver.requests()) >= 2
    assert (delivery["last_status_code"], delivery["next_attempt_at"]) == (503, None)


async def test_replay_sends_the_same_event_again(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, settings: Settings, receiver: Receiver
) -> None:
    hook = await register(client, tenant, receiver.url)
    first = await _test_event(client, tenant, hook)
    async with dispatching(app.state.relance.database, settings):
        await receiver.arrived(1)
        replay = await client.post(
            f"{API}/webhooks/{hook['id']}/deliveries/{first}/replay", headers=tenant.headers
        )
        assert replay.status_code == 202, replay.text
        again = replay.json()["data"]
        assert again["id"] != first
        assert again["status"] == "pending"
        got = await receiver.arrived(2)
    assert got[0].headers["webhook-id"] == got[1].headers["webhook-id"] == again["event_id"]
    assert got[0].body == got[1].body
    verified(got[1], hook["secret"])
    log = await _log(client, tenant, hook)
    assert [row["id"] for row in log] == [again["id"], first]  # newest first


async def test_after_a_rotation_both_secrets_verify_for_24_hours(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, settings: Settings, receiver: Receiver
) -> None:
    hook = await register(client, tenant, receiver.url)
    rotated = await client.post(
        f"{API}/webhooks/{hook['id']}/rotate-secret", headers=tenant.headers
    )
    new_secret = rotated.json()["data"]["secret"]
    database = app.state.relance.database
    async with dispatching(database, settings):
        await _test_event(client, tenant, hook)
        during = (await receiver.arrived(1))[0]
        assert len(during.headers["webhook-signature"].split(" ")) == 2
        verified(during, hook["secret"], new_secret)
        async with write_transaction(database) as tx:  # the 24 hours are over
            await tx.execute(
                sa.update(webhook_endpoints).values(previous_secret_until=sa.func.current_date())
            )
        await _test_event(client, tenant, hook)
        after = (await receiver.arrived(2))[1]
    verified(after, new_secret)
    with pytest.raises(WebhookVerificationError):
        verified(after, hook["secret"])
