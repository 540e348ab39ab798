"""SPEC 5 attribution: the named followup, else the latest executed one within the window before
paid_at, else none; exactly one or zero followups flagged per payment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relance.app import create_app
from relance.config import Settings
from relance.debts.followup_links import NOT_EXECUTED
from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS, create_debt, make_followup_at
from tests.followups.helpers import flagged_followups, followup_row

PAID_AT = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
STATUSES = (
    "on_hold", "scheduled", "in_progress", "sent", "delivered", "deal_found", "no_answer",
    "deal_not_found", "bad_behavior", "failed", "cancelled",
)  # fmt: skip


async def pay(
    client: httpx.AsyncClient,
    tenant: Tenant,
    debt_id: str,
    paid_at: datetime = PAID_AT,
    **extra: Any,
) -> httpx.Response:
    body = {"amount": "10", "currency": "EUR", "paid_at": paid_at.isoformat(), **extra}
    return await client.post(f"{DEBTS}/{debt_id}/payments", json=body, headers=tenant.headers)


async def attributed(
    client: httpx.AsyncClient, tenant: Tenant, debt_id: str, **kwargs: Any
) -> str | None:
    response = await pay(client, tenant, debt_id, **kwargs)
    assert response.status_code == 201, response.text
    followup_id: str | None = response.json()["data"]["followup_id"]
    return followup_id


@pytest.fixture
async def debt_id(client: httpx.AsyncClient, tenant: Tenant) -> str:
    return str((await create_debt(client, tenant))["id"])


async def test_explicit_followup_is_flagged_whatever_its_status_and_date(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str
) -> None:
    state = factory.state
    named = await make_followup_at(
        factory, tenant, debt_id, PAID_AT - timedelta(days=90), "on_hold"
    )
    recent = await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(hours=1))
    before = await followup_row(state, named)
    assert await attributed(client, tenant, debt_id, followup_id=named) == named
    after = await followup_row(state, named)
    assert after["triggered_payment"] is True
    assert after["version"] == before["version"] + 1
    assert after["updated_at"] > before["updated_at"]
    assert await flagged_followups(state, debt_id) == {named}
    assert (await followup_row(state, recent))["triggered_payment"] is False


# Another company's followup is a row of the isolation matrix (tests/isolation/cases_debts.py).
@pytest.mark.parametrize("which", ["other debt", "malformed", "debt id"])
async def test_explicit_followup_must_belong_to_the_debt(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str, which: str
) -> None:
    state = factory.state
    if which == "other debt":
        other_debt = (await create_debt(client, tenant))["id"]
        followup_id = await make_followup_at(factory, tenant, other_debt, PAID_AT)
    elif which == "malformed":
        followup_id = "not-an-id"
    else:
        followup_id = debt_id
    response = await pay(client, tenant, debt_id, followup_id=followup_id)
    assert response.status_code == 400
    assert response.json()["details"] == {"followup_id": "Followup does not belong to this debt"}
    debt = (await client.get(f"{DEBTS}/{debt_id}", headers=tenant.headers)).json()["data"]
    assert debt["amount_paid"] == 0
    if which == "other debt":
        assert (await followup_row(state, followup_id))["triggered_payment"] is False


async def test_window_hit_flags_the_most_recent_executed_followup(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str
) -> None:
    state = factory.state
    await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(days=3), "deal_found")
    latest = await make_followup_at(
        factory, tenant, debt_id, PAID_AT - timedelta(days=1), "no_answer"
    )
    await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(hours=2), "scheduled")
    await make_followup_at(factory, tenant, debt_id, PAID_AT + timedelta(minutes=1), "delivered")
    before = await followup_row(state, latest)
    assert await attributed(client, tenant, debt_id) == latest
    after = await followup_row(state, latest)
    assert (after["triggered_payment"], after["version"]) == (True, before["version"] + 1)
    assert await flagged_followups(state, debt_id) == {latest}


async def test_window_is_inclusive_at_both_ends(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str
) -> None:
    edge = await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(days=7))
    assert await attributed(client, tenant, debt_id) == edge
    same_time = await make_followup_at(factory, tenant, debt_id, PAID_AT)
    assert await attributed(client, tenant, debt_id) == same_time


async def test_window_miss_flags_nothing(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str
) -> None:
    state = factory.state
    old = await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(days=7, seconds=1))
    await make_followup_at(factory, tenant, debt_id, PAID_AT + timedelta(seconds=1))
    assert await attributed(client, tenant, debt_id) is None
    assert await flagged_followups(state, debt_id) == set()
    assert (await followup_row(state, old))["version"] == 1


@pytest.mark.parametrize("status", NOT_EXECUTED)
async def test_followups_not_executed_are_never_inferred(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str, status: str
) -> None:
    await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(hours=1), status)
    assert await attributed(client, tenant, debt_id) is None
    assert await flagged_followups(factory.state, debt_id) == set()


async def test_debt_without_followups_gets_no_attribution(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str
) -> None:
    other_debt = (await create_debt(client, tenant))["id"]
    await make_followup_at(factory, tenant, other_debt, PAID_AT - timedelta(hours=1))
    assert await attributed(client, tenant, debt_id) is None
    assert await flagged_followups(factory.state, other_debt) == set()


async def test_two_payments_on_one_debt(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str
) -> None:
    state = factory.state
    first = await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(days=2))
    assert await attributed(client, tenant, debt_id) == first
    # A second payment in the same window credits the same followup: flagged once, one version.
    assert await attributed(client, tenant, debt_id, paid_at=PAID_AT + timedelta(hours=1)) == first
    assert (await followup_row(state, first))["version"] == 2
    # After a newer executed followup, the next payment credits that one; both stay flagged.
    second = await make_followup_at(factory, tenant, debt_id, PAID_AT + timedelta(days=1))
    later = PAID_AT + timedelta(days=2)
    assert await attributed(client, tenant, debt_id, paid_at=later) == second
    assert await flagged_followups(state, debt_id) == {first, second}
    listed = await client.get(f"{DEBTS}/{debt_id}/payments", headers=tenant.headers)
    assert [row["followup_id"] for row in listed.json()["data"]] == [second, first, first]


async def test_window_length_is_a_setting(
    settings: Settings, tenant: Tenant, factory: Factory, debt_id: str
) -> None:
    await make_followup_at(factory, tenant, debt_id, PAID_AT - timedelta(days=3))
    narrow = create_app(settings.model_copy(update={"attribution_window_days": 2}))
    async with narrow.router.lifespan_context(narrow):
        transport = httpx.ASGITransport(app=narrow)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            assert await attributed(http, tenant, debt_id) is None


FOLLOWUPS = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.integers(min_value=-240, max_value=48)),
    max_size=5,
)
PAYMENTS = st.lists(
    st.tuples(st.integers(min_value=-48, max_value=240), st.one_of(st.none(), st.integers(0, 4))),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(followup_specs=FOLLOWUPS, payment_specs=PAYMENTS)
async def test_each_payment_flags_exactly_the_followup_the_rule_names(
    app: FastAPI,
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    followup_specs: list[tuple[str, int]],
    payment_specs: list[tuple[int, int | None]],
) -> None:
    """Offsets are hours from PAID_AT; a payment names the followup at an index, or none."""
    state = app.state.relance
    debt_id = str((await create_debt(client, tenant))["id"])
    made = []
    for status, hours in followup_specs:
        activity = PAID_AT + timedelta(hours=hours)
        made.append(
            (await make_followup_at(factory, tenant, debt_id, activity, status), status, activity)
        )
    credited: set[str] = set()
    for hours, index in payment_specs:
        paid_at = PAID_AT + timedelta(hours=hours)
        named = made[index][0] if index is not None and index < len(made) else None
        extra = {} if named is None else {"followup_id": named}
        got = await attributed(client, tenant, debt_id, paid_at=paid_at, **extra)
        assert got == (named or expected_followup(made, paid_at))
        if got is not None:
            credited.add(got)
        assert await flagged_followups(state, debt_id) == credited


def expected_followup(made: list[tuple[str, str, datetime]], paid_at: datetime) -> str | None:
    """The rule written plainly: latest executed in [paid_at - 7 days, paid_at]; a tie goes to
    the followup created last (the higher key)."""
    window = [
        (activity, position, public_id)
        for position, (public_id, status, activity) in enumerate(made)
        if status not in NOT_EXECUTED and paid_at - timedelta(days=7) <= activity <= paid_at
    ]
    return max(window)[2] if window else None
