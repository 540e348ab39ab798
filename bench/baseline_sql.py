"""The baseline's SQL (hand-written, asyncpg-numbered) and its followup encoding.

The same tables, the same JSON object and keys as relance, nothing more: the ceiling.
"""

from __future__ import annotations

from typing import Any

from bench.relance_api import IdCodec, IdKind, is_answered, is_reminder

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
# Create in ONE statement, as relance's: the counter UPDATE (which also proves the debt is the
# company's) feeds the INSERT; no debt row, nothing inserted. Autocommit: no BEGIN / COMMIT.
# $3/$4: reminder / answered deltas; $5..$17: the writable fields in WRITABLE order (casts,
# because an INSERT ... SELECT does not infer parameter types from the target columns).
_COUNT = (
    "UPDATE debts SET followups_count = followups_count + 1,"
    " nb_reminders = nb_reminders + $3, nb_answered = nb_answered + $4"
    " WHERE id = $1 AND company_id = $2"
)
INSERT_FROM_COUNTED = (
    "INSERT INTO followups (company_id, debt_id, status, type, call_date, scheduled_at, summary,"
    " notes, call_id, audio_url, duration_ms, disconnection_reason, direction, phone_number_used,"
    " is_retry, processed_at, activity_at, created_at, updated_at)"
    " SELECT counted.company_id, counted.id, $5::text, $6::text, $7::timestamptz,"
    " $8::timestamptz, $9::text, $10::text, $11::text, $12::text, $13::int, $14::text, $15::text,"
    " $16::text, $17::boolean, now(), coalesce($7::timestamptz, $8::timestamptz, now()), now(),"
    " now() FROM counted"
)
CREATE_COUNTED = (
    f"WITH counted AS ({_COUNT} RETURNING id, company_id)"
    f" {INSERT_FROM_COUNTED} RETURNING {FOLLOWUP_FIELDS}"
)


def counted_when(condition: str) -> str:
    """The counter UPDATE as a CTE named ``counted``, moving only when ``condition`` holds."""
    return f"counted AS ({_COUNT} AND {condition} RETURNING id, company_id)"


GET_CLIENT = (
    "SELECT id, company_id, client_id, secret_hash, scopes, revoked_at FROM api_clients"
    " WHERE client_id = $1"
)
INSERT_REFRESH = (
    "INSERT INTO refresh_tokens (client_pk, token_hash, family_id, scopes, created_at,"
    " expires_at) VALUES ($1, $2, $3, $4, now(), now() + interval '30 days')"
)
_NOT_EXECUTED = "('on_hold', 'scheduled', 'cancelled')"
_ANSWERED = "('deal_found', 'deal_not_found', 'bad_behavior')"


def _reminder(status: str, direction: str) -> str:
    return (
        f"(CASE WHEN coalesce({direction}, 'outbound') <> 'inbound' AND {status} NOT IN"
        f" {_NOT_EXECUTED} THEN 1 ELSE 0 END)"
    )


def _answered(status: str) -> str:
    return f"(CASE WHEN {status} IN {_ANSWERED} THEN 1 ELSE 0 END)"


_UPDATE_CACHE: dict[tuple[str, ...], str] = {}


def counters(status: str, direction: str | None) -> tuple[int, int]:
    """(nb_reminders, nb_answered) contributions of one followup, by relance's rules."""
    return int(is_reminder(status, direction)), int(is_answered(status))


def update_statement(keys: tuple[str, ...]) -> str:
    """A partial update in ONE statement, built once per field set; activity_at follows.

    Without status or direction, a plain UPDATE (its own row lock). With them, the old row is
    read under FOR UPDATE in a CTE and the debt's counters move in the same statement, as
    relance's one-statement update does. $1 followup, $2 company, $3... the sent fields."""
    statement = _UPDATE_CACHE.get(keys)
    if statement is None:
        statement = _UPDATE_CACHE[keys] = _update_statement(keys)
    return statement


def _update_statement(keys: tuple[str, ...]) -> str:
    sets = [f"{key} = ${n}" for n, key in enumerate(keys, start=3)]
    call = f"${keys.index('call_date') + 3}" if "call_date" in keys else "followups.call_date"
    scheduled = (
        f"${keys.index('scheduled_at') + 3}::timestamptz"
        if "scheduled_at" in keys
        else "followups.scheduled_at"
    )
    sets.append(f"activity_at = coalesce({call}::timestamptz, {scheduled}, followups.created_at)")
    sets.append("processed_at = now(), updated_at = now(), version = followups.version + 1")
    if "status" not in keys and "direction" not in keys:
        return (
            f"UPDATE followups SET {', '.join(sets)} WHERE id = $1 AND company_id = $2"
            f" RETURNING {FOLLOWUP_FIELDS}"
        )
    returned = ", ".join(f"followups.{name.strip()}" for name in FOLLOWUP_FIELDS.split(","))
    reminders = (
        f"{_reminder('n.status', 'n.direction')} - {_reminder('n.old_status', 'n.old_direction')}"
    )
    answered = f"{_answered('n.status')} - {_answered('n.old_status')}"
    return (
        "WITH old AS (SELECT id, status, direction FROM followups WHERE id = $1"
        " AND company_id = $2 FOR UPDATE),"
        f" n AS (UPDATE followups SET {', '.join(sets)} FROM old WHERE followups.id = old.id"
        f" RETURNING {returned}, old.status AS old_status, old.direction AS old_direction),"
        f" moved AS (UPDATE debts SET nb_reminders = nb_reminders + ({reminders}),"
        f" nb_answered = nb_answered + ({answered}) FROM n WHERE debts.id = n.debt_id"
        f" AND (({reminders}) <> 0 OR ({answered}) <> 0))"
        f" SELECT {FOLLOWUP_FIELDS} FROM n"
    )


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
