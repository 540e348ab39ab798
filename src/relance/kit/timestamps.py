"""SPEC 1 timestamps in: any ISO 8601 date-time or bare date, normalised to aware UTC seconds."""

from __future__ import annotations

import re
from datetime import UTC, datetime

INVALID_TIMESTAMP = "Invalid date format. Use ISO 8601"
# Real event dates only: SQLite's text timestamps and PostgreSQL's timestamptz then agree on
# every value (SQLite mis-sorted years before 1000; a year 9999 plus an offset overflows).
MIN_YEAR = 1900
MAX_YEAR = 2200
OUT_OF_RANGE = f"Date must be between the years {MIN_YEAR} and {MAX_YEAR}"

# A date, or a date and time with optional seconds, fraction and offset (Z, ±HH, ±HHMM, ±HH:MM).
_ISO_8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?"
)


def parse_timestamp(value: object) -> datetime:
    """ISO 8601 → aware UTC datetime, precision kept.

    No offset means UTC; a bare date means midnight UTC; anything else raises ValueError with
    the SPEC's message, and a year outside ``MIN_YEAR``..``MAX_YEAR`` with ``OUT_OF_RANGE``.
    """
    if not isinstance(value, str) or not _ISO_8601.fullmatch(value):
        raise ValueError(INVALID_TIMESTAMP)
    try:
        parsed = datetime.fromisoformat(value.replace(",", "."))
    except ValueError:
        raise ValueError(INVALID_TIMESTAMP) from None
    # datetime.replace costs more than the parse (2 µs): only when something changes.
    if parsed.tzinfo is UTC:  # "Z" or "+00:00": fromisoformat gives UTC itself
        moment = parsed
    elif parsed.tzinfo is None:
        moment = parsed.replace(tzinfo=UTC)
    else:
        try:
            moment = parsed.astimezone(UTC)
        except OverflowError:
            raise ValueError(OUT_OF_RANGE) from None
    check_year(moment.year)
    return moment


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(OUT_OF_RANGE)


def parse_timestamp_seconds(value: object) -> datetime:
    """As parse_timestamp, truncated to whole seconds: the precision SPEC 1 prints, so a value
    read back and sent again (filters, followup dates) compares equal."""
    moment = parse_timestamp(value)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def parse_optional_timestamp(value: object) -> datetime | None:
    return None if value is None else parse_timestamp(value)


def utcnow() -> datetime:
    return datetime.now(UTC)
