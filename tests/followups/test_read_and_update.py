"""GET and PUT of one followup: ownership, ids, ETag/If-Match, partial updates, media links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.followups.helpers import BASE, set_server_fields, url


async def _followup(factory: Factory, tenant: Tenant, **values: object) -> dict[str, object]:
    debt_id = await factory.make_debt(tenant)
    return await factory.make_followup(tenant, debt_id, **values)


async def test_get_returns_the_object_with_its_etag(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    created = await _followup(factory, tenant, summary="hello")
    response = await client.get(url(str(created["id"])), headers=tenant.headers)
    assert response.status_code == 200
    body = response.json()
    assert body == {"error": False, "message": "Success", "data": created}
    assert response.headers["etag"] == f'"{created["id"]}.1"'


@pytest.mark.parametrize("key", [None, "answer-as-stored"])
async def test_the_create_answers_the_followup_as_stored(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, key: str | None
) -> None:
    """The create's answer is the row read back: on PostgreSQL the statement returns only what
    the database fills, and the service completes it with what it sent."""
    debt_id = await factory.make_debt(tenant)
    body = {
        "debt_id": debt_id,
        "status": "deal_found",
        "type": "call",
        "call_date": "2025-03-01T10:00:00.123456+02:00",
        "scheduled_at": "2025-02-28",
        "summary": "Payment plan agreed",
        "notes": "line one\nline two",
        "call_id": "call-1",
        "audio_url": "https://media.example/recording.mp3",
        "duration_ms": 183000,
        "disconnection_reason": "agent_hangup",
        "direction": "inbound",
        "phone_number_used": "06 12 34 56 78",
        "is_retry": True,
    }
    headers = tenant.headers if key is None else {**tenant.headers, "Idempotency-Key": key}
    created = await client.post(BASE, json=body, headers=headers)
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    read = await client.get(url(data["id"]), headers=tenant.headers)
    assert read.json()["data"] == data
    assert read.headers["etag"] == created.headers["etag"] == f'"{data["id"]}.1"'
    assert data["call_date"] == "2025-03-01T08:00:00+00:00"
    assert data["phone_number_used"] == "+33612345678"
    assert (data["triggered_payment"], data["email_open_count"], data["pdf_url"]) == (
        False,
        0,
        None,
    )


@pytest.mark.parametrize("bad_id", ["nope", "A" * 22, "debt"])
async def test_malformed_followup_id_is_404(
    client: httpx.AsyncClient, tenant: Tenant, bad_id: str
) -> None:
    for response in (
        await client.get(url(bad_id), headers=tenant.headers),
        await client.put(url(bad_id), json={"summary": "x"}, headers=tenant.headers),
    ):
        assert response.status_code == 404
        assert response.json() == {"error": True, "message": "Followup not found", "code": 404}


async def test_unknown_or_debt_id_as_followup_id_is_404(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    unknown = factory.state.ids.encode(IdKind.FOLLOWUP, 987_654_321)
    for followup_id in (debt_id, unknown):
        response = await client.get(url(followup_id), headers=tenant.headers)
        assert response.status_code == 404
        assert response.json()["message"] == "Followup not found"


async def test_scopes_are_enforced(client: httpx.AsyncClient, factory: Factory) -> None:
    reader = await factory.make_tenant(scopes=["followups:read"])
    debt_id = await factory.make_debt(reader)
    response = await client.post(BASE, json={"debt_id": debt_id}, headers=reader.headers)
    assert response.status_code == 403
    assert response.json()["message"] == 'Required scope "followups:write" not found in token'
    writer = await factory.make_tenant(scopes=["followups:write"])
    listed = await client.get(BASE, headers=writer.headers)
    assert listed.status_code == 403
    assert listed.json()["message"] == 'Required scope "followups:read" not found in token'
    anonymous = await client.get(BASE)
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")


async def test_put_changes_only_sent_fields_and_null_clears(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    created = await _followup(
        factory, tenant, summary="keep", notes="clear me", call_id="c1", duration_ms=5
    )
    response = await client.put(
        url(str(created["id"])),
        json={"notes": None, "duration_ms": None, "call_id": "c2"},
        headers=tenant.headers,
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["summary"], data["notes"], data["call_id"], data["duration_ms"]) == (
        "keep", None, "c2", None
    )  # fmt: skip


async def test_put_sets_processed_at_and_bumps_the_etag(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    created = await _followup(factory, tenant)
    await set_server_fields(
        factory, str(created["id"]), processed_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    response = await client.put(
        url(str(created["id"])), json={"is_retry": True}, headers=tenant.headers
    )
    assert response.headers["etag"] == f'"{created["id"]}.2"'
    processed = datetime.fromisoformat(response.json()["data"]["processed_at"])
    assert abs(datetime.now(UTC) - processed) < timedelta(minutes=1)


async def test_if_match_guards_put(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    created = await _followup(factory, tenant)
    target = url(str(created["id"]))
    first = await client.get(target, headers=tenant.headers)
    etag = first.headers["etag"]
    ok = await client.put(
        target, json={"summary": "a"}, headers={**tenant.headers, "If-Match": etag}
    )
    assert ok.status_code == 200
    stale = await client.put(
        target, json={"summary": "b"}, headers={**tenant.headers, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == 412
    current = ok.headers["etag"]
    for template in ("{}", "*", '"x", W/{}'):
        header = template.format(current)
        response = await client.put(
            target, json={"summary": "c"}, headers={**tenant.headers, "If-Match": header}
        )
        assert response.status_code == 200, header
        current = response.headers["etag"]
    assert (await client.get(target, headers=tenant.headers)).json()["data"]["summary"] == "c"


async def test_media_links_are_signed_and_expire_with_the_ttl(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    created = await _followup(factory, tenant, audio_url="https://cdn.example.com/a.mp3")
    followup_id = str(created["id"])
    signer = factory.state.media_links
    expires = datetime.fromisoformat(str(created["media_urls_expire_at"]))
    token = str(created["audio_url"]).removeprefix("http://testserver/media/")
    claims = signer.verify(token, datetime.now(UTC))  # raises when expired or altered
    key = factory.state.ids.decode(IdKind.FOLLOWUP, followup_id)
    assert (claims.company_id, claims.followup_id, claims.kind) == (tenant.company_id, key, "audio")
    assert claims.expires_at == expires
    await set_server_fields(factory, followup_id, pdf_key="docs/1.pdf")
    data = (await client.get(url(followup_id), headers=tenant.headers)).json()["data"]
    assert data["pdf_url"].startswith("http://testserver/media/")
    cleared = await client.put(url(followup_id), json={"audio_url": None}, headers=tenant.headers)
    assert cleared.json()["data"]["audio_url"] is None
    assert "media_urls_expire_at" in cleared.json()["data"]  # the PDF is still attached


async def test_uploaded_recording_is_linked_and_replaced_by_a_new_audio_url(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    created = await _followup(factory, tenant)
    followup_id = str(created["id"])
    assert "media_urls_expire_at" not in created
    await set_server_fields(
        factory, followup_id, audio_key="rec/1.mp3", audio_content_type="audio/mpeg"
    )
    data = (await client.get(url(followup_id), headers=tenant.headers)).json()["data"]
    assert data["audio_url"].startswith("http://testserver/media/")
    cleared = await client.put(url(followup_id), json={"audio_url": None}, headers=tenant.headers)
    assert cleared.json()["data"]["audio_url"] is None
    assert "media_urls_expire_at" not in cleared.json()["data"]
