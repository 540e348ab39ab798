"""Every request/response example and Common Update Scenario of seeds/ as a contract test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import Factory, Tenant
from tests.followups.helpers import BASE, debt_url, set_server_fields, url

SEED_CREATE_REQUEST = {
    "type": "call",
    "status": "scheduled",
    "scheduled_at": "2024-01-25T10:00:00Z",
    "summary": "Follow-up call to discuss payment plan",
    "notes": "Customer previously expressed interest in monthly payment schedule",
}
SEED_CREATE_RESPONSE_DATA = {
    "status": "scheduled",
    "type": "call",
    "call_date": None,
    "scheduled_at": "2024-01-25T10:00:00+00:00",
    "summary": "Follow-up call to discuss payment plan",
    "notes": "Customer previously expressed interest in monthly payment schedule",
    "call_id": None,
    "audio_url": None,
    "pdf_url": None,
    "duration_ms": None,
    "disconnection_reason": None,
    "direction": None,
    "phone_number_used": None,
    "is_retry": False,
}
OBJECT_KEYS = [
    "id", "debt_id", "status", "type", "call_date", "scheduled_at", "summary", "notes",
    "call_id", "audio_url", "pdf_url", "duration_ms", "disconnection_reason", "direction",
    "phone_number_used", "is_retry", "processed_at", "triggered_payment", "email_opened",
    "email_open_count", "email_first_opened_at", "email_clicked", "email_click_count",
]  # fmt: skip


def assert_recent(timestamp: str) -> None:
    moment = datetime.fromisoformat(timestamp)
    assert timestamp.endswith("+00:00")
    assert moment.microsecond == 0
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)


async def test_create_example_returns_201_with_the_seed_object(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    response = await client.post(
        BASE, json={"debt_id": debt_id, **SEED_CREATE_REQUEST}, headers=tenant.headers
    )
    assert response.status_code == 201
    body = response.json()
    assert list(body) == ["error", "message", "data"]
    assert body["error"] is False
    assert body["message"] == "Followup created successfully"
    data = body["data"]
    assert list(data) == OBJECT_KEYS
    assert data["debt_id"] == debt_id
    assert {k: data[k] for k in SEED_CREATE_RESPONSE_DATA} == SEED_CREATE_RESPONSE_DATA
    assert_recent(data["processed_at"])
    assert response.headers["etag"]


async def test_create_error_example_names_debt_id_and_type(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.post(BASE, json={"type": "fax"}, headers=tenant.headers)
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation failed",
        "code": 400,
        "details": {
            "debt_id": "Debt ID is required",
            "type": "Invalid followup type. Valid types are: call, sms, email, whatsapp, "
            "voicemail, manual_call, physical, postmail",
        },
    }


async def _seed_debt_followups(factory: Factory, tenant: Tenant, debt_id: str) -> list[str]:
    call = await factory.make_followup(
        tenant,
        debt_id,
        status="deal_found",
        type="call",
        call_date="2024-01-22T10:30:00+00:00",
        scheduled_at="2024-01-22T10:00:00+00:00",
        summary="Initial contact attempt - successful",
        notes="Customer answered, discussed payment options",
        call_id="call_789456",
        audio_url="https://s3.amazonaws.com/bucket/recordings/call_789456.mp3?X-Amz-Signature=...",
        duration_ms=180000,
        disconnection_reason="completed_successfully",
        direction="outbound",
        phone_number_used="+33800123456",
        is_retry=False,
    )
    await set_server_fields(factory, call["id"], triggered_payment=True)
    email = await factory.make_followup(
        tenant,
        debt_id,
        status="delivered",
        type="email",
        call_date="2024-01-20T14:15:00+00:00",
        scheduled_at="2024-01-20T14:00:00+00:00",
        summary="Payment reminder sent",
        notes="Automated reminder email with payment instructions",
    )
    await set_server_fields(
        factory,
        email["id"],
        email_open_count=3,
        email_click_count=1,
        email_first_opened_at=datetime(2024, 1, 20, 15, 30, tzinfo=UTC),
    )
    return [call["id"], email["id"]]


async def test_list_by_debt_example_matches_the_seed(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    call_id, email_id = await _seed_debt_followups(factory, tenant, debt_id)
    response = await client.get(debt_url(debt_id), params={"limit": 50}, headers=tenant.headers)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["error", "data", "pagination"]
    assert body["pagination"] == {
        "total": 2, "page": 1, "limit": 50, "pages": 1, "next_cursor": None
    }  # fmt: skip
    call, email = body["data"]
    assert (call["id"], email["id"]) == (call_id, email_id)
    assert list(call) == [*OBJECT_KEYS, "media_urls_expire_at"]
    assert list(email) == OBJECT_KEYS
    expected_call: dict[str, Any] = {
        "debt_id": debt_id, "status": "deal_found", "type": "call",
        "call_date": "2024-01-22T10:30:00+00:00", "scheduled_at": "2024-01-22T10:00:00+00:00",
        "summary": "Initial contact attempt - successful",
        "notes": "Customer answered, discussed payment options", "call_id": "call_789456",
        "pdf_url": None, "duration_ms": 180000, "disconnection_reason": "completed_successfully",
        "direction": "outbound", "phone_number_used": "+33800123456", "is_retry": False,
        "triggered_payment": True, "email_opened": False, "email_open_count": 0,
        "email_first_opened_at": None, "email_clicked": False, "email_click_count": 0,
    }  # fmt: skip
    assert {k: call[k] for k in expected_call} == expected_call
    assert call["audio_url"].startswith("http://testserver/media/")
    assert_recent(call["processed_at"])
    expected_email: dict[str, Any] = {
        "debt_id": debt_id, "status": "delivered", "type": "email",
        "call_date": "2024-01-20T14:15:00+00:00", "scheduled_at": "2024-01-20T14:00:00+00:00",
        "summary": "Payment reminder sent",
        "notes": "Automated reminder email with payment instructions", "call_id": None,
        "audio_url": None, "pdf_url": None, "duration_ms": None, "disconnection_reason": None,
        "direction": None, "phone_number_used": None, "is_retry": False,
        "triggered_payment": False, "email_opened": True, "email_open_count": 3,
        "email_first_opened_at": "2024-01-20T15:30:00+00:00", "email_clicked": True,
        "email_click_count": 1,
    }  # fmt: skip
    assert {k: email[k] for k in expected_email} == expected_email


SEED_FOLLOWUP = {
    "type": "call",
    "status": "scheduled",
    "scheduled_at": "2024-01-25T10:00:00Z",
    "call_id": "call_789456",
    "audio_url": "https://s3.amazonaws.com/bucket/recordings/call_789456.mp3?X-Amz-Signature=...",
    "disconnection_reason": "completed_successfully",
    "direction": "outbound",
    "phone_number_used": "+33800123456",
}


async def test_update_example_returns_the_seed_object(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await factory.make_followup(tenant, debt_id, **SEED_FOLLOWUP)
    request = {
        "status": "deal_found",
        "call_date": "2024-01-25T10:15:00Z",
        "duration_ms": 240000,
        "summary": "Successful contact, payment plan agreed",
        "notes": "Customer agreed to pay €500 monthly starting February 1st.",
    }
    response = await client.put(url(created["id"]), json=request, headers=tenant.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["error"] is False
    assert body["message"] == "Followup updated successfully"
    data = body["data"]
    expected = {
        "id": created["id"], "debt_id": debt_id, "status": "deal_found", "type": "call",
        "call_date": "2024-01-25T10:15:00+00:00", "scheduled_at": "2024-01-25T10:00:00+00:00",
        "summary": "Successful contact, payment plan agreed",
        "notes": "Customer agreed to pay €500 monthly starting February 1st.",
        "call_id": "call_789456", "pdf_url": None, "duration_ms": 240000,
        "disconnection_reason": "completed_successfully", "direction": "outbound",
        "phone_number_used": "+33800123456", "is_retry": False,
    }  # fmt: skip
    assert {k: data[k] for k in expected} == expected
    assert data["audio_url"].startswith("http://testserver/media/")
    assert_recent(data["processed_at"])
    expires = datetime.fromisoformat(data["media_urls_expire_at"])
    assert expires - datetime.fromisoformat(data["processed_at"]) == timedelta(seconds=3600)


COMMON_UPDATE_SCENARIOS: dict[str, dict[str, Any]] = {
    "mark as deal found": {
        "status": "deal_found",
        "call_date": "2024-01-25T10:15:00Z",
        "summary": "Customer contacted successfully, agreement reached",
    },
    "mark as delivered": {
        "status": "delivered",
        "call_date": "2024-01-25T10:15:00Z",
        "summary": "Message delivered to recipient",
    },
    "record failed attempt": {
        "status": "no_answer",
        "call_date": "2024-01-25T10:15:00Z",
        "summary": "No answer after multiple attempts",
        "notes": "Phone rang but no answer. Will try again tomorrow.",
    },
    "add call results": {
        "status": "deal_found",
        "duration_ms": 180000,
        "summary": "Payment discussion",
        "notes": "Customer acknowledged debt and requested payment plan options",
    },
    "cancel followup": {
        "status": "cancelled",
        "notes": "Customer paid in full before followup was executed",
    },
}


@pytest.mark.parametrize("scenario", list(COMMON_UPDATE_SCENARIOS))
async def test_common_update_scenario_applies_exactly_the_sent_fields(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, scenario: str
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await factory.make_followup(tenant, debt_id, **SEED_FOLLOWUP)
    request = COMMON_UPDATE_SCENARIOS[scenario]
    response = await client.put(url(created["id"]), json=request, headers=tenant.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Followup updated successfully"
    data = body["data"]
    for name, value in created.items():
        if name in request:
            sent = request[name]
            expected = sent.replace("Z", "+00:00") if name == "call_date" else sent
            assert data[name] == expected, name
        elif name not in ("processed_at", "audio_url", "media_urls_expire_at"):
            assert data[name] == value, name


async def test_update_invalid_json_is_the_seed_error(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await factory.make_followup(tenant, debt_id)
    response = await client.put(
        url(created["id"]),
        content=b'{"status": "deal_found",',
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": "Invalid JSON payload", "code": 400}
