"""Another company's followup: 403 on every tracking and media endpoint, nothing changes."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Factory, Tenant
from tests.followup_rows import followup_row
from tests.tracking.helpers import fetch_events, make_email_followup

API = "/external-api/v1"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 100

CASES = [
    ("GET", "tracking", None, None),
    ("POST", "tracking/links", {"urls": ["https://a.example/"]}, None),
    ("POST", "events", {"event": "email.opened", "event_id": "x"}, None),
    ("PUT", "recording", MP3, "audio/mpeg"),
    ("PUT", "document", b"%PDF-1.7\n", "application/pdf"),
]


@pytest.mark.parametrize(("method", "suffix", "body", "content_type"), CASES)
async def test_other_companys_followup_is_403_and_unchanged(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    method: str,
    suffix: str,
    body: object,
    content_type: str | None,
) -> None:
    intruder = await factory.make_tenant(name="Intruder")
    ref = await make_email_followup(factory, tenant)
    url = f"{API}/followups/{ref.public_id}/{suffix}"
    if isinstance(body, bytes):
        headers = {**intruder.headers, "Content-Type": str(content_type)}
        response = await client.request(method, url, content=body, headers=headers)
    else:
        response = await client.request(method, url, json=body, headers=intruder.headers)

    assert response.status_code == 403
    assert response.json() == {
        "error": True,
        "message": "Access denied to this followup",
        "code": 403,
    }
    row = await followup_row(factory.state, ref.key)
    assert row["version"] == 1
    assert (row["audio_key"], row["pdf_key"], row["email_open_count"]) == (None, None, 0)
    assert await fetch_events(factory.state, ref.key) == []
    media_dir = factory.state.settings.media_dir
    assert not media_dir.exists() or not [p for p in media_dir.rglob("*") if p.is_file()]


async def test_own_followup_with_the_same_requests_succeeds(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """The control for the cases above: the owner gets 200 on each."""
    ref = await make_email_followup(factory, tenant)
    for method, suffix, body, content_type in CASES:
        url = f"{API}/followups/{ref.public_id}/{suffix}"
        if isinstance(body, bytes):
            headers = {**tenant.headers, "Content-Type": str(content_type)}
            response = await client.request(method, url, content=body, headers=headers)
        else:
            response = await client.request(method, url, json=body, headers=tenant.headers)
        assert response.status_code == 200, (suffix, response.text)
