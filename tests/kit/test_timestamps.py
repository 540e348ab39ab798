"""SPEC 1 timestamps in (kit.timestamps): every accepted spelling lands on aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from relance.kit.timestamps import (
    INVALID_TIMESTAMP,
    OUT_OF_RANGE,
    parse_timestamp,
    parse_timestamp_seconds,
)

CASES = [
    ("2025-03-01T10:00:00Z", datetime(2025, 3, 1, 10, tzinfo=UTC)),
    ("2025-03-01T10:00:00+00:00", datetime(2025, 3, 1, 10, tzinfo=UTC)),
    ("2025-03-01T10:00:00", datetime(2025, 3, 1, 10, tzinfo=UTC)),
    ("2025-03-01", datetime(2025, 3, 1, tzinfo=UTC)),
    ("2025-03-01T10:00:00+02:00", datetime(2025, 3, 1, 8, tzinfo=UTC)),
    ("2025-03-01T10:00:00-0530", datetime(2025, 3, 1, 15, 30, tzinfo=UTC)),
    ("2025-03-01T10:00:00.250Z", datetime(2025, 3, 1, 10, 0, 0, 250000, tzinfo=UTC)),
    ("2025-03-01t10:00:00,5+01", datetime(2025, 3, 1, 9, 0, 0, 500000, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_every_spelling_is_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC
    seconds = parse_timestamp_seconds(text)
    assert seconds == expected.replace(microsecond=0)
    assert seconds.tzinfo is UTC


def test_the_same_instant_from_any_offset_is_one_value() -> None:
    instant = datetime(2025, 3, 1, 10, tzinfo=timezone(timedelta(hours=-3)))
    assert parse_timestamp(instant.isoformat()) == instant
    assert parse_timestamp(instant.isoformat()).utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", INVALID_TIMESTAMP),
        ("tomorrow", INVALID_TIMESTAMP),
        ("2025-13-01", INVALID_TIMESTAMP),
        (20250301, INVALID_TIMESTAMP),
        (None, INVALID_TIMESTAMP),
        ("1899-12-31", OUT_OF_RANGE),
    ],
)
def test_anything_else_is_refused(text: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_timestamp(text)
