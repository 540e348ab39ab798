"""POST/GET/PUT/DELETE /webhooks (SPEC 8): the secret shown once, partial updates, validation."""

from __future__ import annotations

import httpx

from relance.webhooks.inputs import INVALID_EVENTS
from tests.conftest import Factory, Tenant
from tests.webhooks.helpers import API, register

URL = "https://93.184.216.34/hooks"


async def test_register_read_list_change_delete(client: httpx.AsyncClient, tenant: Tenant) -> None:
    made = await register(client, tenant, URL, ["followup.completed", "payment.received"])
    assert set(made) == {"id", "url", "events", "enabled", "description", "created_at", "secret"}
    assert made["secret"].startswith("whsec_")
    assert len(made["secret"]) == 6 + 44
    assert (made["url"], made["enabled"]) == (URL, True)
    path = f"{API}/webhooks/{made['id']}"

    read = (await client.get(path, headers=tenant.headers)).json()["data"]
    assert "secret" not in read
    assert read == {key: value for key, value in made.items() if key != "secret"}

    listed = (await client.get(f"{API}/webhooks", headers=tenant.headers)).json()
    assert listed["data"] == [read]
    assert listed["pagination"]["total"] == 1

    changed = await client.put(
        path, json={"enabled": False, "events": ["*"], "description": None}, headers=tenant.headers
    )
    assert changed.status_code == 200, changed.text
    data = changed.json()["data"]
    assert (data["enabled"], data["events"], data["description"], data["url"]) == (
        False,
        ["*"],
        None,
        URL,
    )

    deleted = await client.delete(path, headers=tenant.headers)
    assert deleted.status_code == 200
    assert (await client.get(path, headers=tenant.headers)).status_code == 404


async def test_rotation_answers_a_new_secret_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    made = await register(client, tenant, URL)
    rotated = await client.post(
        f"{API}/webhooks/{made['id']}/rotate-secret", headers=tenant.headers
    )
    assert rotated.status_code == 200, rotated.text
    secret = rotated.json()["data"]["secret"]
    assert secret.startswith("whsec_")
    assert secret != made["secret"]


async def test_bodies_are_validated_field_by_field(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    answer = await client.post(
        f"{API}/webhooks",
        json={"events": ["debt.paid"], "description": 5, "enabled": "yes", "colour": "red"},
        headers=tenant.headers,
    )
    assert answer.status_code == 400
    assert answer.json()["details"] == {
        "url": "Field is required",
        "events": INVALID_EVENTS,
        "description": "Must be a string of at most 500 characters, or null",
        "enabled": "Must be a boolean",
        "colour": "Unknown field",
    }
    made = await register(client, tenant, URL)
    path = f"{API}/webhooks/{made['id']}"
    empty = await client.put(path, json={}, headers=tenant.headers)
    assert empty.json()["details"] == {"body": "At least one field is required"}
    none = await client.put(path, json={"events": []}, headers=tenant.headers)
    assert none.json()["details"] == {"events": INVALID_EVENTS}


async def test_unknown_and_malformed_ids_are_404(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for path in ("/webhooks/nope", "/webhooks/nope/deliveries", "/webhooks/nope/test"):
        method = "POST" if path.endswith("test") else "GET"
        answer = await client.request(method, f"{API}{path}", headers=tenant.headers)
        assert answer.status_code == 404
        assert answer.json()["message"] == "Webhook not found"


async def test_scopes(client: httpx.AsyncClient, factory: Factory) -> None:
    reader = await factory.make_tenant(scopes=["webhooks:read"])
    refused = await client.post(
        f"{API}/webhooks", json={"url": URL, "events": ["*"]}, headers=reader.headers
    )
    assert refused.status_code == 403
    assert refused.json()["message"] == 'Required scope "webhooks:write" not found in token'
    assert (await client.get(f"{API}/webhooks", headers=reader.headers)).status_code == 200
