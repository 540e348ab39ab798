"""The PostgreSQL ceiling: raw ASGI (baseline_http) + asyncpg + orjson on relance's hot requests.

    BENCH_DSN=postgresql://... RELANCE_SECRET_KEY=... uvicorn bench.baseline:app

Every write is ONE statement sent alone (autocommit), as relance sends its writes: a create is
the counter UPDATE feeding the INSERT in one data-modifying CTE (gated by the claim of its
Idempotency-Key when it carries one: baseline_keys), an update one UPDATE (with the old row's
CTE when status or direction change). Only error paths and retries take a second round trip.
"""

from __future__ import annotations

import hmac
import os
import secrets
from datetime import UTC, datetime
from typing import Any

import asyncpg

from bench import baseline_keys as keys
from bench import baseline_sql as sql
from bench.baseline_http import CODEC, SIGNER, Handlers, Reply, error, make_app
from bench.baseline_input import create_input, list_input, token_input, update_input
from bench.relance_api import AccessClaims, hash_secret

_pool: Any = None


def _aware(value: datetime | None) -> datetime | None:
    return value  # asyncpg binds aware datetimes to timestamptz as they are


async def _list_by_debt(claims: AccessClaims, debt: str, query: bytes) -> Reply:
    debt_id, page, limit = list_input(debt, query)
    async with _pool.acquire() as connection:
        rows = await connection.fetch(
            sql.LIST_BY_DEBT, claims.company_id, debt_id, limit, (page - 1) * limit
        )
    if not rows:
        return error(404, "Debt not found")
    if rows[0]["debt_company_id"] != claims.company_id:
        return error(403, "Access denied to this debt")
    total = rows[0]["total"]
    data = [sql.followup_out(row, CODEC) for row in rows if row["id"] is not None]
    pagination = {
        "total": total,
        "page": page,
        "limit": limit,
        "pages": -(-total // limit),
        "next_cursor": None,
    }
    return 200, {"error": False, "data": data, "pagination": pagination}


async def _create(claims: AccessClaims, raw: bytes, sent_key: bytes | None) -> Reply:
    key = keys.key_text(sent_key)
    debt_id, fields, values = create_input(raw, _aware)
    reminder, answered = sql.counters(fields["status"], fields["direction"])
    args = [debt_id, claims.company_id, reminder, answered, *values]
    statement, sent_print = sql.CREATE_COUNTED, ""
    if key is not None:
        statement, sent_print = keys.CREATE_COUNTED_KEYED, keys.fingerprint(raw)
        args += [key, sent_print]
    async with _pool.acquire() as connection:
        row = await connection.fetchrow(statement, *args)
        if row is None and key is not None:
            taken = await connection.fetchrow(keys.PG_KEPT, claims.company_id, key)
            if taken is not None:
                data = keys.pg_kept_data(taken["row"])
                return keys.replay(sent_print, taken["fingerprint"], data)
        if row is None:
            owner = await connection.fetchrow(sql.DEBT_OWNER, debt_id)
            return (
                error(403, "Access denied to this debt")
                if owner
                else error(400, "Validation failed")
            )
    return keys.created(sql.followup_out(row, CODEC))


async def _update(claims: AccessClaims, public_id: str, raw: bytes) -> Reply:
    followup_id, keys, values = update_input(public_id, raw, _aware)
    async with _pool.acquire() as connection:
        row = await connection.fetchrow(
            sql.update_statement(keys), followup_id, claims.company_id, *values
        )
        if row is None:
            owner = await connection.fetchval(sql.FOLLOWUP_OWNER, followup_id)
            return (
                error(403, "Access denied to this followup")
                if owner
                else error(404, "Followup not found")
            )
    return 200, {
        "error": False,
        "message": "Followup updated successfully",
        "data": sql.followup_out(row, CODEC),
    }


async def _token(raw: bytes) -> Reply:
    client_id, secret = token_input(raw)
    async with _pool.acquire() as connection:
        client = await connection.fetchrow(sql.GET_CLIENT, client_id)
        if (
            client is None
            or client["revoked_at"] is not None
            or not hmac.compare_digest(hash_secret(secret), client["secret_hash"])
        ):
            return 401, {"error": "invalid_client"}
        refresh, family = secrets.token_urlsafe(32), secrets.token_hex(16)
        await connection.execute(
            sql.INSERT_REFRESH, client["id"], hash_secret(refresh), family, client["scopes"]
        )
    token = SIGNER.issue(
        client["company_id"],
        client["client_id"],
        client["scopes"].split(),
        family,
        datetime.now(UTC),
    )
    return 200, {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": refresh,
        "scope": client["scopes"],
    }


async def _startup() -> None:
    global _pool
    # A pool of 10: relance's default db_pool_size. No reset on release: asyncpg's default
    # (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL) is one more round trip per request,
    # which relance does not pay either (db/pg_pool.py), so the ceiling would sit too low.
    _pool = await asyncpg.create_pool(
        os.environ["BENCH_DSN"],
        min_size=1,
        max_size=10,
        server_settings={"timezone": "UTC"},
        reset=_no_reset,
    )


async def _no_reset(_connection: asyncpg.Connection) -> None:
    """asyncpg still rolls back a transaction left open before calling this."""


async def _shutdown() -> None:
    await _pool.close()


app = make_app(Handlers(_list_by_debt, _create, _update, _token, _startup, _shutdown))
