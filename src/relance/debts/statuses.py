"""Debt status values (SPEC 4): stored and sent in the full ``status.default.<x>`` form."""

from __future__ import annotations

from typing import Any

PREFIX = "status.default."
PENDING = PREFIX + "pending"
PARTIAL = PREFIX + "partial"
PAID = PREFIX + "paid"

ALL = tuple(
    PREFIX + name
    for name in (
        "pending", "in_progress", "processing", "settled", "paid", "partial",
        "failed", "archived", "invalid_phone", "on_hold", "refused",
    )
)  # fmt: skip
# The statuses a client may set with PUT; the others are the service's to set.
SETTABLE = tuple(PREFIX + name for name in ("paid", "in_progress", "on_hold", "failed", "archived"))

INVALID_SETTABLE = (
    "Invalid status. Valid statuses are: "
    + ", ".join(SETTABLE)
    + " (the short form, e.g. paid, is accepted too)"
)
INVALID_FILTER = "Invalid status. Valid statuses are: " + ", ".join(ALL)


def full_form(value: str) -> str:
    """'paid' and 'status.default.paid' both mean the same status."""
    text = value.strip()
    return text if text.startswith(PREFIX) else PREFIX + text


def settable(value: Any) -> str:
    if not isinstance(value, str) or full_form(value) not in SETTABLE:
        raise ValueError(INVALID_SETTABLE)
    return full_form(value)
