"""The media store on an S3-compatible bucket (``RELANCE_MEDIA_STORE=s3://bucket/prefix``).

Endpoint, keys and region come from the usual ``AWS_*`` variables (``AWS_ENDPOINT_URL``,
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_REGION``), read by botocore's own chain.
Uploads stream: bytes are buffered up to one part (8 MiB) and sent as a multipart upload, so a
recording never sits whole in memory; a file smaller than one part is a single PUT at commit.
Nothing is visible under the key before ``commit`` (S3 publishes an object when its PUT or
multipart completion succeeds), and ``abort`` removes whatever was created: the multipart upload
(its stored parts) before commit, the object after. Reads are ranged GETs streamed in chunks.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from relance.media.errors import MediaStoreUnavailable
from relance.media.store import check_key
from relance.observe.metrics import MEDIA_STORE_FAILURES

logger = logging.getLogger("relance.media")

# S3's smallest part but the last is 5 MiB; 8 MiB halves the requests for long recordings.
PART_SIZE = 8 * 1024 * 1024
CHUNK_SIZE = 64 * 1024
# A store that does not answer costs the request a few seconds, never a hung worker.
_CONFIG = AioConfig(
    connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
)
_NOT_FOUND = {"404", "NoSuchKey", "NotFound"}
_CLIENT_ERRORS = (BotoCoreError, ClientError, aiohttp.ClientError, OSError)


@dataclass(frozen=True, slots=True)
class S3Location:
    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> S3Location:
        """``s3://bucket`` or ``s3://bucket/some/prefix``; ValueError for anything else."""
        if not url.startswith("s3://"):
            raise ValueError("RELANCE_MEDIA_STORE must look like s3://bucket/prefix")
        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not bucket:
            raise ValueError("RELANCE_MEDIA_STORE names no bucket (s3://bucket/prefix)")
        return cls(bucket, prefix.strip("/"))

    def object_key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key


class _Failed:
    """Turns the client's errors into a 503 the error handlers render, and counts them."""

    def __init__(self, operation: str) -> None:
        self.operation = operation

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, tb: Any) -> None:
        if error is not None and isinstance(error, _CLIENT_ERRORS):
            MEDIA_STORE_FAILURES.labels(self.operation).inc()
            raise MediaStoreUnavailable() from error


class S3MediaWriter:
    def __init__(self, client: Any, bucket: str, object_key: str, key: str) -> None:
        self.key = key
        self.bytes_written = 0
        self._client = client
        self._bucket = bucket
        self._object_key = object_key
        self._buffer = bytearray()
        self._upload_id: str | None = None
        self._parts: list[dict[str, Any]] = []
        self._committed = False
        self._done = False

    async def write(self, chunk: bytes) -> None:
        self._buffer += chunk
        self.bytes_written += len(chunk)
        while len(self._buffer) >= PART_SIZE:
            part = bytes(self._buffer[:PART_SIZE])
            del self._buffer[:PART_SIZE]
            await self._send_part(part)

    async def _send_part(self, part: bytes) -> None:
        where = {"Bucket": self._bucket, "Key": self._object_key}
        with _Failed("upload"):
            if self._upload_id is None:
                started = await self._client.create_multipart_upload(**where)
                self._upload_id = str(started["UploadId"])
            number = len(self._parts) + 1
            sent = await self._client.upload_part(
                **where, UploadId=self._upload_id, PartNumber=number, Body=part
            )
        self._parts.append({"PartNumber": number, "ETag": sent["ETag"]})

    async def commit(self) -> None:
        where = {"Bucket": self._bucket, "Key": self._object_key}
        if self._upload_id is None:
            with _Failed("upload"):
                await self._client.put_object(**where, Body=bytes(self._buffer))
        else:
            if self._buffer:
                await self._send_part(bytes(self._buffer))
            with _Failed("upload"):
                await self._client.complete_multipart_upload(
                    **where, UploadId=self._upload_id, MultipartUpload={"Parts": self._parts}
                )
        self._buffer.clear()
        self._committed = True

    async def abort(self) -> None:
        if self._done:
            return
        self._done = True
        self._buffer.clear()
        where = {"Bucket": self._bucket, "Key": self._object_key}
        try:
            with _Failed("abort"):
                if self._committed:
                    await self._client.delete_object(**where)
                elif self._upload_id is not None:
                    await self._client.abort_multipart_upload(**where, UploadId=self._upload_id)
        except MediaStoreUnavailable:
            # The error that made us abort is the one to report; the bucket's lifecycle rule
            # for incomplete multipart uploads (README) is the backstop for what stays.
            logger.warning("could not remove the aborted upload %s", self.key)


class S3MediaReader:
    def __init__(self, client: Any, bucket: str, object_key: str, size: int) -> None:
        self._client = client
        self._bucket = bucket
        self._object_key = object_key
        self.size = size

    async def iter_range(self, start: int, end: int) -> AsyncIterator[bytes]:
        if end <= start:
            return
        with _Failed("read"):
            answer = await self._client.get_object(
                Bucket=self._bucket, Key=self._object_key, Range=f"bytes={start}-{end - 1}"
            )
        body = answer["Body"]
        try:
            with _Failed("read"):
                async for chunk in body.iter_chunks(CHUNK_SIZE):
                    yield chunk
        finally:
            body.close()

    async def close(self) -> None:
        """Nothing is held between ranged GETs."""


class S3MediaStore:
    def __init__(self, location: S3Location) -> None:
        self.location = location
        self._client: Any = None
        self._stack = contextlib.AsyncExitStack()

    async def start(self) -> None:
        if self._client is not None:
            return
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        # A custom endpoint (MinIO, Ceph, moto...) is addressed by path: no DNS per bucket.
        style = {"s3": {"addressing_style": "path"}} if endpoint else {}
        config = _CONFIG.merge(AioConfig(**style)) if style else _CONFIG
        self._client = await self._stack.enter_async_context(
            get_session().create_client(
                "s3", endpoint_url=endpoint, region_name=region or "us-east-1", config=config
            )
        )

    async def close(self) -> None:
        await self._stack.aclose()
        self._client = None

    async def open_writer(self, key: str) -> S3MediaWriter:
        object_key = self.location.object_key(key)
        return S3MediaWriter(self._client, self.location.bucket, object_key, key)

    async def open_reader(self, key: str) -> S3MediaReader | None:
        object_key = self.location.object_key(key)
        try:
            head = await self._client.head_object(Bucket=self.location.bucket, Key=object_key)
        except ClientError as error:
            if _is_not_found(error):
                return None
            with _Failed("read"):
                raise
        except _CLIENT_ERRORS:
            with _Failed("read"):
                raise
        return S3MediaReader(
            self._client, self.location.bucket, object_key, int(head["ContentLength"])
        )

    async def delete(self, key: str) -> None:
        object_key = self.location.object_key(key)
        with _Failed("delete"):
            await self._client.delete_object(Bucket=self.location.bucket, Key=object_key)


def _is_not_found(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code")) in _NOT_FOUND
