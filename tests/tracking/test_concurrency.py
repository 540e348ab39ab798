"""Counters under concurrent hits: every hit counted exactly once, duplicates never."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import Factory, Tenant
from tests.followups.helpers import followup_row
from tests.tracking.helpers import address, fetch_events, hit_from, make_email_followup, path_of

API = "/external-api/v1"


async def test_200_concurrent_pixel_hits_count_200(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    path = path_of(factory.state.tracking.pixel_url(tenant.company_id, ref.key))

    hits = (hit_from(factory.app, path, address(i)) for i in range(200))
    responses = await asyncio.gather(*hits)

    assert [r.status_code for r in responses] == [200] * 200
    row = await followup_row(factory.state, ref.key)
    assert row["email_open_count"] == 200
    assert row["version"] == 201
    assert len(await fetch_events(factory.state, ref.key)) == 200


async def test_concurrent_clicks_and_opens_are_all_counted(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    signer = factory.state.tracking
    pixel = path_of(signer.pixel_url(tenant.company_id, ref.key))
    click = path_of(signer.click_url(tenant.company_id, ref.key, "https://a.example/"))

    await asyncio.gather(
        *(hit_from(factory.app, pixel if i % 2 else click, address(i)) for i in range(60))
    )

    row = await followup_row(factory.state, ref.key)
    assert (row["email_open_count"], row["email_click_count"]) == (30, 30)


async def test_concurrent_duplicates_of_one_event_id_count_once(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    body = {"event": "email.opened", "event_id": "same", "occurred_at": "2024-05-01T10:00:00Z"}
    url = f"{API}/followups/{ref.public_id}/events"

    responses = await asyncio.gather(
        *(client.post(url, json=body, headers=tenant.headers) for _ in range(30))
    )

    assert {r.status_code for r in responses} == {200}
    assert sum(r.json()["data"]["counted"] for r in responses) == 1
    row = await followup_row(factory.state, ref.key)
    assert (row["email_open_count"], row["version"]) == (1, 2)


async def test_concurrent_out_of_order_opens_keep_the_earliest(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    start = datetime(2024, 6, 1, tzinfo=UTC)
    offsets = [17, 3, 29, 11, 0, 23, 5, 19, 2, 31, 7, 13]
    url = f"{API}/followups/{ref.public_id}/events"

    await asyncio.gather(
        *(
            client.post(
                url,
                json={
                    "event": "email.opened",
                    "event_id": f"e{minutes}",
                    "occurred_at": (start + timedelta(minutes=minutes)).isoformat(),
                },
                headers=tenant.headers,
            )
            for minutes in offsets
        )
    )

    row = await followup_row(factory.state, ref.key)
    assert row["email_open_count"] == len(offsets)
    assert row["email_first_opened_at"] == start
