"""Field types with house rules: ISO 8601 timestamps, E.164 phone numbers, http(s) URLs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

import phonenumbers
from pydantic import PlainValidator, WithJsonSchema

INVALID_DATE = "Invalid date format. Use ISO 8601"
INVALID_PHONE = "Invalid phone number"
INVALID_URL = "Must be an absolute http(s) URL"
URL_TOO_LONG = "Must be at most 2048 characters"
DEFAULT_REGION = "FR"

# A date, or a date and time with optional seconds, fraction and offset (Z, ±HH, ±HHMM, ±HH:MM).
_ISO_8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?"
)


def parse_timestamp(value: object) -> datetime:
    """ISO 8601 → aware UTC datetime, whole seconds. No offset means UTC; a date is midnight UTC."""
    if not isinstance(value, str) or not _ISO_8601.fullmatch(value):
        raise ValueError(INVALID_DATE)
    try:
        parsed = datetime.fromisoformat(value.replace(",", "."))
    except ValueError:
        raise ValueError(INVALID_DATE) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        raise ValueError(INVALID_DATE) from None


def normalise_phone(value: object) -> str:
    """E.164; national numbers are read as French. Numbers of a possible length are accepted."""
    if not isinstance(value, str) or not 0 < len(value) <= 40:
        raise ValueError(INVALID_PHONE)
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(INVALID_PHONE) from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError(INVALID_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_http_url(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(INVALID_URL)
    if len(value) > 2048:
        raise ValueError(URL_TOO_LONG)
    if any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise ValueError(INVALID_URL)
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ValueError(INVALID_URL) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(INVALID_URL)
    return value


Timestamp = Annotated[
    datetime,
    PlainValidator(parse_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
PhoneNumber = Annotated[
    str,
    PlainValidator(normalise_phone),
    WithJsonSchema({"type": "string", "description": "normalised to E.164"}),
]
AudioUrl = Annotated[
    str,
    PlainValidator(check_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": 2048}),
]
