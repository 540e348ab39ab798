"""The baselines' Idempotency-Key (SPEC 9): what a raw server must do for a keyed create.

A create that carries a key asks for more than one that does not: a retry of it must not write
twice. relance claims the key and keeps the answer in the create's own transaction (in its one
statement on PostgreSQL); a ceiling that ignored the key would answer a lighter request than
the one sent, and the ratio would charge relance for the contract instead of for its overhead.
So the baselines honour the key too, the plainest way each engine allows: on PostgreSQL the
claim gates the counters and the INSERT inside the one statement and the created row is kept
as JSON beside it (what relance's statement writes); on SQLite the claim is the transaction's
first statement and the answer's JSON goes onto the key's row before COMMIT (what relance's
SQLite path stores). A retry gets the kept answer (201); the same key with another body, 422.
Not modelled: the expiry of old keys (every key the bench sends is fresh).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import orjson

from bench import baseline_sql as sql
from bench.baseline_http import CODEC, Rejected, Reply, error
from bench.relance_api import is_key

# PostgreSQL: CREATE_COUNTED (baseline_sql) gated by the claim; $18 key, $19 fingerprint. The
# debt is locked first, so a key is never claimed for a create that then finds no debt. The row
# is kept as relance keeps it: row_to_json text (under half of to_jsonb(...)::text's work).
CREATE_COUNTED_KEYED = (
    "WITH debt AS (SELECT id, company_id FROM debts WHERE id = $1 AND company_id = $2"
    " FOR NO KEY UPDATE),"
    " claim AS (INSERT INTO idempotency_keys (company_id, key, fingerprint, status_code,"
    " created_at) SELECT company_id, $18, $19, 201, now() FROM debt"
    " ON CONFLICT (company_id, key) DO NOTHING RETURNING key),"
    f" {sql.counted_when('EXISTS (SELECT 1 FROM claim)')},"
    f" new_row AS ({sql.INSERT_FROM_COUNTED} RETURNING *),"
    " kept AS (INSERT INTO idempotency_rows (company_id, key, created_at, kind, row)"
    " SELECT new_row.company_id, claim.key, now(), 'followup.created', row_to_json(new_row)::text"
    " FROM new_row, claim)"
    f" SELECT {sql.FOLLOWUP_FIELDS} FROM new_row"
)
PG_KEPT = (
    "SELECT k.fingerprint, r.row FROM idempotency_keys AS k LEFT JOIN idempotency_rows AS r"
    " ON r.company_id = k.company_id AND r.key = k.key WHERE k.company_id = $1 AND k.key = $2"
)
# SQLite, inside the create's BEGIN IMMEDIATE transaction: claim first, keep before COMMIT.
SQLITE_CLAIM = (
    "INSERT INTO idempotency_keys (company_id, key, fingerprint, created_at)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING RETURNING key"
)
SQLITE_KEEP = (
    "UPDATE idempotency_keys SET status_code = 201, body = ?3 WHERE company_id = ?1 AND key = ?2"
)
SQLITE_KEPT = "SELECT fingerprint, body FROM idempotency_keys WHERE company_id = ?1 AND key = ?2"

_DATETIMES = ("call_date", "scheduled_at", "processed_at", "email_first_opened_at")


def key_text(raw: bytes | None) -> str | None:
    """The Idempotency-Key header's value, None when absent; Rejected (400) when relance's
    rule for a key (``is_key``) refuses it."""
    if raw is None:
        return None
    text = raw.decode("latin-1")  # ASGI header bytes, as Starlette decodes them
    if not is_key(text):
        raise Rejected(error(400, "Invalid Idempotency-Key"))
    return text


def fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def created(data: dict[str, Any]) -> Reply:
    return 201, {"error": False, "message": "Followup created successfully", "data": data}


def replay(sent: str, stored: str, data: dict[str, Any] | None) -> Reply:
    """The answer to a create whose key was already claimed (``stored``: its fingerprint)."""
    if stored != sent:
        return error(422, "Idempotency-Key already used with another request")
    if data is None:
        return error(409, "A request with this Idempotency-Key is in progress")
    return created(data)


def pg_kept_data(kept: str | None) -> dict[str, Any] | None:
    """The answer's data from the JSON row a keyed create kept on PostgreSQL."""
    if kept is None:
        return None
    row = orjson.loads(kept)
    for name in _DATETIMES:
        if row[name] is not None:
            row[name] = datetime.fromisoformat(row[name])
    return sql.followup_out(row, CODEC)
