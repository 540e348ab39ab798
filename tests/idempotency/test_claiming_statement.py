"""The keyed followup create whose one statement claims its key (PostgreSQL), and what both
backends must answer alike around it: a replay rebuilt from the kept row is the first answer
byte for byte, a refused create is stored and replayed, a retry after a refusal that came
before any statement replays the refusal."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from relance.idempotency.pruning import prune_expired
from relance.idempotency.tables import idempotency_keys, idempotency_rows
from relance.state import AppState
from tests import backends
from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS
from tests.followups.helpers import debt_counters
from tests.idempotency.helpers import REPLAYED, age_keys, post_followup


async def _stored(state: AppState, company_id: int, key: str) -> dict[str, Any]:
    """The key's row (body present or not) and the kept row's kind, if any."""
    keys, kept = idempotency_keys, idempotency_rows
    query = (
        sa.select(keys.c.status_code, keys.c.body.is_(None).label("no_body"), kept.c.kind)
        .select_from(
            keys.outerjoin(
                kept, sa.and_(kept.c.company_id == keys.c.company_id, kept.c.key == keys.c.key)
            )
        )
        .where(keys.c.company_id == company_id, keys.c.key == key)
    )
    async with state.database.read() as tx:
        row = await tx.fetch_one(query)
    assert row is not None
    return row


async def test_a_replay_rebuilt_from_the_kept_row_is_the_first_answer(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    state: AppState = app.state.relance
    debt_id = await factory.make_debt(tenant)
    body = {
        "debt_id": debt_id,
        "type": "call",
        "status": "deal_found",
        "direction": "outbound",
        "call_date": "2026-11-30T09:15:00.123456Z",
        "duration_ms": 93000,
        "audio_url": "https://cdn.example.com/call-7.mp3",  # a signed link in the answer
        "summary": "Agreed to pay on Friday",
        "phone_number_used": "+33612345678",
    }
    first = await post_followup(client, tenant, "call-7", body)
    assert first.status_code == 201
    assert "media_urls_expire_at" in first.json()["data"]
    again = await post_followup(client, tenant, "call-7", body)
    assert again.status_code == 201
    assert again.headers[REPLAYED] == "true"
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert (await debt_counters(factory, debt_id))["followups_count"] == 1
    stored = await _stored(state, tenant.company_id, "call-7")
    assert stored["status_code"] == 201
    if backends.backend() == "postgresql":  # one statement: the row kept, not the answer
        assert (stored["no_body"], stored["kind"]) == (True, "followup.created")
    else:  # SQLite: claim, write and answer in one transaction, as every other keyed POST
        assert (stored["no_body"], stored["kind"]) == (False, None)


async def test_a_keyed_create_on_a_missing_or_foreign_debt_is_refused_once(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    theirs = await factory.make_debt(other)
    forbidden = await post_followup(client, tenant, "theirs", {"debt_id": theirs})
    assert forbidden.status_code == 403
    again = await post_followup(client, tenant, "theirs", {"debt_id": theirs})
    assert (again.status_code, again.headers[REPLAYED]) == (403, "true")
    assert again.content == forbidden.content
    assert (await debt_counters(factory, theirs))["followups_count"] == 0
    gone = await factory.make_debt(tenant)
    deleted = await client.delete(f"{DEBTS}/{gone}", headers=tenant.headers)
    assert deleted.status_code == 200
    missing = await post_followup(client, tenant, "gone", {"debt_id": gone})
    assert missing.status_code == 400
    assert "debt_id" in missing.json()["details"]
    replayed = await post_followup(client, tenant, "gone", {"debt_id": gone})
    assert (replayed.status_code, replayed.content) == (missing.status_code, missing.content)
    assert replayed.headers[REPLAYED] == "true"


async def test_a_key_held_by_a_create_is_not_answered_by_a_later_refusal(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """The create's statement claims lazily; a request refused before any statement must still
    meet the key's first answer (422 here: another body), never its own refusal."""
    debt_id = await factory.make_debt(tenant)
    first = await post_followup(client, tenant, "held", {"debt_id": debt_id, "type": "sms"})
    assert first.status_code == 201
    invalid = await post_followup(client, tenant, "held", {"debt_id": debt_id, "status": "nope"})
    assert invalid.status_code == 422
    assert (await debt_counters(factory, debt_id))["followups_count"] == 1


async def test_an_expired_key_claimed_again_keeps_its_new_row_and_pruning_takes_both(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    state: AppState = app.state.relance
    debt_id = await factory.make_debt(tenant)
    old = await post_followup(client, tenant, "reused", {"debt_id": debt_id, "type": "sms"})
    await age_keys(state, hours=25)
    body = {"debt_id": debt_id, "type": "email"}
    new = await post_followup(client, tenant, "reused", body)
    assert new.status_code == 201
    assert REPLAYED not in new.headers
    assert new.json()["data"]["id"] != old.json()["data"]["id"]
    again = await post_followup(client, tenant, "reused", body)
    assert again.content == new.content
    assert again.headers[REPLAYED] == "true"
    await age_keys(state, hours=25)
    assert await prune_expired(state.database) >= 1
    kept = sa.select(sa.func.count()).where(idempotency_rows.c.company_id == tenant.company_id)
    async with state.database.read() as tx:
        assert await tx.fetch_val(kept) == 0
