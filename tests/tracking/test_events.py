"""POST /followups/{id}/events: provider events, deduplicated by event_id, earliest first open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from relance.kit.timestamps import utcnow
from tests.conftest import Factory, Tenant
from tests.followups.helpers import FollowupRef, followup_row
from tests.tracking.helpers import fetch_events, make_email_followup

API = "/external-api/v1"


async def _post(
    client: httpx.AsyncClient, tenant: Tenant, ref: FollowupRef, body: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/followups/{ref.public_id}/events", json=body, headers=tenant.headers
    )


async def test_open_event_is_counted_and_reported(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    body = {"event": "email.opened", "occurred_at": "2024-01-22T11:30:00+01:00", "event_id": "e1"}
    response = await _post(client, tenant, ref, body)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "error": False,
        "message": "Event recorded",
        "data": {
            "followup_id": ref.public_id,
            "event": "email.opened",
            "event_id": "e1",
            "counted": True,
            "email_opened": True,
            "email_open_count": 1,
            "email_first_opened_at": "2024-01-22T10:30:00+00:00",
            "email_clicked": False,
            "email_click_count": 0,
        },
    }
    row = await followup_row(factory.state, ref.key)
    assert row["version"] == 2


async def test_same_event_id_is_counted_once(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    body = {"event": "email.clicked", "occurred_at": "2024-01-22T10:30:00Z", "event_id": "dup"}
    first = await _post(client, tenant, ref, body)
    second = await _post(client, tenant, ref, body)
    assert first.json()["data"]["counted"] is True
    assert second.status_code == 200
    assert second.json()["message"] == "Event already recorded"
    assert second.json()["data"]["counted"] is False
    assert second.json()["data"]["email_click_count"] == 1
    row = await followup_row(factory.state, ref.key)
    assert (row["email_click_count"], row["version"]) == (1, 2)
    assert len(await fetch_events(factory.state, ref.key)) == 1


async def test_event_ids_are_per_followup(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    a, b = await make_email_followup(factory, tenant), await make_email_followup(factory, tenant)
    body = {"event": "email.opened", "event_id": "shared-id"}
    assert (await _post(client, tenant, a, body)).json()["data"]["counted"] is True
    assert (await _post(client, tenant, b, body)).json()["data"]["counted"] is True


async def test_first_open_is_the_earliest_even_out_of_order(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    times = ["2024-03-01T12:00:00Z", "2024-02-01T08:15:30.250Z", "2024-02-15T09:00:00Z"]
    for index, occurred_at in enumerate(times):
        body = {"event": "email.opened", "occurred_at": occurred_at, "event_id": f"o{index}"}
        assert (await _post(client, tenant, ref, body)).status_code == 200
    row = await followup_row(factory.state, ref.key)
    assert row["email_open_count"] == 3
    assert row["email_first_opened_at"] == datetime(2024, 2, 1, 8, 15, 30, 250000, tzinfo=UTC)


async def test_pixel_open_after_an_older_provider_open_keeps_the_older(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    body = {"event": "email.opened", "occurred_at": "2024-01-01", "event_id": "old"}
    await _post(client, tenant, ref, body)
    pixel = factory.state.tracking.pixel_url(tenant.company_id, ref.key)
    await client.get(pixel.removeprefix("http://testserver"))
    row = await followup_row(factory.state, ref.key)
    assert row["email_open_count"] == 2
    assert row["email_first_opened_at"] == datetime(2024, 1, 1, tzinfo=UTC)


async def test_occurred_at_defaults_to_receipt_time(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    before = utcnow()
    await _post(client, tenant, ref, {"event": "email.opened", "event_id": "now"})
    first = (await followup_row(factory.state, ref.key))["email_first_opened_at"]
    assert before <= first <= utcnow()


async def test_click_events_do_not_touch_opens(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    await _post(client, tenant, ref, {"event": "email.clicked", "event_id": "c1"})
    row = await followup_row(factory.state, ref.key)
    assert (row["email_click_count"], row["email_open_count"]) == (1, 0)
    assert row["email_first_opened_at"] is None


@pytest.mark.parametrize(
    ("body", "details"),
    [
        (
            {"event": "email.bounced", "event_id": "x"},
            {"event": "Invalid event. Valid events are: email.opened, email.clicked"},
        ),
        ({"event": "email.opened"}, {"event_id": "Field is required"}),
        ({"event": "email.opened", "event_id": ""}, {"event_id": "Must not be empty"}),
        (
            {"event": "email.opened", "event_id": "x" * 256},
            {"event_id": "Must be at most 255 characters"},
        ),
        (
            {"event": "email.opened", "event_id": "x", "occurred_at": "yesterday"},
            {"occurred_at": "Invalid date format. Use ISO 8601"},
        ),
        (
            {"event": "email.opened", "event_id": "x", "occurred_at": 1700000000},
            {"occurred_at": "Invalid date format. Use ISO 8601"},
        ),
        ({"event": "email.opened", "event_id": "x", "id": 1}, {"id": "Unknown field"}),
    ],
)
async def test_event_validation(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    body: dict[str, Any],
    details: dict[str, str],
) -> None:
    ref = await make_email_followup(factory, tenant)
    response = await _post(client, tenant, ref, body)
    assert response.status_code == 400
    assert response.json()["details"] == details
    assert (await followup_row(factory.state, ref.key))["version"] == 1


async def test_event_far_in_the_future_is_refused(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    future = (utcnow() + timedelta(hours=1)).isoformat()
    body = {"event": "email.opened", "event_id": "f", "occurred_at": future}
    response = await _post(client, tenant, ref, body)
    assert response.status_code == 400
    assert response.json()["details"] == {"occurred_at": "Must not be in the future"}


async def test_event_body_must_be_json_object(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    response = await _post(client, tenant, ref, ["email.opened"])
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid JSON payload"
