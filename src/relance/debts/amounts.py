"""Money at the edges: exact decimals in, integer cents stored, exact 2-decimal numbers out."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import orjson
from babel.numbers import format_currency

NOT_A_NUMBER = "Amount must be a number"
TOO_PRECISE = "Amount must have at most 2 decimal places"
NOT_POSITIVE = "Amount must be greater than 0"
NEGATIVE = "Amount must not be negative"
TOO_LARGE = "Amount is too large"

# 10^15 cents = 10 trillion units: far beyond any invoice, and sums of many still fit a BIGINT.
MAX_CENTS = 10**15
_PLAIN_DECIMAL = re.compile(r"[+-]?\d+(\.\d+)?")
_CENT = Decimal("0.01")


def parse_amount(value: Any, allow_zero: bool = False) -> Decimal:
    """A positive amount with at most 2 decimal places; never rounds.

    JSON numbers arrive as ``Decimal`` (bodies are parsed with ``parse_float=Decimal``, see
    http/body.py) or ``int``; numeric strings are accepted in plain decimal notation.
    """
    amount = _as_decimal(value)
    if allow_zero and amount < 0:
        raise ValueError(NEGATIVE)
    if not allow_zero and amount <= 0:
        raise ValueError(NOT_POSITIVE)
    if amount * 100 >= MAX_CENTS:
        raise ValueError(TOO_LARGE)
    if amount != amount.quantize(_CENT):
        raise ValueError(TOO_PRECISE)
    return amount


def _as_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(NOT_A_NUMBER)
    if isinstance(value, float):
        # Only reached by callers that bypass the exact reader; repr is the shortest exact spelling.
        value = repr(value)
    if isinstance(value, str):
        text = value.strip()
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise ValueError(NOT_A_NUMBER)
        value = text
    if not isinstance(value, int | str | Decimal):
        raise ValueError(NOT_A_NUMBER)
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER) from None
    if not amount.is_finite():
        raise ValueError(NOT_A_NUMBER)
    return amount


def to_cents(amount: Decimal) -> int:
    """Exact for amounts that passed ``parse_amount``."""
    return int(amount.scaleb(2))


def cents_text(cents: int) -> str:
    """'1500.00', '-0.50': the plain decimal spelling of a cent amount."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units}.{rest:02d}"


def wire_amount(cents: int) -> orjson.Fragment:
    """A JSON number with exactly 2 decimals (``1500.00``), written verbatim by orjson."""
    return orjson.Fragment(cents_text(cents).encode())


def cents_to_decimal(cents: int) -> Decimal:
    return Decimal(cents_text(cents))


@lru_cache(maxsize=4096)
def amount_text(cents: int, currency: str) -> str:
    """French display form, as GetBill shows it: '1 500,00 €' (plain spaces, CLDR symbols)."""
    text = format_currency(cents_to_decimal(cents), currency, locale="fr_FR", currency_digits=False)
    return text.replace("\u202f", " ").replace("\xa0", " ")
