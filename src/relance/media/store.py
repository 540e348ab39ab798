"""The media store interface: where uploaded recordings and documents live.

Two implementations, chosen by ``RELANCE_MEDIA_STORE`` (``stores.py``): a local folder
(local_store.py, one node) and an S3-compatible bucket (s3_store.py, any number of nodes):
``open_writer`` = start a multipart upload, ``write`` = upload parts, ``commit`` = complete the
upload (the object appears atomically), ``abort`` = abort the multipart upload / delete the
object, ``open_reader`` = HEAD for the size then ranged GETs.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Protocol

# Keys are made by the service (company/followup/kind-random.ext), never taken from a request;
# the pattern still refuses anything that could escape the store's root.
KEY_PATTERN = re.compile(r"^[0-9]+/[0-9]+/[a-z]+-[0-9a-f]{32}\.[a-z0-9]{1,5}$")


class InvalidMediaKey(ValueError):
    pass


def check_key(key: str) -> str:
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidMediaKey(key)
    return key


class MediaWriter(Protocol):
    """A streamed upload: invisible under its key until ``commit``."""

    key: str
    bytes_written: int

    async def write(self, chunk: bytes) -> None: ...

    async def commit(self) -> None:
        """Publishes the bytes under ``key`` atomically: readers see all of it or nothing."""

    async def abort(self) -> None:
        """Removes whatever this writer created, committed or not. Safe to call twice."""


class MediaReader(Protocol):
    size: int

    def iter_range(self, start: int, end: int) -> AsyncIterator[bytes]:
        """Bytes ``start`` to ``end`` (exclusive), in chunks; closes the reader when done."""

    async def close(self) -> None: ...


class MediaStore(Protocol):
    async def start(self) -> None:
        """Opens what the store needs (a client); called once when the app starts."""

    async def close(self) -> None: ...

    async def open_writer(self, key: str) -> MediaWriter: ...

    async def open_reader(self, key: str) -> MediaReader | None:
        """None when nothing is stored under ``key``."""

    async def delete(self, key: str) -> None:
        """Removes ``key``; nothing happens when it does not exist."""
