"""What personal data is, field by field, and how it is scrubbed from JSON copies.

Erased: who the debtor is and how to reach them (names, contact details, address, birth date,
bank account, free text about them, their metadata, the payment link made for them) and, on
followups, what was said and recorded (summary, notes, the number used, the call id that
leads to the telephony provider's recording, recordings and documents). Kept: amounts,
currency, dates, statuses, counters, types, durations, the company's own references
(``internal_id``, ``invoice_reference``, ``debtor_reference``), the country and time zone.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

ERASED = "[erased]"
# Debts: NOT NULL names take the marker, the rest NULL.
DEBT_NAMES = ("firstname", "lastname")
DEBT_COLUMNS = (
    "civility", "phone", "email", "birthdate", "address", "street_address", "street_number",
    "postal_code", "city", "iban", "debtor_company", "summary", "metadata_json", "payment_link",
)  # fmt: skip
FOLLOWUP_COLUMNS = (
    "summary", "notes", "phone_number_used", "call_id", "audio_url", "audio_key",
    "audio_content_type", "pdf_key",
)  # fmt: skip
# The same data as the API and the webhooks spell it (objects, events, stored answers).
WIRE_FIELDS = frozenset(
    {*DEBT_NAMES, *DEBT_COLUMNS, "metadata", "pdf_url", "audio_file", "pdf_file"}
    | set(FOLLOWUP_COLUMNS)
)
# ... and as rows are copied (outbox snapshots, kept rows, revisions).
COLUMN_FIELDS = frozenset({*DEBT_NAMES, *DEBT_COLUMNS, *FOLLOWUP_COLUMNS})
# The receipt's ``fields``: what was erased, by wire name.
RECEIPT_FIELDS = sorted(
    {*DEBT_NAMES, *DEBT_COLUMNS, *FOLLOWUP_COLUMNS, "metadata", "recordings", "documents"}
    - {"metadata_json", "audio_key", "audio_content_type", "pdf_key"}
)


def scrub(value: Any, names: Collection[str]) -> Any:
    """``value`` (parsed JSON) with every non-null value under one of ``names`` replaced by the
    marker, at any depth (an event's ``data``, a snapshot's ``payment``); an ``[old, new]``
    pair (a revision's or an event's ``changes``) keeps its shape, each value marked."""
    if isinstance(value, dict):
        return {
            key: (_erased(item) if key in names else scrub(item, names))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, names) for item in value]
    return value


def _erased(item: Any) -> Any:
    if isinstance(item, list):
        return [None if element is None else ERASED for element in item]
    return None if item is None else ERASED
