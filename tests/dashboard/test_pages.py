"""The pages show one company's data, read through the API's services: search and filters,
a debt's timeline (channels, statuses, badges, the payment a followup triggered, recordings
through signed links), the rate charts; refusals are HTML pages with the API's statuses."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from relance.kit.ids import IdKind
from relance.kit.timestamps import utcnow
from tests.conftest import Factory, Tenant
from tests.dashboard.helpers import log_in, make_operator, unique_email


def _iso(days_ago: int) -> str:
    return (utcnow() - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
async def logged_in(app: FastAPI, client: httpx.AsyncClient, tenant: Tenant) -> Tenant:
    email = unique_email("pages")
    await make_operator(app.state.relance, tenant.company_id, email)
    assert (await log_in(client, email)).status_code == 303
    return tenant


async def test_debts_page_searches_and_filters(
    client: httpx.AsyncClient, factory: Factory, logged_in: Tenant
) -> None:
    await factory.make_debt(logged_in, firstname="Marie", lastname="Curie", internal_id="INV-1")
    await factory.make_debt(
        logged_in, firstname="Paul", lastname="Langevin", status="status.default.paid"
    )

    everyone = await client.get("/dashboard/debts")
    searched = await client.get("/dashboard/debts", params={"q": "curie", "status": ""})
    paid = await client.get("/dashboard/debts", params={"q": "", "status": "paid"})

    assert "Marie Curie" in everyone.text
    assert "Paul Langevin" in everyone.text
    assert "Marie Curie" in searched.text
    assert "Paul Langevin" not in searched.text
    assert "Paul Langevin" in paid.text
    assert "Marie Curie" not in paid.text
    assert 'value="paid" selected' in paid.text


async def test_a_bad_filter_is_a_400_page_naming_it(
    client: httpx.AsyncClient, logged_in: Tenant
) -> None:
    for params in ({"status": "nonsense"}, {"page": "0"}, {"q": "x" * 201}):
        response = await client.get("/dashboard/debts", params=params)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/html")
        assert "Validation failed" in response.text
    charts = await client.get("/dashboard/charts", params={"days": "1000"})
    assert charts.status_code == 400
    timeline = await client.get("/dashboard/debts/x", params={"page": "-1"})
    assert timeline.status_code == 400


async def test_timeline_shows_each_followup_with_its_media_badges_and_payment(
    client: httpx.AsyncClient, factory: Factory, logged_in: Tenant
) -> None:
    debt = await factory.make_debt(logged_in, firstname="Ada", lastname="Lovelace")
    call = await factory.make_followup(
        logged_in, debt, type="call", status="deal_found", call_date=_iso(2),
        duration_ms=125_000, disconnection_reason="user_hangup",
        audio_url="https://recordings.example/ada.wav", summary="Agreed to pay today",
    )  # fmt: skip
    email = await factory.make_followup(
        logged_in, debt, type="email", status="delivered", call_date=_iso(3)
    )
    event = {"event": "email.opened", "occurred_at": _iso(3), "event_id": "open-1"}
    opened = await client.post(
        f"/external-api/v1/followups/{email['id']}/events", json=event, headers=logged_in.headers
    )
    assert opened.status_code in (200, 201), opened.text
    payment = {"amount": "40.00", "currency": "EUR", "paid_at": _iso(1), "followup_id": call["id"]}
    paid = await client.post(
        f"/external-api/v1/debts/{debt}/payments", json=payment, headers=logged_in.headers
    )
    assert paid.status_code == 201, paid.text

    page = await client.get(f"/dashboard/debts/{debt}")

    assert page.status_code == 200
    text = page.text
    assert text.count('class="followup"') == 2
    assert "Agreed to pay today" in text
    assert "2 min 05 s" in text
    assert "user hangup" in text
    assert "deal found" in text
    assert "delivered" in text
    assert "opened \u00d71" in text
    assert "triggered a payment" in text
    assert "Payment 40.00 EUR" in text
    audio = re.search(r'<audio class="recording" controls preload="metadata" src="([^"]+)"', text)
    assert audio is not None
    assert audio.group(1).startswith("http://testserver/media/")
    # SPEC 12's history under each followup: who changed what, from its revisions.
    assert "History" in text
    assert re.search(r"v1 · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · \w+", text)


async def test_another_companys_debt_is_a_403_page_and_an_unknown_one_404(
    client: httpx.AsyncClient, factory: Factory, logged_in: Tenant
) -> None:
    other = await factory.make_tenant(name="Other Co")
    theirs = await factory.make_debt(other, firstname="Secret", lastname="Debtor")
    unknown = factory.state.ids.encode(IdKind.DEBT, 2**40)

    refused = await client.get(f"/dashboard/debts/{theirs}")
    missing = await client.get(f"/dashboard/debts/{unknown}")
    listed = await client.get("/dashboard/debts", params={"q": "Secret"})

    assert refused.status_code == 403
    assert "Secret" not in refused.text
    assert refused.headers["content-type"].startswith("text/html")
    assert missing.status_code == 404
    assert (await client.get("/dashboard/debts/not-an-id")).status_code == 404
    assert listed.status_code == 200
    assert "No debt matches." in listed.text
    assert "Debtor" not in listed.text


async def test_charts_draw_rates_per_channel_from_the_followups(
    client: httpx.AsyncClient, factory: Factory, logged_in: Tenant
) -> None:
    debt = await factory.make_debt(logged_in)
    for status in ("deal_found", "no_answer", "deal_not_found", "no_answer", "scheduled"):
        await factory.make_followup(logged_in, debt, type="call", status=status, call_date=_iso(1))
    await factory.make_followup(logged_in, debt, type="sms", status="delivered", call_date=_iso(1))
    await factory.make_followup(logged_in, debt, type="sms", status="failed", call_date=_iso(60))

    page = await client.get("/dashboard/charts")

    assert page.status_code == 200
    text = page.text
    for name in ("contact", "answer", "deal"):
        assert f'id="chart-{name}"' in text
    # Calls yesterday: 4 executed (the scheduled one is not), 2 answered, 1 deal.
    assert "call · contact 50 % (2 of 4)" in text
    assert "call · answer 50 % (2 of 4)" in text
    assert "call · deal 25 % (1 of 4)" in text
    assert "sms · contact 100 % (1 of 1)" in text
    assert 'data-channel="call"' in text
    assert 'data-channel="sms"' in text
    # The failed SMS is 60 days old: outside 30 days, inside 90.
    wide = await client.get("/dashboard/charts", params={"days": "90"})
    assert "sms · contact 0 % (0 of 1)" in wide.text
    assert "sms · contact 0 % (0 of 1)" not in text
