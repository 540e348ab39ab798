"""Field rules for debts and payments, each raising ValueError with the plain wire message."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import pycountry
from email_validator import EmailNotValidError, validate_email
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from relance.http.responses import dumps
from relance.kit.json_policy import value_problem
from relance.kit.phones import to_e164
from relance.kit.text import CONTROL_CHARACTERS, has_control_characters, single_line_problem
from relance.kit.timestamps import check_year, parse_timestamp, utcnow
from relance.kit.urls import is_absolute_http_url

MUST_BE_STRING = "Must be a string"
INVALID_EMAIL = "Invalid email address"
INVALID_IBAN = "Invalid IBAN"
INVALID_CURRENCY = "Invalid currency. Use an ISO 4217 code"
INVALID_DATE = "Invalid date format. Use YYYY-MM-DD"
INVALID_URL = "Invalid URL. Use an absolute http(s) URL"
METADATA_NOT_OBJECT = "Metadata must be an object"
METADATA_TOO_LARGE = "Metadata must be at most 16384 characters of JSON"
DUE_BEFORE_INVOICE = "Due date cannot be before invoice date"
PHONE_OR_EMAIL = "A phone or an email is required"

METADATA_MAX_CHARS = 16384
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def nullable(rule: Callable[[str], Any]) -> Callable[[Any], Any]:
    """Wraps a rule on strings: None passes through, other non-strings are refused."""

    def check(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(MUST_BE_STRING)
        return rule(value)

    return check


def nullable_object(rule: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wraps a rule on any JSON value: None passes through."""

    def check(value: Any) -> Any:
        return None if value is None else rule(value)

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("Must be true or false")
    return value


def not_null(label: str, rule: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None:
            raise ValueError(f"{label} cannot be null")
        return rule(value)

    return check


def required_text(label: str, max_length: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError(f"{label} is required")
        if not isinstance(value, str):
            raise ValueError(MUST_BE_STRING)
        return _text_rule(value.strip(), max_length, multiline=False)

    return check


def optional_text(max_length: int, *, multiline: bool = False) -> Callable[[Any], str | None]:
    """Single-line by default; ``multiline`` lets tabs and line breaks through (kit.text)."""

    def rule(value: str) -> str | None:
        return _text_rule(value.strip(), max_length, multiline) or None

    return nullable(rule)


def _text_rule(text: str, max_length: int, multiline: bool) -> str:
    if len(text) > max_length:
        raise ValueError(f"Must be at most {max_length} characters")
    if multiline:
        if has_control_characters(text):
            raise ValueError(CONTROL_CHARACTERS)
    elif (problem := single_line_problem(text)) is not None:
        raise ValueError(problem)
    return text


def phone(value: str) -> str | None:
    """E.164; a national number (no leading +) is read as French."""
    if not value.strip():
        return None
    return to_e164(value, strict=True)


def email(value: str) -> str | None:
    """Syntax only (no DNS look-up: it would make requests slow and flaky)."""
    if not value.strip():
        return None
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(INVALID_EMAIL) from None


def iban(value: str) -> str | None:
    """Compact form (no spaces, upper case) after the mod-97 and country-format checks."""
    if not value.strip():
        return None
    try:
        return str(stdnum_iban.validate(value))
    except StdnumError:
        raise ValueError(INVALID_IBAN) from None


def currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(INVALID_CURRENCY)
    return code


def calendar_date(value: str) -> date:
    if not _DATE.fullmatch(value):
        raise ValueError(INVALID_DATE)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(INVALID_DATE) from None
    check_year(day.year)
    return day


def timestamp(value: str) -> datetime:
    """SPEC 1 timestamps: see relance.timestamps."""
    return parse_timestamp(value)


# A payment's value date may be given in a zone ahead of UTC, never later than that.
PAYMENT_FUTURE_TOLERANCE = timedelta(days=1)
PAYMENT_IN_FUTURE = "Payment date cannot be in the future"


def not_in_future(moment: datetime) -> datetime:
    if moment > utcnow() + PAYMENT_FUTURE_TOLERANCE:
        raise ValueError(PAYMENT_IN_FUTURE)
    return moment


def http_url(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    if not is_absolute_http_url(text):
        raise ValueError(INVALID_URL)
    return text


def metadata(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(METADATA_NOT_OBJECT)
    if (problem := value_problem(value)) is not None:  # batch rows skip the body-level check
        raise ValueError(problem)
    if len(metadata_text(value)) > METADATA_MAX_CHARS:
        raise ValueError(METADATA_TOO_LARGE)
    return value


def metadata_text(value: dict[str, Any]) -> str:
    """Stored form; Decimals from the exact body reader are written back as the numbers sent."""
    return dumps(_numbers_kept(value)).decode()


def metadata_out(text: str | None) -> orjson.Fragment | None:
    """The stored JSON text goes out verbatim: no float round trip, no re-parsing."""
    return None if text is None else orjson.Fragment(text.encode())


def _numbers_kept(value: Any) -> Any:
    if isinstance(value, Decimal):
        return orjson.Fragment(str(value).encode())
    if isinstance(value, dict):
        return {key: _numbers_kept(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_kept(item) for item in value]
    return value


def lenient_date(value: Any) -> date | None:
    """For cross-field checks: the date if the value is a valid one, else None."""
    try:
        return calendar_date(value) if isinstance(value, str) else None
    except ValueError:
        return None
