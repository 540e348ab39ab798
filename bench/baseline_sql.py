"""The baseline's SQL (hand-written, asyncpg-numbered) and its followup encoding.

The same tables, the same JSON object and keys as relance, nothing more: the ceiling.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from relance.followups.counters import is_answered, is_reminder
from relance.kit.ids import IdCodec, IdKind

FOLLOWUP_FIELDS = (
    "id, debt_id, status, type, call_date, scheduled_at, summary, notes, call_id, audio_url,"
    " duration_ms, disconnection_reason, direction, phone_number_used, is_retry, processed_at,"
    " triggered_payment, email_open_count, email_first_opened_at, email_click_count, version"
)
DEBT_OWNER = "SELECT company_id, followups_count FROM debts WHERE id = $1"
FOLLOWUP_OWNER = "SELECT company_id FROM followups WHERE id = $1"
# One round trip, as relance does it: the debt (owner, total) LEFT JOINed to the page.
LIST_BY_DEBT = (
    "SELECT anchor.debt_company_id, anchor.total, page.* FROM (SELECT company_id AS"
    " debt_company_id, followups_count AS total FROM debts WHERE id = $2) AS anchor"
    f" LEFT JOIN (SELECT {FOLLOWUP_FIELDS}, activity_at FROM followups WHERE company_id = $1"
    " AND debt_id = $2 ORDER BY activity_at DESC, id DESC LIMIT $3 OFFSET $4) AS page ON true"
    " ORDER BY page.activity_at DESC, page.id DESC"
)
BUMP_COUNTERS = (
    "UPDATE debts SET followups_count = followups_count + $3, nb_reminders = nb_reminders + $4,"
    " nb_answered = nb_answered + $5 WHERE id = $1 AND company_id = $2 RETURNING id"
)
INSERT_FOLLOWUP = (
    "INSERT INTO followups (company_id, debt_id, status, type, call_date, scheduled_at, summary,"
    " notes, call_id, audio_url, duration_ms, disconnection_reason, direction, phone_number_used,"
    " is_retry, processed_at, activity_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5,"
    " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now(), coalesce($5, $6, now()), now(), now())"
    f" RETURNING {FOLLOWUP_FIELDS}"
)
LOCK_FOLLOWUP = (
    "SELECT debt_id, status, direction FROM followups WHERE id = $1 AND company_id = $2 FOR UPDATE"
)
GET_CLIENT = (
    "SELECT id, company_id, client_id, secret_hash, scopes, revoked_at FROM api_clients"
    " WHERE client_id = $1"
)
INSERT_REFRESH = (
    "INSERT INTO refresh_tokens (client_pk, token_hash, family_id, scopes, created_at,"
    " expires_at) VALUES ($1, $2, $3, $4, now(), now() + interval '30 days')"
)

WRITABLE = (
    "status",
    "type",
    "call_date",
    "scheduled_at",
    "summary",
    "notes",
    "call_id",
    "audio_url",
    "duration_ms",
    "disconnection_reason",
    "direction",
    "phone_number_used",
    "is_retry",
)
STATUSES = frozenset(
    {
        "on_hold",
        "scheduled",
        "in_progress",
        "sent",
        "delivered",
        "deal_found",
        "no_answer",
        "deal_not_found",
        "bad_behavior",
        "failed",
        "cancelled",
    }
)
TYPES = frozenset(
    {"call", "email", "sms", "whatsapp", "voicemail", "manual_call", "physical", "postmail"}
)
DIRECTIONS = frozenset({"inbound", "outbound", None})
_UPDATE_CACHE: dict[tuple[str, ...], str] = {}


def counters(status: str, direction: str | None) -> tuple[int, int]:
    """(nb_reminders, nb_answered) contributions of one followup, by relance's rules."""
    return int(is_reminder(status, direction)), int(is_answered(status))


def update_statement(keys: tuple[str, ...]) -> str:
    """A partial UPDATE for these fields, built once per field set; activity_at follows."""
    statement = _UPDATE_CACHE.get(keys)
    if statement is None:
        sets = [f"{key} = ${n}" for n, key in enumerate(keys, start=3)]
        call = f"${keys.index('call_date') + 3}" if "call_date" in keys else "call_date"
        scheduled = (
            f"${keys.index('scheduled_at') + 3}::timestamptz"
            if "scheduled_at" in keys
            else "scheduled_at"
        )
        sets.append(f"activity_at = coalesce({call}::timestamptz, {scheduled}, created_at)")
        statement = (
            f"UPDATE followups SET {', '.join(sets)}, processed_at = now(), updated_at = now(),"
            f" version = version + 1 WHERE id = $1 AND company_id = $2 RETURNING {FOLLOWUP_FIELDS}"
        )
        _UPDATE_CACHE[keys] = statement
    return statement


def parse_datetime(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a date")
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def followup_out(row: Any, codec: IdCodec) -> dict[str, Any]:
    opens, clicks = row["email_open_count"], row["email_click_count"]
    return {
        "id": codec.encode(IdKind.FOLLOWUP, row["id"]),
        "debt_id": codec.encode(IdKind.DEBT, row["debt_id"]),
        "status": row["status"],
        "type": row["type"],
        "call_date": row["call_date"],
        "scheduled_at": row["scheduled_at"],
        "summary": row["summary"],
        "notes": row["notes"],
        "call_id": row["call_id"],
        "audio_url": row["audio_url"],
        "pdf_url": None,
        "duration_ms": row["duration_ms"],
        "disconnection_reason": row["disconnection_reason"],
        "direction": row["direction"],
        "phone_number_used": row["phone_number_used"],
        "is_retry": row["is_retry"],
        "processed_at": row["processed_at"],
        "triggered_payment": row["triggered_payment"],
        "email_opened": opens > 0,
        "email_open_count": opens,
        "email_first_opened_at": row["email_first_opened_at"],
        "email_clicked": clicks > 0,
        "email_click_count": clicks,
    }
