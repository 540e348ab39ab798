"""GET /stats/followups (SPEC 12): figures checked against a data set counted by hand, every
grouping, the filters, empty results, zero denominators, bucket boundaries and bad input."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant

URL = "/external-api/v1/stats/followups"


async def _stats(client: httpx.AsyncClient, tenant: Tenant, **params: str) -> list[dict[str, Any]]:
    response = await client.get(URL, params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["data"]
    return rows


@pytest.fixture
async def seeded(factory: Factory, client: httpx.AsyncClient, tenant: Tenant) -> dict[str, str]:
    """Sunday 2026-03-01 ends ISO week 2026-02-23; Monday 2026-03-02 starts the next one."""
    debt = await factory.make_debt(tenant)
    other = await factory.make_debt(tenant)
    made = {}
    for name, debt_id, values in (
        ("call_deal", debt, {"type": "call", "status": "deal_found", "duration_ms": 60_000,
                             "direction": "outbound", "call_date": "2026-02-28T10:00:00Z"}),
        ("call_no", debt, {"type": "call", "status": "no_answer", "duration_ms": 20_000,
                           "direction": "outbound", "call_date": "2026-03-01T23:59:59Z"}),
        ("call_refused", other, {"type": "call", "status": "deal_not_found",
                                 "direction": "inbound", "call_date": "2026-03-02T00:00:00Z"}),
        ("sms", debt, {"type": "sms", "status": "delivered", "call_date": "2026-03-02T08:00:00Z"}),
        ("email_later", other, {"type": "email", "status": "scheduled",
                                "scheduled_at": "2026-04-01T09:00:00Z"}),
    ):  # fmt: skip
        made[name] = (await factory.make_followup(tenant, debt_id, **values))["id"]
    for followup, amount in ((made["call_deal"], "100.50"), (made["call_deal"], "20.00")):
        payment = {"amount": amount, "currency": "EUR", "paid_at": "2026-03-03T10:00:00Z",
                   "followup_id": followup}  # fmt: skip
        answer = await client.post(
            f"/external-api/v1/debts/{debt}/payments", json=payment, headers=tenant.headers
        )
        assert answer.status_code == 201, answer.text
    made |= {"debt": debt, "other": other}
    return made


async def test_one_row_for_everything_without_a_grouping(
    client: httpx.AsyncClient, tenant: Tenant, seeded: dict[str, str]
) -> None:
    assert await _stats(client, tenant) == [
        {
            "count": 5,
            "executed": 4,  # the scheduled email is not executed
            "answered": 2,  # deal_found, deal_not_found
            "deals": 1,
            "payments_triggered": 1,
            "amount_recovered": 120.50,
            "avg_duration_ms": 40000.0,  # over the two calls that have one
            "answer_rate": 0.5,
            "deal_rate": 0.25,
        }
    ]


async def test_grouped_by_type_and_direction(
    client: httpx.AsyncClient, tenant: Tenant, seeded: dict[str, str]
) -> None:
    rows = await _stats(client, tenant, group_by="type,direction")
    keyed = {(row["type"], row["direction"]): row for row in rows}
    assert list(rows[0])[:2] == ["type", "direction"]
    assert set(keyed) == {("call", "inbound"), ("call", "outbound"), ("sms", None),
                          ("email", None)}  # fmt: skip
    outbound = keyed[("call", "outbound")]
    assert (outbound["count"], outbound["executed"], outbound["answered"]) == (2, 2, 1)
    assert outbound["answer_rate"] == 0.5
    assert outbound["deal_rate"] == 0.5
    assert outbound["amount_recovered"] == 120.50
    email = keyed[("email", None)]
    assert email["executed"] == 0
    assert email["answer_rate"] is None  # nothing executed: no rate, not a zero
    assert email["deal_rate"] is None
    assert email["avg_duration_ms"] is None


async def test_day_week_and_month_buckets_in_utc(
    client: httpx.AsyncClient, tenant: Tenant, seeded: dict[str, str]
) -> None:
    days = await _stats(client, tenant, group_by="day")
    weeks = await _stats(client, tenant, group_by="week")
    months = await _stats(client, tenant, group_by="month")

    assert [(row["day"], row["count"]) for row in days] == [
        ("2026-02-28", 1), ("2026-03-01", 1), ("2026-03-02", 2), ("2026-04-01", 1)
    ]  # fmt: skip
    assert [(row["week"], row["count"]) for row in weeks] == [
        ("2026-02-23", 2), ("2026-03-02", 2), ("2026-03-30", 1)
    ]  # fmt: skip
    assert [(row["month"], row["count"]) for row in months] == [
        ("2026-02-01", 1), ("2026-03-01", 3), ("2026-04-01", 1)
    ]  # fmt: skip


async def test_filters_narrow_the_rows(
    client: httpx.AsyncClient, tenant: Tenant, seeded: dict[str, str]
) -> None:
    ranged = await _stats(client, tenant, **{"from": "2026-03-01", "to": "2026-03-01"})
    typed = await _stats(client, tenant, type="call,sms", status="deal_found,delivered")
    one_debt = await _stats(client, tenant, debt_id=seeded["other"], group_by="status")

    assert ranged[0]["count"] == 1  # the whole of 1 March, to its last second
    assert typed[0]["count"] == 2
    assert [(row["status"], row["count"]) for row in one_debt] == [
        ("deal_not_found", 1), ("scheduled", 1)
    ]  # fmt: skip


async def test_no_followup_gives_zeros_or_no_group(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everything = await _stats(client, tenant)
    grouped = await _stats(client, tenant, group_by="type")

    assert everything == [
        {"count": 0, "executed": 0, "answered": 0, "deals": 0, "payments_triggered": 0,
         "amount_recovered": 0.0, "avg_duration_ms": None, "answer_rate": None,
         "deal_rate": None}
    ]  # fmt: skip
    assert grouped == []


async def test_another_companys_followups_are_never_counted(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, seeded: dict[str, str]
) -> None:
    other = await factory.make_tenant(name="Other Co")
    assert (await _stats(client, other))[0]["count"] == 0
    refused = await client.get(URL, params={"debt_id": seeded["debt"]}, headers=other.headers)
    unknown = factory.state.ids.encode(IdKind.DEBT, 2**40)
    missing = await client.get(URL, params={"debt_id": unknown}, headers=tenant.headers)

    assert refused.status_code == 403
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"group_by": "channel"}, "group_by"),
        ({"group_by": ""}, "group_by"),
        ({"type": "fax"}, "type"),
        ({"status": "done"}, "status"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-13-01"}, "to"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "from"),
        ({"debt_id": "not-an-id"}, "debt_id"),
    ],
)
async def test_bad_parameters_are_400_naming_them(
    client: httpx.AsyncClient, tenant: Tenant, params: dict[str, str], field: str
) -> None:
    response = await client.get(URL, params=params, headers=tenant.headers)

    assert response.status_code == 400, response.text
    assert field in response.json()["details"]


async def test_it_needs_the_followups_read_scope(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    writer = await factory.make_tenant(scopes=["followups:write"])
    response = await client.get(URL, headers=writer.headers)
    assert response.status_code == 403
