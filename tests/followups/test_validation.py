"""The validation matrix: each field x wrong type, range, enum, date, length, null; all at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from relance.followups.schemas import (
    INVALID_DATE,
    INVALID_DIRECTION,
    INVALID_STATUS,
    INVALID_TYPE,
    READ_ONLY_FIELDS,
)
from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.followups.helpers import BASE, url

NOT_NULL = "Field cannot be null"
STRING = "Must be a string"
URL = "Must be an absolute http(s) URL"
PHONE = "Invalid phone number"

# (field, value, message) — every field with every way it can be wrong.
MATRIX: list[tuple[str, Any, str]] = [
    ("status", "done", INVALID_STATUS),
    ("status", 3, INVALID_STATUS),
    ("status", None, NOT_NULL),
    ("type", "fax", INVALID_TYPE),
    ("type", ["call"], INVALID_TYPE),
    ("type", None, NOT_NULL),
    ("call_date", "25/01/2024", INVALID_DATE),
    ("call_date", "2024-13-01T10:00:00Z", INVALID_DATE),
    ("call_date", "2024-01-25T25:00:00Z", INVALID_DATE),
    ("call_date", "yesterday", INVALID_DATE),
    ("call_date", 1706176800, INVALID_DATE),
    ("scheduled_at", "2024-01-25T10:00:00+2", INVALID_DATE),
    ("scheduled_at", "", INVALID_DATE),
    ("scheduled_at", True, INVALID_DATE),
    ("summary", "x" * 501, "Must be at most 500 characters"),
    ("summary", 12, STRING),
    ("notes", "x" * 20_001, "Must be at most 20000 characters"),
    ("notes", {"a": 1}, STRING),
    ("call_id", "x" * 256, "Must be at most 255 characters"),
    ("call_id", 789456, STRING),
    ("audio_url", "ftp://example.com/a.mp3", URL),
    ("audio_url", "/recordings/a.mp3", URL),
    ("audio_url", "https://example.com/" + "a" * 2040, "Must be at most 2048 characters"),
    ("audio_url", "https://exa mple.com/a.mp3", URL),
    ("audio_url", 5, URL),
    ("duration_ms", -1, "Must be at least 0"),
    ("duration_ms", 86_400_001, "Must be at most 86400000"),
    ("duration_ms", 1.5, "Must be an integer"),
    ("duration_ms", "180000", "Must be an integer"),
    ("duration_ms", True, "Must be an integer"),
    ("disconnection_reason", "x" * 101, "Must be at most 100 characters"),
    ("disconnection_reason", 1, STRING),
    ("direction", "sideways", INVALID_DIRECTION),
    ("direction", 0, INVALID_DIRECTION),
    ("phone_number_used", "not a phone", PHONE),
    ("phone_number_used", "+331", PHONE),
    ("phone_number_used", 33612345678, PHONE),
    ("is_retry", "true", "Must be a boolean"),
    ("is_retry", 1, "Must be a boolean"),
    ("is_retry", None, NOT_NULL),
]
MATRIX_IDS = [f"{field}-{value!r}"[:60] for field, value, _ in MATRIX]


async def _followup(factory: Factory, tenant: Tenant) -> tuple[str, str]:
    debt_id = await factory.make_debt(tenant)
    return debt_id, (await factory.make_followup(tenant, debt_id))["id"]


@pytest.mark.parametrize(("field", "value", "message"), MATRIX, ids=MATRIX_IDS)
async def test_create_names_the_offending_field(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    field: str,
    value: Any,
    message: str,
) -> None:
    debt_id = await factory.make_debt(tenant)
    body = {"debt_id": debt_id, field: value}
    response = await client.post(BASE, json=body, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json() == {
        "error": True, "message": "Validation failed", "code": 400, "details": {field: message}
    }  # fmt: skip


@pytest.mark.parametrize(("field", "value", "message"), MATRIX, ids=MATRIX_IDS)
async def test_update_names_the_offending_field(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    field: str,
    value: Any,
    message: str,
) -> None:
    _debt_id, followup_id = await _followup(factory, tenant)
    response = await client.put(url(followup_id), json={field: value}, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json()["details"] == {field: message}


async def test_every_offending_field_is_reported_at_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = {f: v for f, v, _ in MATRIX[::3]} | {"colour": "red", "email_open_count": 3}
    response = await client.post(BASE, json=body, headers=tenant.headers)
    assert response.status_code == 400
    details = response.json()["details"]
    expected = {f: m for f, _, m in MATRIX[::3]} | {
        "debt_id": "Debt ID is required",
        "colour": "Unknown field",
        "email_open_count": "Field is read-only",
    }
    assert details == expected


@pytest.mark.parametrize("field", sorted(READ_ONLY_FIELDS))
async def test_server_managed_fields_are_read_only(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, field: str
) -> None:
    debt_id, followup_id = await _followup(factory, tenant)
    created = await client.post(BASE, json={"debt_id": debt_id, field: 1}, headers=tenant.headers)
    updated = await client.put(url(followup_id), json={field: None}, headers=tenant.headers)
    for response in (created, updated):
        assert response.status_code == 400
        assert response.json()["details"] == {field: "Field is read-only"}


async def test_unknown_field_is_refused_by_name(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    _debt_id, followup_id = await _followup(factory, tenant)
    response = await client.put(
        url(followup_id), json={"summary": "ok", "priority": 1}, headers=tenant.headers
    )
    assert response.status_code == 400
    assert response.json()["details"] == {"priority": "Unknown field"}


@pytest.mark.parametrize(
    ("debt_value", "message"),
    [(None, "Debt ID is required"), ("", "Invalid debt ID"), ("abc", "Invalid debt ID"),
     (12, "Invalid debt ID")],
)  # fmt: skip
async def test_create_refuses_missing_or_malformed_debt_id(
    client: httpx.AsyncClient, tenant: Tenant, debt_value: Any, message: str
) -> None:
    response = await client.post(BASE, json={"debt_id": debt_value}, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json()["details"] == {"debt_id": message}


async def test_create_refuses_a_followup_id_as_debt_id(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    _debt_id, followup_id = await _followup(factory, tenant)
    response = await client.post(BASE, json={"debt_id": followup_id}, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json()["details"] == {"debt_id": "Invalid debt ID"}


async def test_create_on_unknown_debt_is_400_debt_not_found(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    unknown = factory.state.ids.encode(IdKind.DEBT, 987_654_321)
    response = await client.post(BASE, json={"debt_id": unknown}, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json()["details"] == {"debt_id": "Debt not found"}


async def test_update_rejects_debt_id_change(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    _debt_id, followup_id = await _followup(factory, tenant)
    other_debt = await factory.make_debt(tenant)
    for value in (other_debt, None, "garbage"):
        response = await client.put(
            url(followup_id), json={"debt_id": value, "summary": 5}, headers=tenant.headers
        )
        assert response.status_code == 400
        assert response.json()["details"] == {
            "debt_id": "debt_id cannot be changed",
            "summary": STRING,
        }


async def test_update_accepts_debt_id_equal_to_current(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id, followup_id = await _followup(factory, tenant)
    response = await client.put(
        url(followup_id), json={"debt_id": debt_id, "summary": "same debt"}, headers=tenant.headers
    )
    assert response.status_code == 200
    assert response.json()["data"]["summary"] == "same debt"


async def test_empty_update_is_a_validation_error(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    _debt_id, followup_id = await _followup(factory, tenant)
    response = await client.put(url(followup_id), json={}, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json()["details"] == {"body": "At least one field is required"}


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("2024-01-25T10:00:00Z", "2024-01-25T10:00:00+00:00"),
        ("2024-01-25T12:00:00+02:00", "2024-01-25T10:00:00+00:00"),
        ("2024-01-25T05:30:00-04:30", "2024-01-25T10:00:00+00:00"),
        ("2024-01-25T10:00:00.987654Z", "2024-01-25T10:00:00+00:00"),
        ("2024-01-25T10:00:00.5+01:00", "2024-01-25T09:00:00+00:00"),
        ("2024-01-25T10:00:00", "2024-01-25T10:00:00+00:00"),
        ("2024-01-25T10:00", "2024-01-25T10:00:00+00:00"),
        ("2024-01-25", "2024-01-25T00:00:00+00:00"),
    ],
)
async def test_iso_8601_input_is_normalised_to_utc_seconds(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, sent: str, stored: str
) -> None:
    debt_id = await factory.make_debt(tenant)
    data = await factory.make_followup(tenant, debt_id, call_date=sent, scheduled_at=sent)
    assert data["call_date"] == stored
    assert data["scheduled_at"] == stored


@pytest.mark.parametrize(
    ("sent", "stored"),
    [("0612345678", "+33612345678"), ("+33 6 12 34 56 78", "+33612345678"),
     ("06.12.34.56.78", "+33612345678"), ("+1 415 555 2671", "+14155552671")],
)  # fmt: skip
async def test_phone_number_is_normalised_to_e164(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, sent: str, stored: str
) -> None:
    debt_id = await factory.make_debt(tenant)
    data = await factory.make_followup(tenant, debt_id, phone_number_used=sent)
    assert data["phone_number_used"] == stored


async def test_nullable_fields_accept_null_on_create(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    nullable = [
        "call_date", "scheduled_at", "summary", "notes", "call_id", "audio_url",
        "duration_ms", "disconnection_reason", "direction", "phone_number_used",
    ]  # fmt: skip
    data = await factory.make_followup(tenant, debt_id, **dict.fromkeys(nullable))
    assert all(data[name] is None for name in nullable)
    assert (data["status"], data["type"], data["is_retry"]) == ("on_hold", "call", False)


@pytest.mark.parametrize(
    ("content_type", "content", "status", "message"),
    [
        ("text/plain", b"{}", 415, "Content-Type must be application/json"),
        (None, b"{}", 415, "Content-Type must be application/json"),
        ("application/json", b"[1, 2]", 400, "Invalid JSON payload"),
        ("application/json", b"", 400, "Invalid JSON payload"),
        ("application/json", b"not json", 400, "Invalid JSON payload"),
    ],
)
async def test_body_must_be_a_json_object(
    client: httpx.AsyncClient,
    tenant: Tenant,
    content_type: str | None,
    content: bytes,
    status: int,
    message: str,
) -> None:
    headers = dict(tenant.headers)
    if content_type:
        headers["Content-Type"] = content_type
    response = await client.post(BASE, content=content, headers=headers)
    assert response.status_code == status
    assert response.json() == {"error": True, "message": message, "code": status}
