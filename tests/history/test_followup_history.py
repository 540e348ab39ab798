"""GET /followups/{id}/history (SPEC 12): every path that changes a followup appends one
revision in its own statement (API create and update, upload, tracking, payment attribution,
bulk import), with who did it and old → new; oldest first, paginated; 403/404/400."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from relance.history.tables import followup_revisions
from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS
from tests.followups.helpers import followup_row
from tests.media.helpers import MP3
from tests.tracking.helpers import make_email_followup, path_of

API = "/external-api/v1"
FOLLOWUPS = f"{API}/followups"


async def _history(
    client: httpx.AsyncClient, tenant: Tenant, followup_id: str, **params: str
) -> dict[str, Any]:
    response = await client.get(
        f"{FOLLOWUPS}/{followup_id}/history", params=params, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _create(client: httpx.AsyncClient, tenant: Tenant, **values: Any) -> dict[str, Any]:
    response = await client.post(FOLLOWUPS, json=values, headers=tenant.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def test_create_then_updates_are_told_oldest_first_with_who_and_what(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await _create(
        client,
        tenant,
        debt_id=debt_id,
        type="call",
        status="scheduled",
        scheduled_at="2026-12-07T09:30:00Z",
        summary="First attempt",
    )
    url = f"{FOLLOWUPS}/{created['id']}"
    first = await client.put(
        url,
        json={"status": "no_answer", "call_date": "2026-12-07T09:31:05Z"},
        headers=tenant.headers,
    )
    assert first.status_code == 200
    second = await client.put(url, json={"summary": "Left a message"}, headers=tenant.headers)
    assert second.status_code == 200

    body = await _history(client, tenant, created["id"])
    revisions = body["data"]
    assert [revision["version"] for revision in revisions] == [1, 2, 3]
    assert body["pagination"] == {
        "total": 3, "page": 1, "limit": 20, "pages": 1, "next_cursor": None
    }  # fmt: skip
    client_actor = {"type": "client", "id": tenant.client_id}
    assert all(revision["actor"] == client_actor for revision in revisions)
    assert revisions[0]["changes"] == {
        "debt_id": [None, debt_id],
        "status": [None, "scheduled"],
        "type": [None, "call"],
        "scheduled_at": [None, created["scheduled_at"]],  # spelled as the object spells it
        "summary": [None, "First attempt"],
        "is_retry": [None, False],
        "triggered_payment": [None, False],
        "email_open_count": [None, 0],
        "email_click_count": [None, 0],
    }
    assert revisions[1]["changes"] == {
        "status": ["scheduled", "no_answer"],
        "call_date": [None, first.json()["data"]["call_date"]],
    }
    assert revisions[2]["changes"] == {"summary": ["First attempt", "Left a message"]}
    stamps = [datetime.fromisoformat(revision["changed_at"]) for revision in revisions]
    assert stamps == sorted(stamps)
    assert all(stamp.tzinfo == UTC for stamp in stamps)


async def test_pages_of_revisions(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await _create(client, tenant, debt_id=debt_id, type="sms")
    for number in range(4):
        answer = await client.put(
            f"{FOLLOWUPS}/{created['id']}", json={"summary": f"s{number}"}, headers=tenant.headers
        )
        assert answer.status_code == 200
    second_page = await _history(client, tenant, created["id"], page="2", limit="2")
    assert [revision["version"] for revision in second_page["data"]] == [3, 4]
    assert second_page["pagination"]["pages"] == 3
    last = await _history(client, tenant, created["id"], page="3", limit="2")
    assert [revision["changes"] for revision in last["data"]] == [{"summary": ["s2", "s3"]}]


async def test_an_upload_is_a_revision_of_the_uploading_client(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await _create(client, tenant, debt_id=debt_id, type="call")
    upload = await client.put(
        f"{FOLLOWUPS}/{created['id']}/recording",
        content=MP3,
        headers={**tenant.headers, "Content-Type": "audio/mpeg"},
    )
    assert upload.status_code == 200, upload.text
    revisions = (await _history(client, tenant, created["id"]))["data"]
    assert revisions[-1]["version"] == 2
    assert revisions[-1]["changes"] == {"audio_file": [False, True]}
    assert revisions[-1]["actor"] == {"type": "client", "id": tenant.client_id}


async def test_an_email_open_is_a_revision_of_the_system(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    pixel = path_of(factory.state.tracking.pixel_url(tenant.company_id, ref.key))
    assert (await client.get(pixel)).status_code == 200
    revisions = (await _history(client, tenant, ref.public_id))["data"]
    opened = revisions[-1]
    assert opened["actor"] == {"type": "system", "id": "tracking"}
    assert opened["changes"]["email_open_count"] == [0, 1]
    assert opened["changes"]["email_first_opened_at"][0] is None
    row = await followup_row(factory.state, ref.key)
    assert opened["version"] == row["version"]


async def test_a_payment_attributed_to_a_followup_is_a_revision(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    created = await _create(
        client, tenant, debt_id=debt_id, type="call", status="deal_found",
        call_date="2026-11-30T10:00:00Z",
    )  # fmt: skip
    payment = {"amount": "10", "currency": "EUR", "paid_at": "2026-12-01T10:00:00+00:00"}
    paid = await client.post(f"{DEBTS}/{debt_id}/payments", json=payment, headers=tenant.headers)
    assert paid.status_code == 201, paid.text
    assert paid.json()["data"]["followup_id"] == created["id"]
    revisions = (await _history(client, tenant, created["id"]))["data"]
    assert revisions[-1]["changes"] == {"triggered_payment": [False, True]}
    assert revisions[-1]["version"] == 2


async def test_every_version_has_exactly_one_revision(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """Read from the table itself: one row per version, numbered 1..n, no gap, no double."""
    debt_id = await factory.make_debt(tenant)
    created = await _create(client, tenant, debt_id=debt_id, type="email")
    for summary in ("a", "a", "b"):  # the same value twice still makes a version
        await client.put(
            f"{FOLLOWUPS}/{created['id']}", json={"summary": summary}, headers=tenant.headers
        )
    row = await followup_row(factory.state, created["id"])
    versions = (
        sa.select(followup_revisions.c.version)
        .where(followup_revisions.c.followup_id == row["id"])
        .order_by(followup_revisions.c.id)
    )
    async with factory.state.database.read() as tx:
        stored = [found["version"] for found in await tx.fetch_all(versions)]
    assert stored == list(range(1, row["version"] + 1))
    revisions = (await _history(client, tenant, created["id"]))["data"]
    assert revisions[2]["changes"] == {}  # nothing changed, the version still moved


async def test_another_companys_history_is_403_an_unknown_one_404(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    theirs = await factory.make_followup(other, await factory.make_debt(other))
    forbidden = await client.get(f"{FOLLOWUPS}/{theirs['id']}/history", headers=tenant.headers)
    assert forbidden.status_code == 403
    assert "summary" not in forbidden.text
    unknown = await client.get(f"{FOLLOWUPS}/nope/history", headers=tenant.headers)
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page": "0"}, "page"), ({"limit": "101"}, "limit"), ({"sort": "x"}, "sort")],
)
async def test_bad_paging_is_400_naming_the_parameter(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    params: dict[str, str],
    field: str,
) -> None:
    created = await factory.make_followup(tenant, await factory.make_debt(tenant))
    response = await client.get(
        f"{FOLLOWUPS}/{created['id']}/history", params=params, headers=tenant.headers
    )
    assert response.status_code == 400
    assert field in response.json()["details"]
