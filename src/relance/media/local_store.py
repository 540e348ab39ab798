"""The media store on a local folder: temp file in ``.incoming``, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from anyio import to_thread

from relance.media.store import check_key

CHUNK_SIZE = 64 * 1024
INCOMING = ".incoming"


class LocalMediaWriter:
    def __init__(self, root: Path, key: str, handle: BinaryIO, temp_path: Path) -> None:
        self.key = key
        self.bytes_written = 0
        self._final = root / key
        self._handle = handle
        self._temp = temp_path
        self._committed = False

    async def write(self, chunk: bytes) -> None:
        await to_thread.run_sync(self._handle.write, chunk)
        self.bytes_written += len(chunk)

    async def commit(self) -> None:
        await to_thread.run_sync(self._publish)
        self._committed = True

    def _publish(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._final.parent.mkdir(parents=True, exist_ok=True)
        # Same filesystem (both under the root), so the rename is atomic.
        os.replace(self._temp, self._final)

    async def abort(self) -> None:
        await to_thread.run_sync(self._discard)

    def _discard(self) -> None:
        self._handle.close()
        path = self._final if self._committed else self._temp
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


class LocalMediaReader:
    def __init__(self, handle: BinaryIO, size: int) -> None:
        self._handle = handle
        self.size = size

    async def iter_range(self, start: int, end: int) -> AsyncIterator[bytes]:
        try:
            await to_thread.run_sync(self._handle.seek, start)
            remaining = end - start
            while remaining > 0:
                chunk = await to_thread.run_sync(self._handle.read, min(CHUNK_SIZE, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            await self.close()

    async def close(self) -> None:
        self._handle.close()


class LocalMediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    async def start(self) -> None:
        """A folder needs nothing opened."""

    async def close(self) -> None:
        """Nothing to close."""

    async def open_writer(self, key: str) -> LocalMediaWriter:
        check_key(key)
        return await to_thread.run_sync(self._open_writer, key)

    def _open_writer(self, key: str) -> LocalMediaWriter:
        incoming = self.root / INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=incoming, suffix=".part")
        return LocalMediaWriter(self.root, key, os.fdopen(descriptor, "wb"), Path(name))

    async def open_reader(self, key: str) -> LocalMediaReader | None:
        check_key(key)
        return await to_thread.run_sync(self._open_reader, key)

    def _open_reader(self, key: str) -> LocalMediaReader | None:
        try:
            handle = (self.root / key).open("rb")
        except FileNotFoundError:
            return None
        return LocalMediaReader(handle, os.fstat(handle.fileno()).st_size)

    async def delete(self, key: str) -> None:
        check_key(key)
        with contextlib.suppress(FileNotFoundError):
            await to_thread.run_sync((self.root / key).unlink)
