"""The hostile-input matrix: each input answers a 4xx in the SPEC envelope and stores nothing.

Control bytes, huge and deep bodies, far dates, huge numbers, overflowing pages, wrong types
and wrong content types, on every write and list endpoint, on the test database of the run
(SQLite or PostgreSQL: the two must agree). "Nothing stored" is checked on every row the
company owns (tests/isolation/snapshot.py), before and after.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest

from relance.kit.json_policy import MAX_DEPTH
from tests.conftest import Factory, Tenant
from tests.isolation import snapshot

API = "/external-api/v1"
DEBT = {"firstname": "Ann", "lastname": "Lee", "amount": 10, "currency": "EUR",
        "email": "ann@example.com"}  # fmt: skip
PAYMENT = {"amount": 1, "currency": "EUR", "paid_at": "2024-01-01"}


def deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = {"a": value}
    return value


# (name, method, path template, body or raw bytes, query string, field the refusal names)
Case = tuple[str, str, str, Any, str, str | None]
CASES: list[Case] = [
    # Control characters: NUL (PostgreSQL refuses it in text), other C0/C1, lone surrogates.
    ("nul in followup notes", "POST", "/followups", {"notes": "a\x00b"}, "", "notes"),
    ("nul in debt name", "POST", "/debts", {**DEBT, "lastname": "L\x00"}, "", "lastname"),
    ("bell in debt city", "POST", "/debts", {**DEBT, "city": "Pa\x07ris"}, "", "city"),
    ("c1 in call_id", "POST", "/followups", {"call_id": "x\x85y"}, "", "call_id"),
    ("newline in call_id", "POST", "/followups", {"call_id": "x\ny"}, "", "call_id"),
    ("newline in debt name", "POST", "/debts", {**DEBT, "firstname": "A\nB"}, "", "firstname"),
    ("nul in metadata key", "POST", "/debts", {**DEBT, "metadata": {"k\x00": 1}}, "", "metadata"),
    ("nul in unknown key", "POST", "/debts", {**DEBT, "x\x00": 1}, "", "body"),
    (
        "lone surrogate",
        "POST",
        "/debts/{debt}/payments",
        b'{"amount": 1, "currency": "EUR", "paid_at": "2024-01-01", "reference": "\\ud800"}',
        "",
        "reference",
    ),
    (
        "nul in payment reference",
        "POST",
        "/debts/{debt}/payments",
        {**PAYMENT, "reference": "r\x00"},
        "",
        "reference",
    ),
    (
        "nul in event id",
        "POST",
        "/followups/{followup}/events",
        {"event": "email.opened", "event_id": "e\x00"},
        "",
        "event_id",
    ),
    ("nul in debt update", "PUT", "/debts/{debt}", {"summary": "\x00"}, "", "summary"),
    ("nul in followup update", "PUT", "/followups/{followup}", {"summary": "\x00"}, "", "summary"),
    # Depth and size.
    ("deep metadata", "POST", "/debts", {**DEBT, "metadata": deep(300)}, "", "metadata"),
    ("deep followup field", "POST", "/followups", {"notes": deep(MAX_DEPTH + 1)}, "", "notes"),
    ("deeper than the parser", "POST", "/debts", b"[" * 100_000 + b"]" * 100_000, "", None),
    # Far dates, far-future payments.
    (
        "year 0999 call_date",
        "POST",
        "/followups",
        {"call_date": "0999-12-31T00:00:00Z"},
        "",
        "call_date",
    ),
    (
        "year 9999 scheduled_at",
        "POST",
        "/followups",
        {"scheduled_at": "9999-12-31T23:59:59-05:00"},
        "",
        "scheduled_at",
    ),
    ("year 1000 birthdate", "POST", "/debts", {**DEBT, "birthdate": "1000-01-01"}, "", "birthdate"),
    (
        "payment in the far future",
        "POST",
        "/debts/{debt}/payments",
        {**PAYMENT, "paid_at": "2150-01-01"},
        "",
        "paid_at",
    ),
    (
        "event in year 1",
        "POST",
        "/followups/{followup}/events",
        {"event": "email.opened", "event_id": "x", "occurred_at": "0001-01-01"},
        "",
        "occurred_at",
    ),
    # Huge numbers.
    ("huge amount", "POST", "/debts", {**DEBT, "amount": 10**40}, "", "amount"),
    (
        "huge exponent amount",
        "POST",
        "/debts",
        b'{"firstname": "A", "lastname": "B", '
        b'"amount": 1e999999999, "currency": "EUR", "email": "a@b.fr"}',
        "",
        "amount",
    ),
    (
        "huge exponent in metadata",
        "POST",
        "/debts",
        {**DEBT, "metadata": {"n": "PLACEHOLDER"}},
        "",
        "metadata",
    ),
    ("huge duration", "POST", "/followups", {"duration_ms": 2**70}, "", "duration_ms"),
    (
        "5000-digit integer",
        "POST",
        "/debts/{debt}/payments",
        b'{"amount": ' + b"9" * 5000 + b', "currency": "EUR", "paid_at": "2024-01-01"}',
        "",
        None,
    ),
    # Wrong types.
    ("list body", "POST", "/debts", [DEBT], "", None),
    ("string amount words", "POST", "/debts", {**DEBT, "amount": "ten"}, "", "amount"),
    ("object as notes", "POST", "/followups", {"notes": {"a": 1}}, "", "notes"),
    ("boolean as duration", "POST", "/followups", {"duration_ms": True}, "", "duration_ms"),
    ("batch of strings", "POST", "/debts/batch", {"debts": "many"}, "", "debts"),
]
QUERY_CASES: list[tuple[str, str, str]] = [
    # (list path, query string, parameter the refusal names)
    ("/followups", "page=99999999999999999999", "page"),
    ("/followups", "page=1000001", "page"),
    ("/debts", "page=1000001", "page"),
    ("/debts", "page=99999999999999999999", "page"),
    ("/debts/{debt}/payments", "page=1000001", "page"),
    ("/followups", "status=", "status"),
    ("/followups", "debt_id=", "debt_id"),
    ("/debts", "q=", "q"),
    ("/debts", "q=a%00b", "q"),
    ("/followups", "cursor=a%00b", "cursor"),
    ("/followups", "date_from=0999-01-01", "date_from"),
    ("/debts", "created_after=9999-12-31T23:59:59-05:00", "created_after"),
    ("/followups", "limit=101", "limit"),
]


@pytest.fixture
async def targets(factory: Factory, tenant: Tenant) -> dict[str, str]:
    debt = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt, type="email", status="sent")
    return {"debt": debt, "followup": str(followup["id"])}


async def _send(
    client: httpx.AsyncClient, tenant: Tenant, method: str, path: str, body: Any, **headers: str
) -> httpx.Response:
    # The standard library's encoder: it writes nesting and integers orjson refuses to.
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    if isinstance(body, dict) and body.get("metadata") == {"n": "PLACEHOLDER"}:
        content = content.replace(b'"PLACEHOLDER"', b"1e999999")  # beyond jsonb's numeric
    all_headers = {"Content-Type": "application/json", **tenant.headers, **headers}
    return await client.request(method, API + path, content=content, headers=all_headers)


async def _unchanged(factory: Factory, tenant: Tenant, send: Callable[[], Any]) -> httpx.Response:
    state = factory.state
    before = await snapshot.take(state.database, state.settings.media_dir, tenant.company_id)
    response: httpx.Response = await send()
    after = await snapshot.take(state.database, state.settings.media_dir, tenant.company_id)
    assert after == before, f"something was stored: {response.status_code} {response.text}"
    return response


@pytest.mark.parametrize(("name", "method", "path", "body", "query", "field"), CASES)
async def test_hostile_body_is_a_4xx_naming_the_field_and_stores_nothing(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    targets: dict[str, str],
    name: str,
    method: str,
    path: str,
    body: Any,
    query: str,
    field: str | None,
) -> None:
    url = path.format(**targets)
    if method == "POST" and path == "/followups" and isinstance(body, dict):
        body = {"debt_id": targets["debt"], **body}

    response = await _unchanged(factory, tenant, lambda: _send(client, tenant, method, url, body))

    assert response.status_code == 400, (name, response.text)
    envelope = response.json()
    assert envelope["error"] is True
    assert envelope["code"] == 400
    if field is None:
        assert envelope["message"] in ("Invalid JSON payload", "Validation failed"), envelope
    else:
        assert envelope["message"] == "Validation failed"
        assert field in envelope["details"], (name, envelope)


@pytest.mark.parametrize(("path", "query", "parameter"), QUERY_CASES)
async def test_hostile_query_is_a_400_naming_the_parameter(
    client: httpx.AsyncClient,
    tenant: Tenant,
    targets: dict[str, str],
    path: str,
    query: str,
    parameter: str,
) -> None:
    url = f"{API}{path.format(**targets)}?{query}"
    response = await client.get(url, headers=tenant.headers)
    assert response.status_code == 400, response.text
    assert parameter in response.json()["details"], response.json()


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/debts"), ("POST", "/followups"), ("PUT", "/debts/{debt}"),
     ("POST", "/debts/{debt}/payments"), ("POST", "/followups/{followup}/events")],
)  # fmt: skip
async def test_wrong_content_type_is_415_and_stores_nothing(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    targets: dict[str, str],
    content_type: str | None,
    method: str,
    path: str,
) -> None:
    headers = dict(tenant.headers)
    if content_type is not None:
        headers["Content-Type"] = content_type

    async def send() -> httpx.Response:
        url = API + path.format(**targets)
        return await client.request(method, url, content=orjson.dumps(DEBT), headers=headers)

    response = await _unchanged(factory, tenant, send)
    assert response.status_code == 415
    assert response.json()["code"] == 415


async def test_a_body_over_the_limit_is_413_and_stores_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    limit = factory.state.settings.max_body_bytes
    body = {**DEBT, "summary": "x" * limit}

    response = await _unchanged(
        factory, tenant, lambda: _send(client, tenant, "POST", "/debts", body)
    )

    assert response.status_code == 413
    assert response.json() == {
        "error": True,
        "message": f"Request body is larger than {limit} bytes",
        "code": 413,
    }


async def test_a_batch_row_with_control_characters_fails_alone(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    rows = [DEBT, {**DEBT, "city": "a\x00"}, {**DEBT, "metadata": deep(100)}]
    response = await client.post(f"{API}/debts/batch", json={"debts": rows}, headers=tenant.headers)
    data = response.json()["data"]
    assert (data["created_count"], data["failed_count"]) == (1, 2)
    assert [row["details"] for row in data["failed"]] == [
        {"city": "Must not contain control characters"},
        {"metadata": f"Must not be nested more than {MAX_DEPTH} levels deep"},
    ]
