"""Streams a request body into a store writer, enforcing the size limit and the magic bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator

from relance.kit.errors import PayloadTooLarge, UnsupportedMediaType
from relance.media.errors import EmptyUpload
from relance.media.store import MediaWriter
from relance.media.upload_rules import HEAD_LENGTH, UploadRule


def too_large(max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The file is larger than the limit of {max_bytes} bytes")


def check_declared_length(content_length: str | None, max_bytes: int) -> None:
    """Refuses at once a body whose announced length is over the limit (nothing read)."""
    if content_length is not None and content_length.isdigit() and int(content_length) > max_bytes:
        raise too_large(max_bytes)


async def receive_upload(
    chunks: AsyncIterator[bytes], writer: MediaWriter, rule: UploadRule, max_bytes: int
) -> None:
    """Writes chunk by chunk (never the whole body in memory); raises before going over the limit.

    The caller commits or aborts the writer: this only decides whether the bytes are acceptable.
    """
    head = b""
    async for chunk in chunks:
        if not chunk:
            continue
        if writer.bytes_written + len(chunk) > max_bytes:
            raise too_large(max_bytes)
        if len(head) < HEAD_LENGTH:
            head += chunk[: HEAD_LENGTH - len(head)]
            if len(head) == HEAD_LENGTH and not rule.looks_right(head):
                raise UnsupportedMediaType(rule.mismatch_message)
        await writer.write(chunk)
    if writer.bytes_written == 0:
        raise EmptyUpload()
    if len(head) < HEAD_LENGTH and not rule.looks_right(head):
        raise UnsupportedMediaType(rule.mismatch_message)
