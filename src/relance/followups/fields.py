"""Field types with house rules: ISO 8601 timestamps, E.164 phone numbers, http(s) URLs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import PlainValidator, WithJsonSchema

from relance.kit.phones import INVALID_PHONE, to_e164
from relance.kit.timestamps import parse_timestamp_seconds as parse_timestamp
from relance.kit.urls import MAX_URL_LENGTH, is_absolute_http_url

INVALID_URL = "Must be an absolute http(s) URL"
URL_TOO_LONG = "Must be at most 2048 characters"


def normalise_phone(value: object) -> str:
    """E.164; national numbers are read as French. Numbers of a possible length are accepted."""
    if not isinstance(value, str) or not 0 < len(value) <= 40:
        raise ValueError(INVALID_PHONE)
    return to_e164(value, strict=False)


def check_http_url(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(INVALID_URL)
    if len(value) > MAX_URL_LENGTH:
        raise ValueError(URL_TOO_LONG)
    if not is_absolute_http_url(value):
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
