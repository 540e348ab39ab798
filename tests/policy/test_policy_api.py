"""GET/PUT /policy and the debt's contact fields (SPEC 13): defaults, bad input refused with
nothing stored, one company's policy never another's."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Factory, Tenant
from tests.policy.helpers import DEBTS, POLICY, debt_body, new_debt, put_policy

DEFAULT = {
    "enforce": False,
    "max_attempts": {
        "call": 7, "sms": None, "email": None, "whatsapp": None, "physical": None,
        "postmail": None,
    },
    "window_days": 7,
    "quiet_hours": {"start": "21:00", "end": "08:00"},
}  # fmt: skip


async def _policy(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, Any]:
    response = await client.get(POLICY, headers=tenant.headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def test_the_default_policy_is_not_enforced(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    assert await _policy(client, tenant) == DEFAULT


async def test_a_put_replaces_the_policy_of_that_company_only(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    body = {
        "enforce": True,
        "max_attempts": {"call": 3, "sms": 2},
        "window_days": 5,
        "quiet_hours": {"start": "20:30", "end": "09:00"},
    }
    response = await put_policy(client, tenant, **body)
    assert response.status_code == 200, response.text
    expected = {
        **DEFAULT,
        **body,
        "max_attempts": {**DEFAULT["max_attempts"], "call": 3, "sms": 2},  # type: ignore[dict-item]
    }
    assert response.json()["data"] == expected
    assert await _policy(client, tenant) == expected
    assert await _policy(client, other) == DEFAULT
    again = await put_policy(client, tenant, enforce=False)  # left out: the defaults
    assert again.json()["data"] == DEFAULT


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"enforce": "yes"}, "enforce"),
        ({"max_attempts": {"call": -1}}, "max_attempts.call"),
        ({"max_attempts": {"call": 2.5}}, "max_attempts.call"),
        ({"max_attempts": {"fax": 1}}, "max_attempts.fax"),
        ({"max_attempts": [7]}, "max_attempts"),
        ({"window_days": 0}, "window_days"),
        ({"window_days": True}, "window_days"),
        ({"quiet_hours": {"start": "25:00"}}, "quiet_hours.start"),
        ({"quiet_hours": {"end": "8h"}}, "quiet_hours.end"),
        ({"quiet_hours": {"start": "21:00", "until": "08:00"}}, "quiet_hours.until"),
        ({"enforce": True, "limits": {}}, "limits"),
    ],
)
async def test_bad_policies_are_400_naming_the_field_and_store_nothing(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any], field: str
) -> None:
    response = await put_policy(client, tenant, **body)
    assert response.status_code == 400
    assert response.json()["message"] == "Validation failed"
    assert field in response.json()["details"]
    assert await _policy(client, tenant) == DEFAULT


async def test_scopes_company_read_and_write(client: httpx.AsyncClient, factory: Factory) -> None:
    reader = await factory.make_tenant(scopes=["company:read"])
    assert (await client.get(POLICY, headers=reader.headers)).status_code == 200
    refused = await put_policy(client, reader, enforce=True)
    assert refused.status_code == 403
    assert (await _policy(client, reader))["enforce"] is False
    outsider = await factory.make_tenant(scopes=["followups:read"])
    assert (await client.get(POLICY, headers=outsider.headers)).status_code == 403


@pytest.mark.parametrize(
    ("country", "zone"),
    [("US", "America/New_York"), ("France", "Europe/Paris"), ("JPN", "Asia/Tokyo"),
     ("Atlantis", "UTC"), (None, "UTC")],
)  # fmt: skip
async def test_a_debt_without_a_zone_takes_its_countrys(
    client: httpx.AsyncClient, tenant: Tenant, country: str | None, zone: str
) -> None:
    debt = await new_debt(client, tenant, country=country)
    assert debt["timezone"] == zone
    assert debt["contact_flags"] == {"cease": False, "disputed": False, "do_not_contact": []}
    assert debt["legal_hold"] is False


async def test_a_debts_zone_flags_and_hold_are_set_and_changed(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    flags = {"cease": False, "disputed": True, "do_not_contact": ["sms", "call", "sms"]}
    debt = await new_debt(client, tenant, timezone="America/Chicago", contact_flags=flags)
    assert debt["timezone"] == "America/Chicago"
    assert debt["contact_flags"] == {
        "cease": False, "disputed": True, "do_not_contact": ["call", "sms"]
    }  # fmt: skip
    url = f"{DEBTS}/{debt['id']}"
    changed = await client.put(
        url, json={"contact_flags": {"cease": True}, "legal_hold": True}, headers=tenant.headers
    )
    assert changed.status_code == 200, changed.text
    data = changed.json()["data"]
    assert data["contact_flags"] == {"cease": True, "disputed": False, "do_not_contact": []}
    assert data["legal_hold"] is True
    assert data["timezone"] == "America/Chicago"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"timezone": 5}, "timezone"),
        ({"contact_flags": {"cease": "yes"}}, "contact_flags"),
        ({"contact_flags": {"do_not_contact": ["fax"]}}, "contact_flags"),
        ({"contact_flags": {"stop": True}}, "contact_flags"),
        ({"contact_flags": ["cease"]}, "contact_flags"),
        ({"legal_hold": "true"}, "legal_hold"),
    ],
)
async def test_bad_debt_contact_fields_are_400_naming_the_field(
    client: httpx.AsyncClient, tenant: Tenant, values: dict[str, Any], field: str
) -> None:
    response = await client.post(DEBTS, json=debt_body(**values), headers=tenant.headers)
    assert response.status_code == 400, response.text
    assert field in response.json()["details"]
    listed = await client.get(DEBTS, headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 0
