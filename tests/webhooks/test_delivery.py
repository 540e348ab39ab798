"""Events reach a real receiver, signed per Standard Webhooks, with their ``changes``."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from relance.config import Settings
from tests.conftest import Factory, Tenant
from tests.webhooks.helpers import API, dispatching, register, verified
from tests.webhooks.receiver import Receiver


async def test_every_change_is_delivered_signed_with_its_changes(
    app: FastAPI,
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    settings: Settings,
    receiver: Receiver,
) -> None:
    hook = await register(client, tenant, receiver.url)
    assert hook["secret"].startswith("whsec_")
    debt_id = await factory.make_debt(tenant)
    followup = await factory.make_followup(tenant, debt_id, status="scheduled", type="call")
    answer = await client.put(
        f"{API}/followups/{followup['id']}",
        json={"status": "deal_found", "summary": "Agreed"},
        headers=tenant.headers,
    )
    assert answer.status_code == 200, answer.text
    paid = {"amount": "1500.00", "currency": "EUR", "paid_at": "2024-03-01T10:00:00Z"}
    answer = await client.post(f"{API}/debts/{debt_id}/payments", json=paid, headers=tenant.headers)
    assert answer.status_code == 201, answer.text

    async with dispatching(app.state.relance.database, settings):
        got = await receiver.arrived(7)
    events = [verified(request, hook["secret"]) for request in got]
    by_type: dict[str, dict[str, Any]] = {event["type"]: event for event in events}
    assert sorted(by_type) == sorted(
        [
            "debt.created",
            "followup.created",
            "followup.updated",
            "followup.completed",
            "payment.received",
            "debt.updated",
            "debt.status_changed",
        ]
    ), [e["type"] for e in events]
    updated = by_type["followup.updated"]
    assert updated["data"]["id"] == followup["id"]
    assert updated["data"]["status"] == "deal_found"
    assert updated["changes"] == {
        "status": ["scheduled", "deal_found"],
        "summary": [None, "Agreed"],
    }
    paid_status = ["status.default.pending", "status.default.paid"]
    assert by_type["debt.status_changed"]["changes"] == {"status": paid_status}
    assert by_type["payment.received"]["data"]["amount"] == 1500.0
    # One sequence number per change, increasing with the changes of the debt.
    sequence = {kind: event["sequence"] for kind, event in by_type.items()}
    assert sequence["followup.updated"] == sequence["followup.completed"]
    assert sequence["payment.received"] == sequence["debt.status_changed"]
    assert (
        sequence["debt.created"]
        < sequence["followup.created"]
        < sequence["followup.updated"]
        < sequence["payment.received"]
    )
