"""The followup object is made of PRESENTED_COLUMNS alone (the update on PostgreSQL returns
no other column), whichever media the row links to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from relance.followups.serializer import _NOT_PRESENTED, PRESENTED_COLUMNS, present
from relance.followups.tables import followups
from relance.kit.ids import IdCodec
from relance.media.signing import MediaSigner


class _Reads(Mapping[str, Any]):
    """A row that remembers every column read from it."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        self.read.add(name)
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


_NOW = datetime(2026, 12, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    "media",
    [{}, {"audio_url": "https://media.example/a.mp3"}, {"audio_key": "k"}, {"pdf_key": "p"}],
)
def test_the_object_reads_only_the_presented_columns(media: dict[str, Any]) -> None:
    values: dict[str, Any] = {column.name: None for column in followups.c}
    values |= {"id": 7, "company_id": 3, "debt_id": 5, "version": 2}
    values |= {"email_open_count": 0, "email_click_count": 1, "processed_at": _NOW} | media
    row = _Reads(values)
    signer = MediaSigner(b"s" * 32, "https://relance.example", 3600)
    presented = present(row, IdCodec(b"k" * 32), signer, _NOW)
    assert row.read <= set(PRESENTED_COLUMNS), row.read - set(PRESENTED_COLUMNS)
    assert presented.etag.endswith('.2"')


def test_every_column_left_out_is_a_column() -> None:
    left_out = set(followups.c.keys()) - set(PRESENTED_COLUMNS)
    assert left_out == set(_NOT_PRESENTED)
