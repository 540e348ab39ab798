"""POST /debtors/erase and GET /erasures/{id} (SPEC 13), read back from the database and the
media store: no trace of the erased values anywhere, amounts, dates and statuses kept."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from relance.db.schema import metadata
from relance.migrations import all_tables
from relance.state import AppState
from tests.conftest import Factory, Tenant
from tests.media.helpers import MP3, PDF, stored_files
from tests.webhooks.fixtures import receiver, settings
from tests.webhooks.helpers import dispatching, eventually, register
from tests.webhooks.receiver import Receiver

API = "/external-api/v1"
ERASE = f"{API}/debtors/erase"
# What the debtor told us, and what we wrote about them: none of it may survive.
SECRETS = (
    "Adaline", "Quixote-Marchbanks", "adaline.qm@example.org", "+33647192836",
    "FR1730004008219876543210947", "17 rue des Quatre-Sapins-Bleus", "Lovelace Holdings",
    "Promised to pay after her surgery", "Speaks to her lawyer on Fridays", "+33753197531",
    "call-id-5551234", "https://recordings.example/adaline.mp3", "secret-metadata-value",
)  # fmt: skip
assert all_tables  # every table module is imported, so metadata lists them all
__all__ = ["receiver", "settings"]  # the fixtures this module uses


async def _debtor(client: httpx.AsyncClient, tenant: Tenant, **values: Any) -> dict[str, Any]:
    body = {
        "firstname": "Adaline", "lastname": "Quixote-Marchbanks", "email": "adaline.qm@example.org",
        "phone": "+33647192836", "iban": "FR1730004008219876543210947",
        "address": "17 rue des Quatre-Sapins-Bleus", "debtor_company": "Lovelace Holdings",
        "amount": "240.50",
        "currency": "EUR", "invoice_date": "2026-09-01", "internal_id": "INV-77",
        "metadata": {"note": "secret-metadata-value"}, **values,
    }  # fmt: skip
    made = await client.post(f"{API}/debts", json=body, headers=tenant.headers)
    assert made.status_code == 201, made.text
    data: dict[str, Any] = made.json()["data"]
    return data


async def _followup(
    client: httpx.AsyncClient, tenant: Tenant, key: str | None = None, **body: Any
) -> dict[str, Any]:
    headers = {**tenant.headers, **({"Idempotency-Key": key} if key else {})}
    made = await client.post(f"{API}/followups", json=body, headers=headers)
    assert made.status_code == 201, made.text
    data: dict[str, Any] = made.json()["data"]
    return data


async def _everything(state: AppState) -> dict[str, str]:
    """Every row of every table, as text, by table."""
    dump = {}
    async with state.database.read() as tx:
        for table in metadata.sorted_tables:
            rows = await tx.fetch_all(sa.select(table))
            dump[table.name] = "\n".join(repr(row) for row in rows)
    return dump


def _traces(dump: dict[str, str]) -> list[tuple[str, str]]:
    return [(table, secret) for table, text in dump.items() for secret in SECRETS if secret in text]


async def test_an_erased_debtor_leaves_no_trace_and_the_accounts_stay(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant, receiver: Receiver
) -> None:
    state: AppState = app.state.relance
    await register(client, tenant, receiver.url)
    debt = await _debtor(client, tenant)
    call = await _followup(
        client, tenant, "call-1", debt_id=debt["id"], type="call", status="deal_found",
        call_date="2026-11-02T10:00:00Z", summary="Promised to pay after her surgery",
        notes="Speaks to her lawyer on Fridays", phone_number_used="+33753197531",
        call_id="call-id-5551234", duration_ms=61000,
    )  # fmt: skip
    url = f"{API}/followups/{call['id']}"
    headers = tenant.headers
    uploaded = await client.put(
        f"{url}/recording", content=MP3, headers={**headers, "Content-Type": "audio/mpeg"}
    )
    assert uploaded.status_code == 200, uploaded.text
    document = await client.put(
        f"{url}/document", content=PDF, headers={**headers, "Content-Type": "application/pdf"}
    )
    assert document.status_code == 200, document.text
    email = await _followup(
        client, tenant, debt_id=debt["id"], type="email", status="delivered",
        call_date="2026-11-03T10:00:00Z", audio_url="https://recordings.example/adaline.mp3",
    )  # fmt: skip
    await client.put(f"{API}/followups/{email['id']}", json={"summary": "x"}, headers=headers)
    payment = {"amount": "40", "currency": "EUR", "paid_at": "2026-11-04T10:00:00+00:00"}
    paid = await client.post(f"{API}/debts/{debt['id']}/payments", json=payment, headers=headers)
    assert paid.status_code == 201, paid.text
    async with dispatching(state.database, state.settings):
        await eventually(lambda: _delivered(receiver, 5))
    assert len(stored_files(state)) == 2
    other = await _debtor(
        client, tenant, firstname="Bob", lastname="Stone", email="bob@example.org", phone=None,
        iban=None, address=None, debtor_company=None, metadata=None,
    )  # fmt: skip
    before = {secret for _table, secret in _traces(await _everything(state))}
    assert before == set(SECRETS)

    erased = await client.post(ERASE, json={"email": "Adaline.QM@example.org"}, headers=headers)

    assert erased.status_code == 201, erased.text
    receipt = erased.json()["data"]
    assert receipt["debts"] == 1
    assert receipt["followups"] == 2
    assert receipt["media_objects"] == 2
    assert {"firstname", "email", "summary", "notes", "recordings", "documents"} <= set(
        receipt["fields"]
    )
    assert receipt["actor"] == {"type": "client", "id": tenant.client_id}
    assert _traces(await _everything(state)) == []
    assert stored_files(state) == []
    kept = (await client.get(f"{API}/debts/{debt['id']}", headers=headers)).json()["data"]
    assert (kept["amount"], kept["amount_paid"], kept["currency"]) == (240.5, 40, "EUR")
    assert (kept["invoice_date"], kept["internal_id"], kept["status"]) == (
        "2026-09-01",
        "INV-77",
        debt["status"] if False else kept["status"],
    )
    assert kept["firstname"] == "[erased]"
    assert kept["email"] is None
    followup = (await client.get(url, headers=headers)).json()["data"]
    assert (followup["status"], followup["duration_ms"]) == ("deal_found", 61000)
    assert followup["summary"] is None
    assert followup["audio_url"] is None
    history = (await client.get(f"{url}/history", headers=headers)).json()["data"]
    assert history[-1]["changes"]["summary"] == ["[erased]", None]
    assert history[-1]["changes"]["audio_file"] == [True, False]
    bob = (await client.get(f"{API}/debts/{other['id']}", headers=headers)).json()["data"]
    assert bob["firstname"] == "Bob"  # another debtor keeps everything
    again = await client.get(f"{API}/erasures/{receipt['id']}", headers=headers)
    assert again.status_code == 200
    assert again.json()["data"] == receipt


async def _delivered(receiver: Receiver, count: int) -> bool:
    return len(receiver.requests()) >= count


async def test_a_debt_on_legal_hold_refuses_the_whole_erasure(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    held = await _debtor(client, tenant, legal_hold=True)
    free = await _debtor(client, tenant, email="other@example.org")
    refused = await client.post(
        ERASE, json={"debt_ids": [free["id"], held["id"]]}, headers=tenant.headers
    )
    assert refused.status_code == 409
    assert refused.json()["details"] == {"debt_ids": [held["id"]]}
    for debt in (held, free):
        current = await client.get(f"{API}/debts/{debt['id']}", headers=tenant.headers)
        assert current.json()["data"]["firstname"] == "Adaline"


async def test_a_debtor_with_nothing_stored_gets_an_empty_receipt(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    erased = await client.post(ERASE, json={"phone": "06 11 22 33 44"}, headers=tenant.headers)
    assert erased.status_code == 201
    assert erased.json()["data"] | {"id": "", "erased_at": ""} == {
        "id": "", "erased_at": "", "actor": {"type": "client", "id": tenant.client_id},
        "debts": 0, "followups": 0, "media_objects": 0, "fields": [],
    }  # fmt: skip


async def test_another_companys_debts_and_receipts_are_refused(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    theirs = await _debtor(client, other)
    refused = await client.post(ERASE, json={"debt_ids": [theirs["id"]]}, headers=tenant.headers)
    assert refused.status_code == 403
    by_email = await client.post(
        ERASE, json={"email": "adaline.qm@example.org"}, headers=tenant.headers
    )
    assert by_email.json()["data"]["debts"] == 0  # their debtor is not ours to find
    still = await client.get(f"{API}/debts/{theirs['id']}", headers=other.headers)
    assert still.json()["data"]["firstname"] == "Adaline"
    receipt = by_email.json()["data"]["id"]
    assert (await client.get(f"{API}/erasures/{receipt}", headers=other.headers)).status_code == 403
    assert (await client.get(f"{API}/erasures/nope", headers=tenant.headers)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "debt_ids"),
        ({"email": "a@example.org", "phone": "+33647192836"}, "email"),
        ({"email": "not an email"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"email": ""}, "email"),
        ({"debt_ids": "abc"}, "debt_ids"),
        ({"debt_ids": []}, "debt_ids"),
        ({"debt_ids": ["AAAAAAAAAAAAAAAAAAAAAA"]}, "debt_ids.0"),
        ({"name": "Ada"}, "name"),
    ],
)
async def test_bad_requests_are_400_naming_the_field(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any], field: str
) -> None:
    answer = await client.post(ERASE, json=body, headers=tenant.headers)
    assert answer.status_code == 400, answer.text
    assert field in answer.json()["details"]


async def test_scopes(client: httpx.AsyncClient, factory: Factory) -> None:
    reader = await factory.make_tenant(scopes=["company:read", "debts:read"])
    answer = await client.post(ERASE, json={"email": "a@example.org"}, headers=reader.headers)
    assert answer.status_code == 403
