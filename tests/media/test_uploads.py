"""PUT recording/document: streamed into the store, checked, served back through signed links."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.followups.helpers import FollowupRef, followup_row, make_followup_ref
from tests.media.conftest import MAX_BYTES
from tests.media.helpers import MP3, OGG, PDF, WAV, WEBM, stored_files
from tests.tracking.helpers import path_of

API = "/external-api/v1"
AUDIO_TYPES = "audio/mpeg, audio/wav, audio/ogg, audio/webm"


async def _put(
    client: httpx.AsyncClient,
    tenant: Tenant,
    ref: FollowupRef,
    what: str,
    content: bytes | AsyncIterator[bytes],
    content_type: str,
) -> httpx.Response:
    headers = {**tenant.headers, "Content-Type": content_type}
    url = f"{API}/followups/{ref.public_id}/{what}"
    return await client.put(url, content=content, headers=headers)


async def test_recording_upload_is_served_back_through_the_signed_link(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    external = "https://r.example/old.mp3"
    ref = await make_followup_ref(factory, tenant, type="call", audio_url=external)

    response = await _put(client, tenant, ref, "recording", MP3, "audio/mpeg")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message"] == "Followup updated successfully"
    data = body["data"]
    assert data["id"] == ref.public_id
    assert data["audio_url"].startswith("http://testserver/media/")
    assert data["pdf_url"] is None
    assert "media_urls_expire_at" in data
    row = await followup_row(factory.state, ref.key)
    assert row["audio_content_type"] == "audio/mpeg"
    assert row["audio_url"] == external  # nothing else cleared
    assert row["version"] == 2
    served = await client.get(path_of(data["audio_url"]))
    assert served.status_code == 200
    assert served.content == MP3
    assert served.headers["content-type"] == "audio/mpeg"
    assert served.headers["accept-ranges"] == "bytes"
    assert served.headers["content-length"] == str(len(MP3))


@pytest.mark.parametrize(
    ("content", "sent_type", "stored_type"),
    [
        (WAV, "audio/x-wav", "audio/wav"),
        (WAV, "audio/wave", "audio/wav"),
        (WAV, "audio/wav; codecs=1", "audio/wav"),
        (OGG, "audio/ogg", "audio/ogg"),
        (WEBM, "audio/webm", "audio/webm"),
    ],
)
async def test_each_audio_type_is_accepted(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    content: bytes,
    sent_type: str,
    stored_type: str,
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    response = await _put(client, tenant, ref, "recording", content, sent_type)
    assert response.status_code == 200, response.text
    served = await client.get(path_of(response.json()["data"]["audio_url"]))
    assert (served.content, served.headers["content-type"]) == (content, stored_type)


async def test_range_request_returns_206_with_exact_bytes(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    upload = await _put(client, tenant, ref, "recording", MP3, "audio/mpeg")
    link = path_of(upload.json()["data"]["audio_url"])
    size = len(MP3)

    middle = await client.get(link, headers={"Range": "bytes=100-1123"})
    assert middle.status_code == 206
    assert middle.content == MP3[100:1124]
    assert middle.headers["content-range"] == f"bytes 100-1123/{size}"
    assert middle.headers["content-length"] == "1024"

    tail = await client.get(link, headers={"Range": "bytes=-10"})
    assert (tail.status_code, tail.content) == (206, MP3[-10:])
    open_ended = await client.get(link, headers={"Range": f"bytes={size - 5}-"})
    assert (open_ended.status_code, open_ended.content) == (206, MP3[-5:])


async def test_unsatisfiable_range_is_416(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    upload = await _put(client, tenant, ref, "recording", MP3, "audio/mpeg")
    link = path_of(upload.json()["data"]["audio_url"])
    response = await client.get(link, headers={"Range": f"bytes={len(MP3)}-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(MP3)}"


async def test_if_range_with_another_etag_gets_the_whole_file(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    upload = await _put(client, tenant, ref, "recording", MP3, "audio/mpeg")
    link = path_of(upload.json()["data"]["audio_url"])
    etag = (await client.get(link)).headers["etag"]
    same = await client.get(link, headers={"Range": "bytes=0-9", "If-Range": etag})
    assert (same.status_code, same.content) == (206, MP3[:10])
    stale = await client.get(link, headers={"Range": "bytes=0-9", "If-Range": '"other"'})
    assert (stale.status_code, stale.content) == (200, MP3)


async def test_document_upload_is_served_as_pdf(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="postmail")
    response = await _put(client, tenant, ref, "document", PDF, "application/pdf")
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["audio_url"] is None
    served = await client.get(path_of(data["pdf_url"]))
    assert (served.status_code, served.content) == (200, PDF)
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"
    row = await followup_row(factory.state, ref.key)
    assert (row["pdf_key"] is not None, row["audio_key"], row["version"]) == (True, None, 2)


async def test_replacing_a_recording_removes_the_old_file(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    await _put(client, tenant, ref, "recording", MP3, "audio/mpeg")
    response = await _put(client, tenant, ref, "recording", OGG, "audio/ogg")
    assert response.status_code == 200
    assert len(stored_files(factory.state)) == 1
    served = await client.get(path_of(response.json()["data"]["audio_url"]))
    assert served.content == OGG


@pytest.mark.parametrize(
    ("what", "content", "content_type", "status", "message"),
    [
        ("recording", MP3, "audio/flac", 415, f"Content-Type must be one of: {AUDIO_TYPES}"),
        ("recording", MP3, "application/json", 415, f"Content-Type must be one of: {AUDIO_TYPES}"),
        ("document", PDF, "text/html", 415, "Content-Type must be application/pdf"),
        ("recording", PDF, "audio/mpeg", 415, "The uploaded file is not audio/mpeg audio"),
        ("recording", MP3, "audio/wav", 415, "The uploaded file is not audio/wav audio"),
        (
            "document",
            b"<html>%PDF-</html>",
            "application/pdf",
            415,
            "The uploaded file is not a PDF document",
        ),
        ("document", b"%PD", "application/pdf", 415, "The uploaded file is not a PDF document"),
        (
            "document",
            b"",
            "application/pdf",
            400,
            "The request body is empty: send the file as the body",
        ),
        (
            "recording",
            b"ID3" + bytes(MAX_BYTES),
            "audio/mpeg",
            413,
            f"The file is larger than the limit of {MAX_BYTES} bytes",
        ),
    ],
)
async def test_refused_upload_leaves_nothing_behind(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    what: str,
    content: bytes,
    content_type: str,
    status: int,
    message: str,
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    before = await followup_row(factory.state, ref.key)
    response = await _put(client, tenant, ref, what, content, content_type)
    assert response.status_code == status
    assert response.json() == {"error": True, "message": message, "code": status}
    assert await followup_row(factory.state, ref.key) == before
    assert stored_files(factory.state) == []


async def test_streamed_body_over_the_limit_stops_early_and_leaves_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """No Content-Length (chunked): the limit is enforced while reading, chunk by chunk."""
    ref = await make_followup_ref(factory, tenant, type="call")
    before = await followup_row(factory.state, ref.key)
    chunk, total_chunks, sent = b"\xff\xfb" + bytes(16 * 1024 - 2), 640, []

    async def body() -> AsyncIterator[bytes]:
        for _ in range(total_chunks):  # 10 MB offered
            sent.append(1)
            yield chunk

    response = await _put(client, tenant, ref, "recording", body(), "audio/mpeg")
    assert response.status_code == 413
    assert len(sent) < total_chunks  # stopped reading long before the end
    assert await followup_row(factory.state, ref.key) == before
    assert stored_files(factory.state) == []


async def test_magic_bytes_split_over_tiny_chunks_are_recognised(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")

    async def body() -> AsyncIterator[bytes]:
        for index in range(len(WAV)):
            yield WAV[index : index + 1]

    response = await _put(client, tenant, ref, "recording", body(), "audio/wav")
    assert response.status_code == 200, response.text
    assert (await client.get(path_of(response.json()["data"]["audio_url"]))).content == WAV


async def test_upload_to_unknown_followup_is_404(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    unknown = factory.state.ids.encode(IdKind.FOLLOWUP, 987_654)
    for followup_id in ("garbage", unknown):
        response = await client.put(
            f"{API}/followups/{followup_id}/recording",
            content=MP3,
            headers={**tenant.headers, "Content-Type": "audio/mpeg"},
        )
        assert response.status_code == 404
        assert response.json()["message"] == "Followup not found"
    assert stored_files(factory.state) == []


async def test_upload_needs_followups_write(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    token = await factory.fetch_token(tenant.client_id, tenant.client_secret, "followups:read")
    reader = replace(tenant, token=token, scopes=["followups:read"])
    response = await _put(client, reader, ref, "recording", MP3, "audio/mpeg")
    assert response.status_code == 403
    assert response.json()["message"] == 'Required scope "followups:write" not found in token'


async def test_followup_deleted_during_upload_leaves_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """A failure after the body arrived (here: the debt and its followups were deleted while the
    body streamed in, which no open transaction prevents) still removes the temp file."""
    ref = await make_followup_ref(factory, tenant, type="call")

    async def body() -> AsyncIterator[bytes]:
        yield MP3[:100]
        deleted = await client.delete(f"{API}/debts/{ref.debt_id}", headers=tenant.headers)
        assert deleted.status_code == 200
        yield MP3[100:]

    response = await _put(client, tenant, ref, "recording", body(), "audio/mpeg")
    assert response.status_code == 404
    assert stored_files(factory.state) == []
