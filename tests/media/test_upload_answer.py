"""PUT recording/document answer exactly like PUT /followups/{id}: the followup and its ETag."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Factory, Tenant
from tests.followups.helpers import make_followup_ref
from tests.media.helpers import MP3, PDF

API = "/external-api/v1"
UPLOADS = [
    ("recording", MP3, "audio/mpeg", "audio_url"),
    ("document", PDF, "application/pdf", "pdf_url"),
]
SIGNED = ("audio_url", "pdf_url", "media_urls_expire_at")


def unsigned(data: dict[str, Any]) -> dict[str, Any]:
    """The object without its signed links, which are made afresh for every response."""
    return {key: value for key, value in data.items() if key not in SIGNED}


@pytest.mark.parametrize(("what", "content", "content_type", "link"), UPLOADS)
async def test_upload_answers_with_the_followup_object_and_its_etag(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    what: str,
    content: bytes,
    content_type: str,
    link: str,
) -> None:
    ref = await make_followup_ref(
        factory, tenant, type="call", summary="Called", direction="outbound"
    )
    url = f"{API}/followups/{ref.public_id}"
    before = await client.get(url, headers=tenant.headers)
    headers = {**tenant.headers, "Content-Type": content_type}

    response = await client.put(f"{url}/{what}", content=content, headers=headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["error", "message", "data"]
    assert (body["error"], body["message"]) == (False, "Followup updated successfully")
    data = body["data"]
    after = await client.get(url, headers=tenant.headers)
    assert list(data) == list(after.json()["data"])  # every key, in the SPEC order
    assert unsigned(data) == unsigned(after.json()["data"])
    assert data[link].startswith("http://testserver/media/")
    assert data["media_urls_expire_at"] is not None
    assert response.headers["etag"] == after.headers["etag"] != before.headers["etag"]


async def test_upload_etag_is_the_one_put_followups_checks(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    url = f"{API}/followups/{ref.public_id}"
    headers = {**tenant.headers, "Content-Type": "audio/mpeg"}
    first = await client.put(f"{url}/recording", content=MP3, headers=headers)
    second = await client.put(f"{url}/recording", content=MP3, headers=headers)

    stale = {**tenant.headers, "If-Match": first.headers["etag"]}
    refused = await client.put(url, json={"summary": "Late"}, headers=stale)
    assert refused.status_code == 412
    current = {**tenant.headers, "If-Match": second.headers["etag"]}
    accepted = await client.put(url, json={"summary": "On time"}, headers=current)
    assert accepted.status_code == 200, accepted.text
    assert list(accepted.json()["data"]) == list(second.json()["data"])
