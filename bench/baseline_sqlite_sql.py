"""The SQLite baseline's SQL (numbered ``?N`` parameters) and its followup encoding.

relance's SQLite statements, hand-written: the same one-round-trip list, the counter UPDATE then
the INSERT for a create (SQLite has no data-modifying CTE, so a create is two statements in one
BEGIN IMMEDIATE transaction, as relance runs it), one UPDATE for a partial update that keeps
status and direction. Datetimes are relance's naive-UTC text ("2025-03-01 10:00:00.000000").
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bench.baseline_sql import FOLLOWUP_FIELDS
from bench.relance_api import IdCodec, IdKind

DEBT_OWNER = "SELECT company_id FROM debts WHERE id = ?1"
FOLLOWUP_OWNER = "SELECT company_id FROM followups WHERE id = ?1"
# ?1 company, ?2 debt, ?3 limit, ?4 offset. Row: owner, total, the 21 fields, activity_at.
LIST_BY_DEBT = (
    "SELECT anchor.debt_company_id, anchor.total, page.* FROM (SELECT company_id AS"
    " debt_company_id, followups_count AS total FROM debts WHERE id = ?2) AS anchor"
    f" LEFT JOIN (SELECT {FOLLOWUP_FIELDS}, activity_at FROM followups WHERE company_id = ?1"
    " AND debt_id = ?2 ORDER BY activity_at DESC, id DESC LIMIT ?3 OFFSET ?4) AS page ON 1"
    " ORDER BY page.activity_at DESC, page.id DESC"
)
# ?1 debt, ?2 company, ?3 followups delta, ?4 reminders delta, ?5 answered delta.
BUMP_COUNTERS = (
    "UPDATE debts SET followups_count = followups_count + ?3, nb_reminders = nb_reminders + ?4,"
    " nb_answered = nb_answered + ?5 WHERE id = ?1 AND company_id = ?2 RETURNING id"
)
# ?1 company, ?2 debt, ?3..?15 the writable fields in WRITABLE order, ?16 now, ?17 activity.
INSERT_FOLLOWUP = (
    "INSERT INTO followups (company_id, debt_id, status, type, call_date, scheduled_at, summary,"
    " notes, call_id, audio_url, duration_ms, disconnection_reason, direction, phone_number_used,"
    " is_retry, processed_at, activity_at, created_at, updated_at, version) VALUES (?1, ?2, ?3,"
    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?16, ?16, 1)"
    f" RETURNING {FOLLOWUP_FIELDS}"
)
OLD_STATE = "SELECT debt_id, status, direction FROM followups WHERE id = ?1 AND company_id = ?2"
GET_CLIENT = (
    "SELECT id, company_id, client_id, secret_hash, scopes, revoked_at FROM api_clients"
    " WHERE client_id = ?1"
)
INSERT_REFRESH = (
    "INSERT INTO refresh_tokens (client_pk, token_hash, family_id, scopes, created_at,"
    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
)
_UPDATE_CACHE: dict[tuple[str, ...], str] = {}


def stored(value: datetime | None) -> str | None:
    """An aware datetime as relance stores it on SQLite: naive UTC, fixed width."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def now_text() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def update_statement(keys: tuple[str, ...]) -> str:
    """One partial UPDATE per field set: ?1 followup, ?2 company, ?3 now, ?4... the fields."""
    statement = _UPDATE_CACHE.get(keys)
    if statement is None:
        sets = [f"{key} = ?{n}" for n, key in enumerate(keys, start=4)]
        if "call_date" in keys or "scheduled_at" in keys:
            # SET expressions see the old row: name the new values by their parameters.
            call = f"?{keys.index('call_date') + 4}" if "call_date" in keys else "call_date"
            scheduled = (
                f"?{keys.index('scheduled_at') + 4}" if "scheduled_at" in keys else "scheduled_at"
            )
            sets.append(f"activity_at = coalesce({call}, {scheduled}, created_at)")
        statement = _UPDATE_CACHE[keys] = (
            f"UPDATE followups SET {', '.join(sets)}, processed_at = ?3, updated_at = ?3,"
            f" version = version + 1 WHERE id = ?1 AND company_id = ?2"
            f" RETURNING {FOLLOWUP_FIELDS}"
        )
    return statement


def _iso(text: str | None) -> str | None:
    """Stored text to relance's wire form ("2025-03-01T10:00:00+00:00") without a datetime."""
    return None if text is None else f"{text[:10]}T{text[11:19]}+00:00"


def followup_out(row: Any, codec: IdCodec, at: int = 0) -> dict[str, Any]:
    """The wire object from a row whose FOLLOWUP_FIELDS start at column ``at``."""
    (
        key,
        debt_id,
        status,
        type_,
        call_date,
        scheduled_at,
        summary,
        notes,
        call_id,
        audio_url,
        duration_ms,
        reason,
        direction,
        phone,
        is_retry,
        processed_at,
        triggered_payment,
        opens,
        first_opened_at,
        clicks,
    ) = row[at : at + 20]
    return {
        "id": codec.encode(IdKind.FOLLOWUP, key),
        "debt_id": codec.encode(IdKind.DEBT, debt_id),
        "status": status,
        "type": type_,
        "call_date": _iso(call_date),
        "scheduled_at": _iso(scheduled_at),
        "summary": summary,
        "notes": notes,
        "call_id": call_id,
        "audio_url": audio_url,
        "pdf_url": None,
        "duration_ms": duration_ms,
        "disconnection_reason": reason,
        "direction": direction,
        "phone_number_used": phone,
        "is_retry": bool(is_retry),
        "processed_at": _iso(processed_at),
        "triggered_payment": bool(triggered_payment),
        "email_opened": opens > 0,
        "email_open_count": opens,
        "email_first_opened_at": _iso(first_opened_at),
        "email_clicked": clicks > 0,
        "email_click_count": clicks,
    }
