"""GET /followups and /followups/debt/{id}: every filter, every sort, page boundaries, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from relance.followups.listing.query import SORTS
from relance.followups.tables import followups
from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.followups.helpers import BASE, debt_url, set_server_fields

ROWS: list[dict[str, Any]] = [
    {"status": "deal_found", "type": "call", "direction": "outbound",
     "call_date": "2024-01-22T10:30:00Z", "scheduled_at": "2024-01-22T10:00:00Z"},
    {"status": "delivered", "type": "email", "scheduled_at": "2024-01-20T14:00:00Z"},
    {"status": "scheduled", "type": "sms", "direction": "inbound",
     "scheduled_at": "2024-01-25T09:00:00Z"},
    {"status": "no_answer", "type": "call", "direction": "outbound",
     "call_date": "2024-01-21T08:00:00Z"},
    {"status": "on_hold", "type": "whatsapp"},
]  # fmt: skip


async def _seed(factory: Factory, tenant: Tenant) -> tuple[str, list[dict[str, Any]]]:
    debt_id = await factory.make_debt(tenant)
    made = [await factory.make_followup(tenant, debt_id, **row) for row in ROWS]
    return debt_id, made


async def _ids(
    client: httpx.AsyncClient, tenant: Tenant, path: str = BASE, **params: Any
) -> list[str]:
    response = await client.get(path, params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["data"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "deal_found"}, [0]),
        ({"status": "deal_found,no_answer"}, [0, 3]),
        ({"status": ["scheduled", "on_hold"]}, [2, 4]),
        ({"type": "call"}, [0, 3]),
        ({"type": "email,sms"}, [1, 2]),
        ({"direction": "inbound"}, [2]),
        ({"direction": "outbound", "type": "call", "status": "no_answer"}, [3]),
        ({"date_from": "2024-01-21T08:00:00Z", "date_to": "2024-01-22T10:30:00Z"}, [0, 3]),
        ({"date_from": "2024-01-21", "date_to": "2024-01-22"}, [0, 3]),
        ({"date_to": "2024-01-20"}, [1]),
        ({"date_from": "2024-01-25T09:00:01+00:00", "date_to": "2024-01-25"}, []),
        ({"triggered_payment": "true"}, [1]),
        ({"triggered_payment": "false", "type": "email"}, []),
    ],
)
async def test_each_filter_selects_its_rows(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    params: dict[str, Any],
    expected: list[int],
) -> None:
    debt_id, made = await _seed(factory, tenant)
    await set_server_fields(factory, made[1]["id"], triggered_payment=True)
    wanted = {made[i]["id"] for i in expected}
    for path in (BASE, debt_url(debt_id)):
        found = await _ids(client, tenant, path, **params, limit=100)
        assert set(found) == wanted
        response = await client.get(path, params=params, headers=tenant.headers)
        assert response.json()["pagination"]["total"] == len(expected)


async def test_date_from_includes_rows_without_dates_by_creation_time(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    _debt_id, made = await _seed(factory, tenant)
    found = await _ids(client, tenant, date_from="2024-02-01")
    assert found == [made[4]["id"]]  # on_hold, no dates: its activity is its creation time


async def test_updated_since_sees_server_side_changes(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    _debt_id, made = await _seed(factory, tenant)
    old = datetime(2020, 1, 1, tzinfo=UTC)
    for row in made:
        await set_server_fields(factory, row["id"], updated_at=old)
    await set_server_fields(
        factory, made[2]["id"], email_open_count=1, updated_at=datetime(2024, 3, 1, tzinfo=UTC)
    )
    assert await _ids(client, tenant, updated_since="2024-03-01T00:00:00Z") == [made[2]["id"]]
    assert len(await _ids(client, tenant, updated_since="2019-12-31")) == 5


async def test_debt_id_filter_on_company_list(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id, made = await _seed(factory, tenant)
    other_debt = await factory.make_debt(tenant)
    await factory.make_followup(tenant, other_debt)
    assert set(await _ids(client, tenant, debt_id=debt_id)) == {row["id"] for row in made}
    assert len(await _ids(client, tenant)) == 6


@pytest.mark.parametrize("sort", list(SORTS))
async def test_each_sort_orders_rows_with_ties_broken_by_id(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, sort: str
) -> None:
    debt_id, made = await _seed(factory, tenant)
    tie = datetime(2024, 1, 1, tzinfo=UTC)
    for row in made[:2]:  # a tie on every sort column
        await set_server_fields(factory, row["id"], processed_at=tie, updated_at=tie)
    response = await client.get(BASE, params={"limit": 100}, headers=tenant.headers)
    rows = {row["id"]: row for row in response.json()["data"]}
    column, descending = SORTS[sort]
    raw = await _raw_rows(factory, tenant)
    assert len(raw) == len(rows)
    dated = [r for r in raw if r[column] is not None]
    ordered = sorted(dated, key=lambda r: (r[column], r["id"]), reverse=descending)
    # Rows without a date (scheduled_at only) come last in both directions.
    undated = [r for r in raw if r[column] is None]
    ordered += sorted(undated, key=lambda r: int(r["id"]), reverse=descending)
    codec = factory.state.ids
    expected = [codec.encode(IdKind.FOLLOWUP, r["id"]) for r in ordered]
    for path in (BASE, debt_url(debt_id)):
        assert await _ids(client, tenant, path, sort=sort, limit=100) == expected


async def _raw_rows(factory: Factory, tenant: Tenant) -> list[dict[str, Any]]:
    statement = sa.select(followups).where(followups.c.company_id == tenant.company_id)
    async with factory.state.database.read() as tx:
        return await tx.fetch_all(statement)


async def test_default_sort_is_newest_activity_first(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    _debt_id, made = await _seed(factory, tenant)
    assert await _ids(client, tenant, limit=100) == await _ids(
        client, tenant, sort="-activity_date", limit=100
    )
    assert (await _ids(client, tenant))[0] == made[4]["id"]  # created now, no dates


async def test_page_boundaries(client: httpx.AsyncClient, factory: Factory, tenant: Tenant) -> None:
    debt_id, _made = await _seed(factory, tenant)
    all_ids = await _ids(client, tenant, limit=100)
    for path in (BASE, debt_url(debt_id)):
        seen: list[str] = []
        for number, size in ((1, 2), (2, 2), (3, 1), (4, 0)):
            response = await client.get(
                path, params={"page": number, "limit": 2}, headers=tenant.headers
            )
            body = response.json()
            pagination = body["pagination"]
            assert (pagination["total"], pagination["page"], pagination["pages"]) == (5, number, 3)
            assert len(body["data"]) == size
            assert (pagination["next_cursor"] is None) == (number >= 3)
            seen += [row["id"] for row in body["data"]]
        assert seen == all_ids
        assert len(await _ids(client, tenant, path, limit=1)) == 1
        one = await client.get(path, params={"limit": 1}, headers=tenant.headers)
        assert one.json()["pagination"]["pages"] == 5


async def test_empty_list_has_zero_pages(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.get(BASE, headers=tenant.headers)
    assert response.json() == {
        "error": False,
        "data": [],
        "pagination": {"total": 0, "page": 1, "limit": 20, "pages": 0, "next_cursor": None},
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "0"}, "page", "Must be at least 1"),
        ({"page": "-3"}, "page", "Must be at least 1"),
        ({"page": "two"}, "page", "Must be an integer"),
        ({"limit": "0"}, "limit", "Must be at least 1"),
        ({"limit": "101"}, "limit", "Must be at most 100"),
        ({"limit": "1.5"}, "limit", "Must be an integer"),
        ({"status": "done"}, "status", "Invalid followup status. Valid statuses are: "
         "on_hold, scheduled, in_progress, sent, delivered, deal_found, no_answer, "
         "deal_not_found, bad_behavior, failed, cancelled"),
        ({"status": "sent,nope"}, "status", None),
        ({"type": "fax"}, "type", "Invalid followup type. Valid types are: "
         "call, sms, email, whatsapp, voicemail, manual_call, physical, postmail"),
        ({"direction": "up"}, "direction", "Invalid direction. Valid directions are: "
         "inbound, outbound"),
        ({"date_from": "01/02/2024"}, "date_from", "Invalid date format. Use ISO 8601"),
        ({"date_to": "2024-02-30"}, "date_to", "Invalid date format. Use ISO 8601"),
        ({"updated_since": "now"}, "updated_since", "Invalid date format. Use ISO 8601"),
        ({"sort": "amount"}, "sort", None),
        ({"triggered_payment": "maybe"}, "triggered_payment", "Must be true or false"),
        ({"debt_id": "nope"}, "debt_id", "Invalid debt ID"),
        ({"cursor": "abc", "page": "2"}, "page", "Cannot be combined with cursor"),
    ],
)  # fmt: skip
async def test_bad_query_parameters_are_400_naming_the_parameter(
    client: httpx.AsyncClient,
    tenant: Tenant,
    params: dict[str, str],
    field: str,
    message: str | None,
) -> None:
    response = await client.get(BASE, params=params, headers=tenant.headers)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Validation failed"
    assert field in body["details"]
    if message is not None:
        assert body["details"][field] == message


async def test_all_bad_query_parameters_are_named_at_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    params = {"page": "0", "limit": "101", "sort": "x", "status": "x", "date_to": "x"}
    response = await client.get(BASE, params=params, headers=tenant.headers)
    assert set(response.json()["details"]) == set(params)


async def test_debt_list_of_unknown_or_malformed_debt_is_404(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    unknown = factory.state.ids.encode(IdKind.DEBT, 987_654_321)
    for debt_id in (unknown, "garbage"):
        response = await client.get(debt_url(debt_id), headers=tenant.headers)
        assert response.status_code == 404
        assert response.json() == {"error": True, "message": "Debt not found", "code": 404}


async def test_another_companys_debt_is_403_on_both_lists_and_in_cursor_mode(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    debt_id, _made = await _seed(factory, other)
    forbidden = {"error": True, "message": "Access denied to this debt", "code": 403}
    for path, params in (
        (debt_url(debt_id), {}),
        (debt_url(debt_id), {"status": "deal_found"}),
        (BASE, {"debt_id": debt_id}),
    ):
        response = await client.get(path, params=params, headers=tenant.headers)
        assert response.status_code == 403
        assert response.json() == forbidden
    assert await _ids(client, tenant) == []
