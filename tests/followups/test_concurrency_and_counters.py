"""Debt counters exact on every write and under concurrency; concurrent PUTs lose nothing."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx
import pytest

from tests.conftest import Factory, Tenant
from tests.followups.helpers import BASE, debt_counters, url


@pytest.mark.parametrize(
    ("values", "counts"),
    [
        ({}, (1, 0, 0)),  # on_hold is not executed
        ({"status": "scheduled"}, (1, 0, 0)),
        ({"status": "sent"}, (1, 1, 0)),  # no direction counts as outbound
        ({"status": "sent", "direction": "outbound"}, (1, 1, 0)),
        ({"status": "sent", "direction": "inbound"}, (1, 0, 0)),
        ({"status": "deal_found", "direction": "inbound"}, (1, 0, 1)),
        ({"status": "deal_found"}, (1, 1, 1)),
        ({"status": "bad_behavior"}, (1, 1, 1)),
        ({"status": "deal_not_found"}, (1, 1, 1)),
        ({"status": "cancelled"}, (1, 0, 0)),
    ],
)
async def test_create_moves_debt_counters(
    factory: Factory, tenant: Tenant, values: dict[str, Any], counts: tuple[int, int, int]
) -> None:
    debt_id = await factory.make_debt(tenant)
    await factory.make_followup(tenant, debt_id, **values)
    assert tuple((await debt_counters(factory, debt_id)).values()) == counts


async def test_update_moves_debt_counters_by_the_difference(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id, status="scheduled")
    steps = [
        ({"status": "no_answer"}, (1, 1, 0)),
        ({"status": "deal_found"}, (1, 1, 1)),
        ({"direction": "inbound"}, (1, 0, 1)),
        ({"summary": "nothing counted"}, (1, 0, 1)),
        ({"direction": None, "status": "cancelled"}, (1, 0, 0)),
    ]
    for body, counts in steps:
        response = await client.put(url(followup["id"]), json=body, headers=tenant.headers)
        assert response.status_code == 200
        assert tuple((await debt_counters(factory, debt_id)).values()) == counts, body


async def test_refused_writes_leave_counters_alone(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id, status="sent")
    bad = await client.put(
        url(followup["id"]), json={"status": "deal_found", "summary": 1}, headers=tenant.headers
    )
    assert bad.status_code == 400
    stale = await client.put(
        url(followup["id"]),
        json={"status": "deal_found"},
        headers={**tenant.headers, "If-Match": '"stale"'},
    )
    assert stale.status_code == 412
    assert tuple((await debt_counters(factory, debt_id)).values()) == (1, 1, 0)


async def test_concurrent_puts_of_different_fields_lose_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id)
    fields: dict[str, list[Any]] = {
        "summary": [f"summary {i}" for i in range(4)],
        "notes": [f"notes {i}" for i in range(4)],
        "call_id": [f"call {i}" for i in range(4)],
        "duration_ms": [1000 * i for i in range(4)],
        "disconnection_reason": [f"reason {i}" for i in range(4)],
        "is_retry": [True, False, True, True],
    }
    bodies = [{name: values[i]} for i in range(4) for name, values in fields.items()]
    random.Random(7).shuffle(bodies)
    target = url(followup["id"])
    responses = await asyncio.gather(
        *(client.put(target, json=body, headers=tenant.headers) for body in bodies)
    )
    assert all(response.status_code == 200 for response in responses)
    final = (await client.get(target, headers=tenant.headers)).json()["data"]
    for name, values in fields.items():
        assert final[name] in values, name
    assert final["summary"] is not None
    assert final["notes"] is not None
    assert (
        (await client.get(target, headers=tenant.headers))
        .headers["etag"]
        .endswith(f'.{1 + len(bodies)}"')
    )


async def test_counters_stay_exact_under_concurrent_creates_and_updates(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    statuses = ["sent", "deal_found", "scheduled", "no_answer", "cancelled", "bad_behavior"]
    creates = [
        client.post(BASE, json={"debt_id": debt_id, "status": s}, headers=tenant.headers)
        for s in statuses * 2
    ]
    created = [r.json()["data"] for r in await asyncio.gather(*creates)]
    rng = random.Random(11)
    updates = [
        client.put(url(row["id"]), json={"status": rng.choice(statuses)}, headers=tenant.headers)
        for row in created * 3
    ]
    assert all(r.status_code == 200 for r in await asyncio.gather(*updates))
    listed = await client.get(
        f"{BASE}/debt/{debt_id}", params={"limit": 100}, headers=tenant.headers
    )
    rows = listed.json()["data"]
    expected = {
        "followups_count": len(rows),
        "nb_reminders": sum(
            r["status"] not in ("on_hold", "scheduled", "cancelled") and r["direction"] != "inbound"
            for r in rows
        ),
        "nb_answered": sum(
            r["status"] in ("deal_found", "deal_not_found", "bad_behavior") for r in rows
        ),
    }
    assert await debt_counters(factory, debt_id) == expected
    assert listed.json()["pagination"]["total"] == len(rows) == 12
