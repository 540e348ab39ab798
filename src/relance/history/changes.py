"""A revision's stored changes (database values as JSON) → the wire's ``{field: [old, new]}``.

Values are spelled as the followup object spells them: the debt's public id, timestamps as
datetimes (encoded like every API timestamp), booleans. Stored media keys are the media store's
paths, internal: an upload shows as ``audio_file`` / ``pdf_file`` going from false to true.
``audio_url`` is the URL the client gave (the object shows a signed link instead).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relance.followups.tables import followups
from relance.kit.ids import IdCodec, IdKind
from relance.webhooks.rows import typed_row

# Stored column → wire field, in the followup object's order (serializer.py).
_WIRE_NAMES = {
    "debt_id": "debt_id",
    "status": "status",
    "type": "type",
    "call_date": "call_date",
    "scheduled_at": "scheduled_at",
    "summary": "summary",
    "notes": "notes",
    "call_id": "call_id",
    "audio_url": "audio_url",
    "audio_key": "audio_file",
    "pdf_key": "pdf_file",
    "duration_ms": "duration_ms",
    "disconnection_reason": "disconnection_reason",
    "direction": "direction",
    "phone_number_used": "phone_number_used",
    "is_retry": "is_retry",
    "triggered_payment": "triggered_payment",
    "email_open_count": "email_open_count",
    "email_first_opened_at": "email_first_opened_at",
    "email_click_count": "email_click_count",
}
_PRESENCE = ("audio_key", "pdf_key")


def wire_changes(stored: Mapping[str, list[Any]], ids: IdCodec) -> dict[str, list[Any]]:
    """Columns outside ``_WIRE_NAMES`` (the upload's content type) are left out."""
    old = typed_row(followups, {name: pair[0] for name, pair in stored.items()})
    new = typed_row(followups, {name: pair[1] for name, pair in stored.items()})
    out: dict[str, list[Any]] = {}
    for column, field in _WIRE_NAMES.items():
        if column not in stored:
            continue
        before, after = old[column], new[column]
        if column in _PRESENCE:
            before, after = before is not None, after is not None
        elif column == "debt_id":
            before, after = _debt(before, ids), _debt(after, ids)
        if before != after:
            out[field] = [before, after]
    return out


def _debt(key: int | None, ids: IdCodec) -> str | None:
    return None if key is None else ids.encode(IdKind.DEBT, key)
