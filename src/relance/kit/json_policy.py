"""What a parsed JSON body may hold, checked by ``http.body`` for every endpoint: bounded
nesting, text without control characters (``kit.text``), numbers both databases can store.

A refusal is 400 ``Validation failed`` naming the top-level field that holds the problem (the
one a client sent and can fix); ``body`` when the problem is in a key of the top level itself.
Why each bound:
- depth: a metadata object nested a few hundred levels passed the parser and then broke
  orjson's encoder (limit 254) when stored, a 500; 32 levels is far beyond any real document;
- numbers: PostgreSQL's jsonb refuses a numeric whose exponent is beyond its range, where SQLite
  stores the text; ±1e300 with 300 significant digits at most fits both and any client.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from relance.kit.errors import ValidationFailed
from relance.kit.text import CONTROL_CHARACTERS, has_control_characters, is_plain_json_text

MAX_DEPTH = 32
MAX_EXPONENT = 300
TOO_DEEP = f"Must not be nested more than {MAX_DEPTH} levels deep"
NUMBER_OUT_OF_RANGE = f"Numbers must be between -1e{MAX_EXPONENT} and 1e{MAX_EXPONENT}"
_INT_BOUND = 10**MAX_EXPONENT


def check_json_policy(payload: dict[str, Any], raw: bytes | None = None) -> None:
    """ValidationFailed naming every offending top-level field, else nothing. ``raw``: the
    body ``payload`` was parsed from, when at hand: plain text there spares the string checks."""
    details = policy_details(payload, plain_text=raw is not None and is_plain_json_text(raw))
    if details:
        raise ValidationFailed(details)


def policy_details(payload: dict[str, Any], *, plain_text: bool = False) -> dict[str, str]:
    """Top-level field → the rule its value breaks (a batch checks each row with this).
    ``plain_text``: every string of ``payload`` is known to hold no control character."""
    details: dict[str, str] = {}
    for key, value in payload.items():
        if not plain_text and has_control_characters(key):
            details["body"] = CONTROL_CHARACTERS
            continue
        kind = type(value)
        if kind is str:  # most fields: no walk
            if not plain_text and has_control_characters(value):
                details[key] = CONTROL_CHARACTERS
        elif value is not None and kind is not bool:
            problem = value_problem(value, plain_text=plain_text)
            if problem is not None:
                details[key] = problem
    return details


def value_problem(value: Any, *, plain_text: bool = False) -> str | None:
    """The first rule ``value`` breaks, walking it without recursion, or None. ``plain_text``:
    its strings are known to hold no control character."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not plain_text and has_control_characters(item):
                return CONTROL_CHARACTERS
        elif isinstance(item, dict):
            if depth > MAX_DEPTH:
                return TOO_DEEP
            for key, child in item.items():
                if not plain_text and has_control_characters(key):
                    return CONTROL_CHARACTERS
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth > MAX_DEPTH:
                return TOO_DEEP
            stack.extend((child, depth + 1) for child in item)
        elif not _number_in_range(item):
            return NUMBER_OUT_OF_RANGE
    return None


def _number_in_range(item: Any) -> bool:
    if isinstance(item, bool) or item is None:
        return True
    if isinstance(item, int):
        return bool(-_INT_BOUND < item < _INT_BOUND)
    if isinstance(item, Decimal):
        if not item.is_finite():
            return False
        return bool(item.is_zero()) or (
            -MAX_EXPONENT <= item.adjusted() <= MAX_EXPONENT
            and len(item.as_tuple().digits) <= MAX_EXPONENT
        )
    if isinstance(item, float):  # orjson: finite by construction, within ±1.8e308
        return abs(item) < 1e300
    return True
