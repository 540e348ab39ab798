"""PUT's checks under the row lock: If-Match spellings, debt_id, and what a refusal leaves."""

from __future__ import annotations

import asyncio
import itertools

import httpx
import pytest

from relance.followups.counters import is_answered, is_reminder
from relance.followups.schemas import DEBT_ID_IMMUTABLE
from relance.followups.serializer import versions_matching
from tests.conftest import Factory, Tenant
from tests.followups.helpers import debt_counters, url


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        (None, None),
        ("*", None),
        ('"x", *', None),
        ('"F.3"', (3,)),
        ('W/"F.3", "F.7"', (3, 7)),
        ('"G.3"', ()),  # another followup's tag
        ('"F.3', ()),  # unterminated
        ('"F.-1"', ()),
        ('"F.²"', ()),  # a Unicode digit is not a version
        ('"F.99999999999"', ()),  # past the column's range
        ("", ()),
    ],
)
def test_versions_matching_reads_if_match(header: str | None, versions: object) -> None:
    assert versions_matching(header, "F") == versions


async def test_if_match_that_names_no_version_is_refused_without_a_write(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    other = await factory.make_followup(tenant, debt_id)
    target = await factory.make_followup(tenant, debt_id, status="scheduled")
    for header in (f'"{other["id"]}.1"', f'"{target["id"]}.99999999999"', f'"{target["id"]}.1x"'):
        response = await client.put(
            url(target["id"]),
            json={"status": "deal_found"},
            headers={**tenant.headers, "If-Match": header},
        )
        assert response.status_code == 412, header
    current = await client.get(url(target["id"]), headers=tenant.headers)
    assert current.headers["etag"] == f'"{target["id"]}.1"'
    assert current.json()["data"]["status"] == "scheduled"
    assert tuple((await debt_counters(factory, debt_id)).values()) == (2, 0, 0)


async def test_debt_id_change_is_reported_before_a_stale_if_match(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    other_debt = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id)
    response = await client.put(
        url(followup["id"]),
        json={"debt_id": other_debt, "summary": "moved"},
        headers={**tenant.headers, "If-Match": '"stale"'},
    )
    assert response.status_code == 400
    assert response.json()["details"] == {"debt_id": DEBT_ID_IMMUTABLE}
    same_debt = await client.put(
        url(followup["id"]),
        json={"debt_id": debt_id, "summary": "kept"},
        headers={**tenant.headers, "If-Match": f'"{followup["id"]}.1"'},
    )
    assert same_debt.status_code == 200
    assert same_debt.json()["data"]["summary"] == "kept"


async def test_every_status_and_direction_change_keeps_counters_exact(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """Walks one followup through every (status, direction); PostgreSQL moves the counters in
    SQL, SQLite in Python: both must agree with the rules of relance.followups.counters."""
    debt_id = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id, status="sent", direction="inbound")
    statuses = [
        "on_hold",
        "scheduled",
        "in_progress",
        "sent",
        "delivered",
        "deal_found",
        "no_answer",
        "deal_not_found",
        "bad_behavior",
        "failed",
        "cancelled",
    ]
    for status, direction in itertools.product(statuses, ["outbound", None, "inbound"]):
        body = {"status": status, "direction": direction}
        response = await client.put(url(followup["id"]), json=body, headers=tenant.headers)
        assert response.status_code == 200, body
        expected = (1, int(is_reminder(status, direction)), int(is_answered(status)))
        assert tuple((await debt_counters(factory, debt_id)).values()) == expected, body


async def test_concurrent_puts_with_one_if_match_let_exactly_one_through(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """The If-Match check runs under the row lock (re-read after a concurrent commit), so of
    ten PUTs that all present version 1 exactly one applies; its counter move is the only one."""
    debt_id = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id, status="scheduled")
    headers = {**tenant.headers, "If-Match": f'"{followup["id"]}.1"'}
    responses = await asyncio.gather(
        *(
            client.put(
                url(followup["id"]),
                json={"status": "deal_found", "summary": f"try {i}"},
                headers=headers,
            )
            for i in range(10)
        )
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [412] * 9
    winner = next(r for r in responses if r.status_code == 200).json()["data"]
    current = await client.get(url(followup["id"]), headers=tenant.headers)
    assert current.headers["etag"] == f'"{followup["id"]}.2"'
    assert current.json()["data"]["summary"] == winner["summary"]
    assert tuple((await debt_counters(factory, debt_id)).values()) == (1, 1, 1)
