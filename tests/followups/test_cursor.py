"""Keyset cursor paging: complete, stable while rows are inserted, bound to filters and sort."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from relance.followups.listing.query import SORTS
from tests.conftest import Factory, Tenant
from tests.followups.helpers import BASE, debt_url, url


async def _walk(
    client: httpx.AsyncClient, tenant: Tenant, path: str, params: dict[str, Any]
) -> list[str]:
    """Follows next_cursor from page mode's first page to the end."""
    response = await client.get(path, params=params, headers=tenant.headers)
    body = response.json()
    seen = [row["id"] for row in body["data"]]
    cursor = body["pagination"]["next_cursor"]
    while cursor is not None:
        response = await client.get(
            path, params={**params, "cursor": cursor}, headers=tenant.headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body["pagination"]) == {"limit", "next_cursor"}
        seen += [row["id"] for row in body["data"]]
        cursor = body["pagination"]["next_cursor"]
    return seen


async def _make_many(factory: Factory, tenant: Tenant, debt_id: str, count: int) -> None:
    for index in range(count):
        values: dict[str, Any] = {}
        if index % 3 == 0:
            values["scheduled_at"] = f"2024-01-{1 + index % 5:02d}T10:00:00Z"
        if index % 4 == 0:
            values["call_date"] = "2024-02-01T10:00:00Z"  # ties on activity date
        await factory.make_followup(tenant, debt_id, **values)


@pytest.mark.parametrize("sort", list(SORTS))
async def test_cursor_walk_matches_one_big_page_for_every_sort(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, sort: str
) -> None:
    debt_id = await factory.make_debt(tenant)
    await _make_many(factory, tenant, debt_id, 11)
    for path in (BASE, debt_url(debt_id)):
        full = await client.get(path, params={"sort": sort, "limit": 100}, headers=tenant.headers)
        expected = [row["id"] for row in full.json()["data"]]
        assert await _walk(client, tenant, path, {"sort": sort, "limit": 3}) == expected


async def test_cursor_pages_skip_and_repeat_nothing_while_rows_are_inserted(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    await _make_many(factory, tenant, debt_id, 8)
    params: dict[str, str | int] = {"sort": "updated_at", "limit": 3}
    first = await client.get(BASE, params=params, headers=tenant.headers)
    original = {row["id"] for row in first.json()["data"]}
    seen = [row["id"] for row in first.json()["data"]]
    cursor = first.json()["pagination"]["next_cursor"]
    inserted: list[str] = []
    while cursor is not None:
        inserted.append((await factory.make_followup(tenant, debt_id))["id"])
        body = (
            await client.get(BASE, params={**params, "cursor": cursor}, headers=tenant.headers)
        ).json()
        seen += [row["id"] for row in body["data"]]
        cursor = body["pagination"]["next_cursor"]
    everything = await client.get(BASE, params={"limit": 100}, headers=tenant.headers)
    original |= {row["id"] for row in everything.json()["data"]} - set(inserted)
    assert len(seen) == len(set(seen)), "a row was repeated"
    assert original <= set(seen), "a row was skipped"
    assert set(inserted) <= set(seen)  # sorted by updated_at, new rows come after the cursor


async def test_cursor_is_refused_with_other_filters_or_sort(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    await _make_many(factory, tenant, debt_id, 4)
    first = await client.get(BASE, params={"limit": 1, "type": "call"}, headers=tenant.headers)
    cursor = first.json()["pagination"]["next_cursor"]
    mismatch = "Cursor does not match these filters and sort"
    for params in (
        {"cursor": cursor},
        {"cursor": cursor, "type": "call", "sort": "updated_at"},
        {"cursor": cursor, "type": "call", "debt_id": debt_id},
    ):
        response = await client.get(BASE, params=params, headers=tenant.headers)
        assert response.status_code == 400
        assert response.json()["details"] == {"cursor": mismatch}
    same = await client.get(BASE, params={"cursor": cursor, "type": "call"}, headers=tenant.headers)
    assert same.status_code == 200


async def test_cursor_of_another_company_or_altered_is_refused(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    await _make_many(factory, tenant, debt_id, 3)
    first = await client.get(BASE, params={"limit": 1}, headers=tenant.headers)
    cursor = first.json()["pagination"]["next_cursor"]
    other = await factory.make_tenant(name="Other")
    theirs = await client.get(BASE, params={"cursor": cursor}, headers=other.headers)
    assert theirs.json()["details"] == {"cursor": "Cursor does not match these filters and sort"}
    altered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    for bad in (altered, "abc", "%%%"):
        response = await client.get(BASE, params={"cursor": bad}, headers=tenant.headers)
        assert response.status_code == 400
        assert response.json()["details"] == {"cursor": "Invalid cursor"}


async def test_cursor_page_after_an_update_does_not_repeat_rows_sorted_by_activity(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    await _make_many(factory, tenant, debt_id, 6)
    first = await client.get(BASE, params={"limit": 2}, headers=tenant.headers)
    seen = [row["id"] for row in first.json()["data"]]
    await client.put(url(seen[0]), json={"summary": "touched"}, headers=tenant.headers)
    rest = await _walk(
        client,
        tenant,
        BASE,
        {"limit": 2, "cursor": first.json()["pagination"]["next_cursor"]},
    )
    assert len(set(seen + rest)) == len(seen + rest) == 6
