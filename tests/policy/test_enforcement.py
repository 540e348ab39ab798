"""SPEC 13's enforcement over HTTP: refusals (409 naming each rule) that write nothing, the
audited override, updates, keyed retries, concurrent contacts on one debt, and a company that
does not enforce (a GetBill client) seeing no change."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from relance.auth.scopes import ALL_SCOPES, FOLLOWUPS_OVERRIDE
from tests.conftest import Factory, Tenant
from tests.followups.helpers import debt_counters
from tests.policy.helpers import FOLLOWUPS, VIOLATED, enforce, new_debt, post_followup

NIGHT = "2026-11-20T08:00:00Z"  # 03:00 in New York (EST)
DAY = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)  # 10:00 in New York, a Monday


def _day(hours: int) -> str:
    return (DAY + timedelta(hours=hours)).isoformat()


async def _new_york_debt(
    client: httpx.AsyncClient, tenant: Tenant, **values: Any
) -> dict[str, Any]:
    return await new_debt(client, tenant, country="US", **values)


async def _history(client: httpx.AsyncClient, tenant: Tenant, followup_id: str) -> list[Any]:
    response = await client.get(f"{FOLLOWUPS}/{followup_id}/history", headers=tenant.headers)
    assert response.status_code == 200, response.text
    revisions: list[Any] = response.json()["data"]
    return revisions


async def test_a_night_call_is_refused_naming_the_rule_and_nothing_is_written(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    await enforce(client, tenant)
    debt = await _new_york_debt(client, tenant)
    refused = await post_followup(
        client, tenant, debt_id=debt["id"], type="call", status="no_answer", call_date=NIGHT
    )
    assert refused.status_code == 409
    body = refused.json()
    assert body["message"] == VIOLATED
    assert list(body["details"]) == ["quiet_hours"]
    assert "America/New_York" in body["details"]["quiet_hours"]
    assert (await debt_counters(factory, debt["id"]))["followups_count"] == 0
    by_day = await post_followup(
        client, tenant, debt_id=debt["id"], type="call", status="no_answer", call_date=_day(4)
    )
    assert by_day.status_code == 201, by_day.text


async def test_the_eighth_call_of_the_week_is_refused_whatever_the_call_type(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    await enforce(client, tenant)
    debt = await _new_york_debt(client, tenant)
    for number, kind in enumerate(["call", "manual_call", "voicemail"] * 2 + ["call"]):
        made = await post_followup(
            client, tenant, debt_id=debt["id"], type=kind, status="no_answer",
            call_date=_day(24 * number),
        )  # fmt: skip
        assert made.status_code == 201, made.text
    eighth = await post_followup(
        client, tenant, debt_id=debt["id"], type="manual_call", call_date=_day(24 * 6 + 2)
    )
    assert eighth.status_code == 409
    assert list(eighth.json()["details"]) == ["max_attempts"]
    sms = await post_followup(client, tenant, debt_id=debt["id"], type="sms", call_date=_day(1))
    assert sms.status_code == 201  # another channel, no limit by default
    cancelled = await post_followup(
        client, tenant, debt_id=debt["id"], type="call", status="cancelled", call_date=_day(3)
    )
    assert cancelled.status_code == 201  # called off: not a contact
    next_week = await post_followup(
        client, tenant, debt_id=debt["id"], type="call", call_date=_day(24 * 7 + 1)
    )
    assert next_week.status_code == 201  # the first call has left the window


async def test_cease_and_do_not_contact_flags(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await enforce(client, tenant)
    stopped = await _new_york_debt(client, tenant, contact_flags={"cease": True})
    refused = await post_followup(
        client, tenant, debt_id=stopped["id"], type="postmail", call_date=_day(1)
    )
    assert refused.status_code == 409
    assert list(refused.json()["details"]) == ["cease"]
    no_sms = await _new_york_debt(client, tenant, contact_flags={"do_not_contact": ["sms"]})
    sms = await post_followup(client, tenant, debt_id=no_sms["id"], type="sms", call_date=NIGHT)
    assert sms.status_code == 409
    assert set(sms.json()["details"]) == {"do_not_contact", "quiet_hours"}
    letter = await post_followup(
        client, tenant, debt_id=no_sms["id"], type="postmail", call_date=NIGHT
    )
    assert letter.status_code == 201  # a letter has no quiet hours


async def test_an_override_needs_its_scope_and_a_reason_and_is_in_the_history(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    await enforce(client, tenant)
    debt = await _new_york_debt(client, tenant)
    night_call = {"debt_id": debt["id"], "type": "call", "status": "deal_found", "call_date": NIGHT}
    plain = await factory.make_tenant(scopes=[s for s in ALL_SCOPES if s != FOLLOWUPS_OVERRIDE])
    # Another company's client, without the scope: 403 before anything else.
    denied = await post_followup(
        client, plain, **night_call, policy_override={"reason": "Debtor called back"}
    )
    assert denied.status_code == 403
    no_reason = await post_followup(client, tenant, **night_call, policy_override={})
    assert no_reason.status_code == 400
    assert "policy_override.reason" in no_reason.json()["details"]
    reason = "The debtor called us back at night and asked to settle"
    made = await post_followup(client, tenant, **night_call, policy_override={"reason": reason})
    assert made.status_code == 201, made.text
    assert "policy_override" not in made.json()["data"]
    revisions = await _history(client, tenant, made.json()["data"]["id"])
    assert revisions[0]["policy_override"] == {"reason": reason}
    assert revisions[0]["actor"] == {"type": "client", "id": tenant.client_id}
    # An override that breaks nothing is not recorded as one.
    by_day = await post_followup(
        client, tenant, debt_id=debt["id"], type="sms", call_date=_day(2),
        policy_override={"reason": "Just in case"},
    )  # fmt: skip
    assert by_day.status_code == 201
    assert "policy_override" not in (await _history(client, tenant, by_day.json()["data"]["id"]))[0]


async def test_an_update_into_quiet_hours_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    await enforce(client, tenant)
    debt = await _new_york_debt(client, tenant)
    made = await post_followup(
        client, tenant, debt_id=debt["id"], type="call", status="scheduled", scheduled_at=_day(2)
    )
    assert made.status_code == 201
    url = f"{FOLLOWUPS}/{made.json()['data']['id']}"
    moved = await client.put(url, json={"scheduled_at": NIGHT}, headers=tenant.headers)
    assert moved.status_code == 409
    assert list(moved.json()["details"]) == ["quiet_hours"]
    current = await client.get(url, headers=tenant.headers)
    assert current.json()["data"]["scheduled_at"] == made.json()["data"]["scheduled_at"]
    assert current.headers["etag"] == made.headers["etag"]
    note = await client.put(url, json={"summary": "Asked for a callback"}, headers=tenant.headers)
    assert note.status_code == 200  # not a contact change: no rule applies
    stale = await client.put(
        url, json={"scheduled_at": _day(3)}, headers={**tenant.headers, "If-Match": '"x.1"'}
    )
    assert stale.status_code == 412
    done = await client.put(
        url, json={"status": "no_answer", "call_date": _day(3)}, headers=tenant.headers
    )
    assert done.status_code == 200, done.text


async def test_a_keyed_refusal_is_replayed_and_a_keyed_create_is_once(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    await enforce(client, tenant)
    debt = await _new_york_debt(client, tenant)
    night = {"debt_id": debt["id"], "type": "call", "call_date": NIGHT}
    key = {"Idempotency-Key": "night-1"}
    first = await post_followup(client, tenant, key, **night)
    again = await post_followup(client, tenant, key, **night)
    assert (first.status_code, again.status_code) == (409, 409)
    assert again.headers["idempotent-replayed"] == "true"
    day = {"debt_id": debt["id"], "type": "call", "call_date": _day(1)}
    made = await post_followup(client, tenant, {"Idempotency-Key": "day-1"}, **day)
    replay = await post_followup(client, tenant, {"Idempotency-Key": "day-1"}, **day)
    assert made.status_code == 201
    assert replay.content == made.content
    assert replay.headers["idempotent-replayed"] == "true"
    assert (await debt_counters(factory, debt["id"]))["followups_count"] == 1


async def test_concurrent_calls_on_one_debt_never_pass_the_limit_together(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    await enforce(client, tenant, max_attempts={"call": 3})
    debt = await _new_york_debt(client, tenant)
    answers = await asyncio.gather(
        *(
            post_followup(client, tenant, debt_id=debt["id"], type="call", call_date=_day(n))
            for n in range(8)
        )
    )
    assert sorted(answer.status_code for answer in answers) == [201] * 3 + [409] * 5
    assert (await debt_counters(factory, debt["id"]))["followups_count"] == 3


async def test_without_enforcement_nothing_changes(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt = await _new_york_debt(client, tenant, contact_flags={"cease": True})
    for _ in range(9):
        made = await post_followup(client, tenant, debt_id=debt["id"], type="call", call_date=NIGHT)
        assert made.status_code == 201
