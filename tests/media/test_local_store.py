"""The local media store: invisible until committed, atomic, and abort removes everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance.media.local_store import LocalMediaStore
from relance.media.ranges import ByteRange, RangeNotSatisfiable, parse_range
from relance.media.store import InvalidMediaKey

KEY = "1/2/audio-" + "ab" * 16 + ".mp3"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


async def test_written_bytes_appear_only_on_commit(tmp_path: Path) -> None:
    store = LocalMediaStore(tmp_path)
    writer = await store.open_writer(KEY)
    await writer.write(b"hello ")
    await writer.write(b"world")
    assert await store.open_reader(KEY) is None
    await writer.commit()
    reader = await store.open_reader(KEY)
    assert reader is not None
    assert reader.size == 11
    assert b"".join([chunk async for chunk in reader.iter_range(6, 11)]) == b"world"
    assert _files(tmp_path) == [tmp_path / KEY]


async def test_abort_before_and_after_commit_removes_everything(tmp_path: Path) -> None:
    store = LocalMediaStore(tmp_path)
    first = await store.open_writer(KEY)
    await first.write(b"partial")
    await first.abort()
    assert _files(tmp_path) == []
    second = await store.open_writer(KEY)
    await second.write(b"whole")
    await second.commit()
    await second.abort()
    await second.abort()
    assert _files(tmp_path) == []


@pytest.mark.parametrize("key", ["../etc/passwd", "1/2/../../x", "/abs/path", "1/2/audio-zz.mp3"])
async def test_keys_that_could_escape_the_root_are_refused(tmp_path: Path, key: str) -> None:
    store = LocalMediaStore(tmp_path)
    with pytest.raises(InvalidMediaKey):
        await store.open_writer(key)
    with pytest.raises(InvalidMediaKey):
        await store.open_reader(key)


@given(size=st.integers(0, 10_000), start=st.integers(0, 12_000), length=st.integers(0, 12_000))
def test_served_ranges_always_lie_inside_the_file(size: int, start: int, length: int) -> None:
    for header in (f"bytes={start}-{start + length}", f"bytes={start}-", f"bytes=-{length}"):
        try:
            byte_range = parse_range(header, size)
        except RangeNotSatisfiable:
            continue
        if byte_range is not None:
            assert 0 <= byte_range.start < byte_range.end <= size


def test_range_forms() -> None:
    assert parse_range("bytes=0-9", 100) == ByteRange(0, 10)
    assert parse_range("bytes=90-200", 100) == ByteRange(90, 100)
    assert parse_range("bytes=-5", 100) == ByteRange(95, 100)
    assert parse_range("bytes=0-1,5-6", 100) is None
    assert parse_range("bytes=9-3", 100) is None
    assert parse_range("lines=1-2", 100) is None
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=100-", 100)
