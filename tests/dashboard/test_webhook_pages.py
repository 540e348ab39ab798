"""The webhooks pages (SPEC 15): the company's endpoints, a delivery log, and Replay, which
queues the same event again through the webhooks service (CSRF-checked like every form)."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.dashboard.helpers import csrf_of, log_in, make_operator, unique_email

# A public address literal: registering it needs no DNS; nothing is delivered in these tests.
HOOK_URL = "https://93.184.216.34/relance-hooks"
_DELIVERY_ROW = re.compile(r'<tr class="delivery[^"]*" id="delivery-([^"]+)">')


@pytest.fixture
async def logged_in(app: FastAPI, client: httpx.AsyncClient, tenant: Tenant) -> Tenant:
    email = unique_email("hooks")
    await make_operator(app.state.relance, tenant.company_id, email)
    assert (await log_in(client, email)).status_code == 303
    return tenant


async def _webhook(client: httpx.AsyncClient, tenant: Tenant, description: str) -> str:
    body = {"url": HOOK_URL, "events": ["followup.created"], "description": description}
    answer = await client.post("/external-api/v1/webhooks", json=body, headers=tenant.headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["data"]["id"])


async def _test_delivery(client: httpx.AsyncClient, tenant: Tenant, webhook: str) -> str:
    answer = await client.post(f"/external-api/v1/webhooks/{webhook}/test", headers=tenant.headers)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["data"]["id"])


async def _api_deliveries(client: httpx.AsyncClient, tenant: Tenant, webhook: str) -> list[str]:
    answer = await client.get(
        f"/external-api/v1/webhooks/{webhook}/deliveries", headers=tenant.headers
    )
    return [row["id"] for row in answer.json()["data"]]


async def test_the_list_shows_the_companys_endpoints_only(
    client: httpx.AsyncClient, factory: Factory, logged_in: Tenant
) -> None:
    await _webhook(client, logged_in, "Our CRM")
    other = await factory.make_tenant(name="Other Co")
    await _webhook(client, other, "Their secret CRM")

    page = await client.get("/dashboard/webhooks")

    assert page.status_code == 200
    assert "Our CRM" in page.text
    assert HOOK_URL in page.text
    assert "followup.created" in page.text
    assert "Their secret CRM" not in page.text
    assert 'href="/dashboard/webhooks" class="current"' in page.text


async def test_the_delivery_log_shows_each_delivery_newest_first(
    client: httpx.AsyncClient, logged_in: Tenant
) -> None:
    webhook = await _webhook(client, logged_in, "log")
    first = await _test_delivery(client, logged_in, webhook)
    second = await _test_delivery(client, logged_in, webhook)

    page = await client.get(f"/dashboard/webhooks/{webhook}")

    assert page.status_code == 200
    assert _DELIVERY_ROW.findall(page.text) == [second, first]
    assert "webhook.test" in page.text
    assert "pending" in page.text
    assert page.text.count('class="replay"') == 2


async def test_replay_queues_the_same_event_again_and_marks_it(
    client: httpx.AsyncClient, logged_in: Tenant
) -> None:
    webhook = await _webhook(client, logged_in, "replay")
    original = await _test_delivery(client, logged_in, webhook)
    page = await client.get(f"/dashboard/webhooks/{webhook}")

    replay = await client.post(
        f"/dashboard/webhooks/{webhook}/deliveries/{original}/replay",
        data={"csrf_token": csrf_of(page.text)},
    )

    assert replay.status_code == 303
    deliveries = await _api_deliveries(client, logged_in, webhook)
    assert len(deliveries) == 2
    assert deliveries[1] == original
    new = deliveries[0]
    assert replay.headers["location"] == f"/dashboard/webhooks/{webhook}?replayed={new}"
    shown = await client.get(replay.headers["location"])
    assert f'<tr class="delivery replayed" id="delivery-{new}">' in shown.text
    events = await client.get(
        f"/external-api/v1/webhooks/{webhook}/deliveries/{new}", headers=logged_in.headers
    )
    origin = await client.get(
        f"/external-api/v1/webhooks/{webhook}/deliveries/{original}", headers=logged_in.headers
    )
    assert events.json()["data"]["event_id"] == origin.json()["data"]["event_id"]


async def test_replay_without_a_valid_csrf_token_is_refused_and_queues_nothing(
    client: httpx.AsyncClient, logged_in: Tenant
) -> None:
    webhook = await _webhook(client, logged_in, "csrf")
    original = await _test_delivery(client, logged_in, webhook)
    path = f"/dashboard/webhooks/{webhook}/deliveries/{original}/replay"

    missing = await client.post(path, data={"note": "no token"})
    forged = await client.post(path, data={"csrf_token": "0" * 64})

    assert missing.status_code == 403
    assert forged.status_code == 403
    assert await _api_deliveries(client, logged_in, webhook) == [original]


async def test_another_companys_webhook_and_delivery_are_refused(
    client: httpx.AsyncClient, factory: Factory, logged_in: Tenant
) -> None:
    other = await factory.make_tenant(name="Other Co")
    theirs = await _webhook(client, other, "Their hook")
    their_delivery = await _test_delivery(client, other, theirs)
    ours = await _webhook(client, logged_in, "ours")
    page = await client.get(f"/dashboard/webhooks/{ours}")
    csrf = csrf_of(page.text)
    unknown = factory.state.ids.encode(IdKind.WEBHOOK, 2**40)

    refused = await client.get(f"/dashboard/webhooks/{theirs}")
    missing = await client.get(f"/dashboard/webhooks/{unknown}")
    replay_theirs = await client.post(
        f"/dashboard/webhooks/{theirs}/deliveries/{their_delivery}/replay",
        data={"csrf_token": csrf},
    )
    # Their delivery under our webhook: the delivery is another company's.
    replay_across = await client.post(
        f"/dashboard/webhooks/{ours}/deliveries/{their_delivery}/replay",
        data={"csrf_token": csrf},
    )

    assert refused.status_code == 403
    assert "Their hook" not in refused.text
    assert refused.headers["content-type"].startswith("text/html")
    assert missing.status_code == 404
    assert replay_theirs.status_code == 403
    assert replay_across.status_code == 403
    assert await _api_deliveries(client, other, theirs) == [their_delivery]


async def test_a_bad_page_is_a_400_page_naming_it(
    client: httpx.AsyncClient, logged_in: Tenant
) -> None:
    webhook = await _webhook(client, logged_in, "paging")
    for path in ("/dashboard/webhooks", f"/dashboard/webhooks/{webhook}"):
        response = await client.get(path, params={"page": "0"})
        assert response.status_code == 400
        assert "page" in response.text


async def test_the_pages_need_a_session(client: httpx.AsyncClient, tenant: Tenant) -> None:
    webhook = await _webhook(client, tenant, "anonymous")
    for path in ("/dashboard/webhooks", f"/dashboard/webhooks/{webhook}"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/dashboard/login")
