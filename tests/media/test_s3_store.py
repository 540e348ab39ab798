"""The S3 media store against a real S3 API server (moto's, on loopback): streamed uploads that
appear only when committed, ranged reads, nothing left behind by an aborted upload, and over
HTTP the same answers as the local store."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from relance.app import create_app
from relance.config import Settings
from relance.media.s3_store import PART_SIZE, S3Location, S3MediaStore
from tests.conftest import Factory, Tenant
from tests.followups.helpers import make_followup_ref
from tests.media.helpers import MP3, PDF, S3Server
from tests.tracking.helpers import path_of

API = "/external-api/v1"
KEY = "7/42/audio-" + "ab" * 16 + ".mp3"


@pytest.fixture
async def store(s3_bucket: str) -> AsyncIterator[S3MediaStore]:
    opened = S3MediaStore(S3Location.parse(f"s3://{s3_bucket}/media"))
    await opened.start()
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def settings(settings: Settings, s3_bucket: str) -> Settings:
    return settings.model_copy(update={"media_store": f"s3://{s3_bucket}/media"})


def test_location_parses_bucket_and_prefix() -> None:
    assert S3Location.parse("s3://b/a/b/") == S3Location("b", "a/b")
    assert S3Location.parse("s3://b").object_key(KEY) == KEY
    for wrong in ("b/prefix", "s3://", "s3:///prefix", "file:///tmp"):
        with pytest.raises(ValueError, match="RELANCE_MEDIA_STORE"):
            S3Location.parse(wrong)


async def _read(store: S3MediaStore, key: str, start: int, end: int) -> bytes:
    reader = await store.open_reader(key)
    assert reader is not None
    return b"".join([chunk async for chunk in reader.iter_range(start, end)])


async def test_a_multipart_upload_appears_on_commit_and_reads_back_by_ranges(
    store: S3MediaStore, s3_server: S3Server, s3_bucket: str
) -> None:
    content = os.urandom(PART_SIZE + 300_000)  # two parts, the last one short
    writer = await store.open_writer(KEY)
    for offset in range(0, len(content), 1 << 20):
        await writer.write(content[offset : offset + (1 << 20)])
    assert s3_server.keys(s3_bucket) == []  # nothing visible before commit
    assert s3_server.pending_uploads(s3_bucket) == [f"media/{KEY}"]
    await writer.commit()
    assert s3_server.keys(s3_bucket) == [f"media/{KEY}"]
    assert s3_server.pending_uploads(s3_bucket) == []
    reader = await store.open_reader(KEY)
    assert reader is not None
    assert reader.size == len(content)
    across = (PART_SIZE - 10, PART_SIZE + 10)
    assert await _read(store, KEY, *across) == content[across[0] : across[1]]
    assert await _read(store, KEY, 0, len(content)) == content
    await store.delete(KEY)
    assert await store.open_reader(KEY) is None
    await store.delete(KEY)  # deleting what is gone is not an error


@pytest.mark.parametrize("size", [1000, PART_SIZE + 1])
async def test_an_aborted_upload_leaves_nothing_in_the_bucket(
    store: S3MediaStore, s3_server: S3Server, s3_bucket: str, size: int
) -> None:
    writer = await store.open_writer(KEY)
    await writer.write(os.urandom(size))
    await writer.abort()
    await writer.abort()  # twice is safe
    assert s3_server.keys(s3_bucket) == []
    assert s3_server.pending_uploads(s3_bucket) == []


async def test_aborting_after_commit_removes_the_object(
    store: S3MediaStore, s3_server: S3Server, s3_bucket: str
) -> None:
    """The upload route commits inside its transaction: a failed COMMIT unpublishes the file."""
    writer = await store.open_writer(KEY)
    await writer.write(MP3)
    await writer.commit()
    await writer.abort()
    assert s3_server.keys(s3_bucket) == []


async def test_upload_through_the_api_streams_back_with_ranges(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, s3_server: S3Server, s3_bucket: str
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    headers = {**tenant.headers, "Content-Type": "audio/mpeg"}
    put = await client.put(
        f"{API}/followups/{ref.public_id}/recording", content=MP3, headers=headers
    )
    assert put.status_code == 200, put.text
    [stored] = s3_server.keys(s3_bucket)
    assert stored.startswith(f"media/{tenant.company_id}/{ref.key}/audio-")
    link = path_of(put.json()["data"]["audio_url"])
    whole = await client.get(link)
    assert (whole.status_code, whole.content) == (200, MP3)
    part = await client.get(link, headers={"Range": "bytes=100-1123"})
    assert part.status_code == 206
    assert part.content == MP3[100:1124]
    assert part.headers["content-range"] == f"bytes 100-1123/{len(MP3)}"
    suffix = await client.get(link, headers={"Range": "bytes=-10"})
    assert suffix.content == MP3[-10:]
    head = await client.head(link)
    assert (head.status_code, head.headers["content-length"]) == (200, str(len(MP3)))


async def test_refused_uploads_leave_no_object(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, s3_server: S3Server, s3_bucket: str
) -> None:
    ref = await make_followup_ref(factory, tenant)
    url = f"{API}/followups/{ref.public_id}/recording"
    headers = {**tenant.headers, "Content-Type": "audio/mpeg"}
    not_audio = await client.put(url, content=PDF, headers=headers)
    assert not_audio.status_code == 415
    too_large = await client.put(url, content=MP3 + bytes(64 * 1024), headers=headers)
    assert too_large.status_code == 413
    assert s3_server.keys(s3_bucket) == []
    assert s3_server.pending_uploads(s3_bucket) == []


async def test_a_store_that_does_not_answer_is_a_503_and_never_a_500(
    settings: Settings, factory: Factory, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = await make_followup_ref(factory, tenant)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # the discard port: refused
    node: FastAPI = create_app(settings)
    async with node.router.lifespan_context(node):
        transport = httpx.ASGITransport(app=node)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            headers = {**tenant.headers, "Content-Type": "audio/mpeg"}
            url = f"{API}/followups/{ref.public_id}/recording"
            answer = await http.put(url, content=MP3, headers=headers)
            metrics = (await http.get("/metrics")).text
    assert answer.status_code == 503
    assert answer.json()["message"] == "The media store is unavailable; try again later"
    assert 'relance_media_store_failures_total{operation="upload"}' in metrics
