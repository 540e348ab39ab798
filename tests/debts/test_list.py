"""GET /debts: SPEC 1 paging and every filter of SPEC 4, each on its own and combined."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS


async def listed(
    client: httpx.AsyncClient, tenant: Tenant, **params: Any
) -> tuple[list[str], dict[str, Any]]:
    response = await client.get(DEBTS, params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return [row["internal_id"] for row in body["data"]], body["pagination"]


def at(day: int) -> datetime:
    return datetime(2024, 1, day, 12, 0, tzinfo=UTC)


@pytest.fixture
async def seeded(factory: Factory, tenant: Tenant) -> Tenant:
    """Five debts created on Jan 1..5 2024, newest first in lists."""
    columns = ("internal_id", "firstname", "lastname", "email", "amount_cents", "currency")
    rows = [
        ("D1", "Alice", "Martin", "alice@example.com", 1000, "EUR", "pending", "INV-100"),
        ("D2", "Bruno", "Petit", "bruno@example.org", 5000, "EUR", "paid", "INV-200"),
        ("D3", "Chloé", "Durand", "chloe@example.com", 25050, "USD", "partial", "FAC_1%"),
        ("D4", "David", "Martinez", "d@example.net", 100000, "EUR", "archived", None),
        ("D5", "Eve", "Leroy", "eve@example.com", 5000, "GBP", "pending", "INV-500"),
    ]
    for day, (*values, status, reference) in enumerate(rows, start=1):
        await factory.make_debt(
            tenant,
            created_at=at(day),
            updated_at=at(day),
            status=f"status.default.{status}",
            invoice_reference=reference,
            **dict(zip(columns, values, strict=True)),
        )
    return tenant


async def test_list_is_newest_first_with_default_paging(
    client: httpx.AsyncClient, seeded: Tenant
) -> None:
    ids, pagination = await listed(client, seeded)
    assert ids == ["D5", "D4", "D3", "D2", "D1"]
    assert pagination == {"total": 5, "page": 1, "limit": 20, "pages": 1, "next_cursor": None}


async def test_list_pages(client: httpx.AsyncClient, seeded: Tenant) -> None:
    assert await listed(client, seeded, limit=2) == (
        ["D5", "D4"],
        {"total": 5, "page": 1, "limit": 2, "pages": 3, "next_cursor": None},
    )
    assert (await listed(client, seeded, limit=2, page=3))[0] == ["D1"]
    assert (await listed(client, seeded, limit=2, page=4))[0] == []


async def test_empty_list_has_zero_pages(client: httpx.AsyncClient, tenant: Tenant) -> None:
    assert await listed(client, tenant) == (
        [],
        {"total": 0, "page": 1, "limit": 20, "pages": 0, "next_cursor": None},
    )


async def test_list_shows_only_the_callers_debts(
    client: httpx.AsyncClient, seeded: Tenant, factory: Factory
) -> None:
    other = await factory.make_tenant(name="Other")
    await factory.make_debt(other, internal_id="X1")
    assert (await listed(client, other))[0] == ["X1"]
    assert "X1" not in (await listed(client, seeded))[0]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "status.default.pending"}, ["D5", "D1"]),
        ({"status": "pending"}, ["D5", "D1"]),
        ({"status": "paid,partial"}, ["D3", "D2"]),
        ({"status": "status.default.paid,archived,paid"}, ["D4", "D2"]),
        ({"status": "refused"}, []),
        ({"currency": "EUR"}, ["D4", "D2", "D1"]),
        ({"currency": "usd"}, ["D3"]),
        ({"min_amount": "50"}, ["D5", "D4", "D3", "D2"]),
        ({"min_amount": "250.50"}, ["D4", "D3"]),
        ({"min_amount": "250.51"}, ["D4"]),
        ({"max_amount": "50.00"}, ["D5", "D2", "D1"]),
        ({"max_amount": "0"}, []),
        ({"min_amount": "50", "max_amount": "250.5"}, ["D5", "D3", "D2"]),
        ({"created_after": "2024-01-03"}, ["D5", "D4", "D3"]),
        ({"created_after": "2024-01-03T12:00:00Z"}, ["D5", "D4"]),
        ({"created_before": "2024-01-03T12:00:00+00:00"}, ["D2", "D1"]),
        ({"created_before": "2024-01-03T13:00:00+01:00"}, ["D2", "D1"]),
        ({"created_after": "2024-01-02", "created_before": "2024-01-04"}, ["D3", "D2"]),
        ({"q": "D3"}, ["D3"]),
        ({"q": "martin"}, ["D4", "D1"]),
        ({"q": "MARTINEZ"}, ["D4"]),
        ({"q": "alice martin"}, ["D1"]),
        ({"q": "bruno"}, ["D2"]),
        ({"q": "example.org"}, ["D2"]),
        ({"q": "INV-"}, ["D5", "D2", "D1"]),
        ({"q": "1%"}, ["D3"]),
        ({"q": "%"}, ["D3"]),
        ({"q": "_"}, ["D3"]),
        ({"q": "nobody"}, []),
        ({"q": "  "}, ["D5", "D4", "D3", "D2", "D1"]),
        ({"currency": "EUR", "status": "pending,archived", "q": "martin"}, ["D4", "D1"]),
    ],
)
async def test_list_filters(
    client: httpx.AsyncClient, seeded: Tenant, params: dict[str, str], expected: list[str]
) -> None:
    ids, pagination = await listed(client, seeded, **params)
    assert ids == expected
    assert pagination["total"] == len(expected)


@pytest.mark.parametrize(
    ("params", "details"),
    [
        ({"page": "0"}, {"page": "Page must be an integer between 1 and 1000000"}),
        ({"page": "x"}, {"page": "Page must be an integer between 1 and 1000000"}),
        ({"page": "-1"}, {"page": "Page must be an integer between 1 and 1000000"}),
        ({"limit": "0"}, {"limit": "Limit must be an integer between 1 and 100"}),
        ({"limit": "101"}, {"limit": "Limit must be an integer between 1 and 100"}),
        ({"limit": "2.5"}, {"limit": "Limit must be an integer between 1 and 100"}),
        ({"status": "unpaid"}, {"status": "Invalid status. Valid statuses are: " + ", ".join(
            "status.default." + s for s in (
                "pending", "in_progress", "processing", "settled", "paid", "partial", "failed",
                "archived", "invalid_phone", "on_hold", "refused"))}),
        ({"currency": "EURO"}, {"currency": "Invalid currency. Use an ISO 4217 code"}),
        ({"min_amount": "abc"}, {"min_amount": "Amount must be a number"}),
        ({"min_amount": "-1"}, {"min_amount": "Amount must not be negative"}),
        ({"max_amount": "1.005"}, {"max_amount": "Amount must have at most 2 decimal places"}),
        ({"min_amount": "10", "max_amount": "5"},
         {"max_amount": "max_amount cannot be less than min_amount"}),
        ({"created_after": "yesterday"}, {"created_after": "Invalid date format. Use ISO 8601"}),
        ({"created_before": "2024-13-01"}, {"created_before": "Invalid date format. Use ISO 8601"}),
        ({"q": "x" * 201}, {"q": "Must be at most 200 characters"}),
        ({"sort": "amount"}, {"sort": "Unknown parameter"}),
        ({"page": "0", "limit": "500", "min_amout": "1"}, {
            "page": "Page must be an integer between 1 and 1000000",
            "limit": "Limit must be an integer between 1 and 100",
            "min_amout": "Unknown parameter",
        }),
    ],
)  # fmt: skip
async def test_list_rejects_bad_parameters(
    client: httpx.AsyncClient, tenant: Tenant, params: dict[str, str], details: dict[str, str]
) -> None:
    response = await client.get(DEBTS, params=params, headers=tenant.headers)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Validation failed"
    assert body["details"] == details
