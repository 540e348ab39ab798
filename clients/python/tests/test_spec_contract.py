"""Webhooks (SPEC 8) and stats (SPEC 12): the server has no such routes yet, so these check the
SDK's side of the contract, the requests it sends and how it reads SPEC-shaped answers,
through httpx's MockTransport standing in for the server. Everything in the SDK runs as is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from relance_client import FollowupStats, Relance, Webhook, WebhookDelivery

WEBHOOK = {
    "id": "wh_1",
    "url": "https://example.com/hook",
    "events": ["followup.created"],
    "enabled": True,
    "description": None,
    "created_at": "2024-01-22T10:30:00+00:00",
    "secret": "whsec_c2VjcmV0",
}
DELIVERY = {
    "id": "dl_1",
    "event_id": "evt_1",
    "event_type": "followup.created",
    "status": "failed",
    "attempts": 2,
    "last_status_code": 500,
    "last_error": None,
    "next_attempt_at": "2024-01-22T10:35:00+00:00",
    "created_at": "2024-01-22T10:30:00+00:00",
    "delivered_at": None,
}
STATS_ROW = {
    "type": "call",
    "count": 10,
    "executed": 8,
    "answered": 5,
    "deals": 2,
    "payments_triggered": 1,
    "amount_recovered": "150.00",
    "avg_duration_ms": 61000.5,
    "answer_rate": 0.625,
    "deal_rate": 0.25,
}
PAGE = {"total": 1, "page": 1, "limit": 20, "pages": 1, "next_cursor": None}


class FakeServer:
    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        self.seen.append(request)
        path = request.url.path.removeprefix("/external-api/v1")
        if path == "/stats/followups":
            return httpx.Response(200, json={"error": False, "data": [STATS_ROW]})
        if path.endswith("/deliveries"):
            return httpx.Response(
                200, json={"error": False, "data": [DELIVERY], "pagination": PAGE}
            )
        if path.endswith("/replay"):
            return httpx.Response(202, json={"error": False, "data": None})
        if request.method == "GET" and path == "/webhooks":
            return httpx.Response(200, json={"error": False, "data": [WEBHOOK], "pagination": PAGE})
        status = 201 if request.method == "POST" and path == "/webhooks" else 200
        return httpx.Response(status, json={"error": False, "message": "ok", "data": WEBHOOK})


@pytest.fixture
def fake() -> FakeServer:
    return FakeServer()


@pytest.fixture
def client(fake: FakeServer) -> Iterator[Relance]:
    with Relance("https://relance.test", "id", "secret", transport=httpx.MockTransport(fake)) as c:
        yield c


def _json(request: httpx.Request) -> Any:
    return json.loads(request.content)


def test_webhook_operations_send_the_spec_requests(client: Relance, fake: FakeServer) -> None:
    created = client.webhooks.create("https://example.com/hook", ["followup.created"])
    assert isinstance(created, Webhook)
    assert created.secret == "whsec_c2VjcmV0"
    assert created.created_at == datetime(2024, 1, 22, 10, 30, tzinfo=UTC)
    client.webhooks.update("wh_1", enabled=False)
    client.webhooks.rotate_secret("wh_1")
    client.webhooks.test("wh_1")
    client.webhooks.delete("wh_1")
    client.webhooks.replay("wh_1", "dl_1")
    assert [(r.method, r.url.path.removeprefix("/external-api/v1")) for r in fake.seen] == [
        ("POST", "/webhooks"),
        ("PUT", "/webhooks/wh_1"),
        ("POST", "/webhooks/wh_1/rotate-secret"),
        ("POST", "/webhooks/wh_1/test"),
        ("DELETE", "/webhooks/wh_1"),
        ("POST", "/webhooks/wh_1/deliveries/dl_1/replay"),
    ]
    assert _json(fake.seen[0]) == {
        "url": "https://example.com/hook",
        "events": ["followup.created"],
    }
    assert _json(fake.seen[1]) == {"enabled": False}
    assert all("idempotency-key" in r.headers for r in fake.seen if r.method == "POST")


def test_webhook_lists_and_deliveries_are_typed(client: Relance) -> None:
    assert [w.id for w in client.webhooks.iter_all()] == ["wh_1"]
    (delivery,) = client.webhooks.deliveries("wh_1")
    assert isinstance(delivery, WebhookDelivery)
    assert (delivery.status, delivery.attempts, delivery.delivered_at) == ("failed", 2, None)


def test_stats_send_their_filters_and_read_rows(client: Relance, fake: FakeServer) -> None:
    (row,) = client.stats.followups(
        from_="2024-01-01", to=datetime(2024, 2, 1, tzinfo=UTC), group_by=["type", "month"]
    )
    params = dict(fake.seen[0].url.params)
    assert params == {
        "from": "2024-01-01",
        "to": "2024-02-01T00:00:00+00:00",
        "group_by": "type,month",
    }
    assert isinstance(row, FollowupStats)
    assert (row.type, row.count, row.amount_recovered) == ("call", 10, Decimal("150.00"))
    assert (row.answer_rate, row.month) == (0.625, None)
