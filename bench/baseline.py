"""The ceiling: a raw ASGI app (no framework) + asyncpg + orjson answering relance's hot requests.

    BENCH_DSN=postgresql://... RELANCE_SECRET_KEY=... uvicorn bench.baseline:app

List by debt, create, update and the token grant, on the same tables, with the same envelope,
object keys, encrypted ids and JWT verification as relance; validation kept to the minimum.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import asyncpg
import orjson

from bench import baseline_sql as sql
from relance.auth.jwt_tokens import AccessClaims, TokenSigner
from relance.auth.secrets import hash_secret
from relance.kit.ids import IdCodec, IdKind

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Reply = tuple[int, Any]

PREFIX = "/external-api/v1/followups"
_SECRET = os.environ.get("RELANCE_SECRET_KEY", "bench-secret-not-set-bench-secret-not-set").encode()
CODEC = IdCodec(_SECRET)
SIGNER = TokenSigner(_SECRET, 3600)
_OPTIONS = orjson.OPT_OMIT_MICROSECONDS
_CHOICES = {"status": sql.STATUSES, "type": sql.TYPES, "direction": sql.DIRECTIONS}
_pool: Any = None


def _error(status: int, message: str) -> Reply:
    return status, {"error": True, "message": message, "code": status, "details": {}}


def _claims(scope: Scope, needed: str) -> AccessClaims | Reply:
    for name, value in scope["headers"]:
        if name == b"authorization":
            claims = SIGNER.verify(value.decode()[7:])
            if claims is None:
                break
            if needed not in claims.scopes:
                return _error(403, f'Required scope "{needed}" not found in token')
            return claims
    return _error(401, "Authentication credentials are missing or invalid")


async def _list_by_debt(claims: AccessClaims, debt: str, query: bytes) -> Reply:
    params = dict(parse_qsl(query.decode()))
    try:
        page, limit = int(params.get("page", 1)), int(params.get("limit", 20))
    except ValueError:
        return _error(400, "Validation failed")
    if not (page >= 1 and 1 <= limit <= 100):
        return _error(400, "Validation failed")
    debt_id = CODEC.decode(IdKind.DEBT, debt)
    if debt_id is None:
        return _error(404, "Debt not found")
    async with _pool.acquire() as connection:
        rows = await connection.fetch(
            sql.LIST_BY_DEBT, claims.company_id, debt_id, limit, (page - 1) * limit
        )
    if not rows:
        return _error(404, "Debt not found")
    if rows[0]["debt_company_id"] != claims.company_id:
        return _error(403, "Access denied to this debt")
    total = rows[0]["total"]
    pages = -(-total // limit)
    data = [sql.followup_out(row, CODEC) for row in rows if row["id"] is not None]
    pagination = {"total": total, "page": page, "limit": limit, "pages": pages, "next_cursor": None}
    return 200, {"error": False, "data": data, "pagination": pagination}


def _values(body: dict[str, Any], keys: tuple[str, ...]) -> list[Any]:
    values = []
    for key in keys:
        value = body[key]
        if key in ("call_date", "scheduled_at"):
            value = sql.parse_datetime(value)
        elif key in _CHOICES and value not in _CHOICES[key]:
            raise ValueError(key)
        values.append(value)
    return values


async def _create(claims: AccessClaims, raw: bytes) -> Reply:
    body = orjson.loads(raw)
    if not isinstance(body, dict):
        return _error(400, "Invalid JSON payload")
    debt_id = CODEC.decode(IdKind.DEBT, body.pop("debt_id", None))
    if debt_id is None or any(key not in sql.WRITABLE for key in body):
        return _error(400, "Validation failed")
    fields: dict[str, Any] = {"status": "on_hold", "type": "call", "is_retry": False}
    fields.update({key: None for key in sql.WRITABLE if key not in fields})
    fields.update(body)
    try:
        values = _values(fields, sql.WRITABLE)
    except (ValueError, TypeError):
        return _error(400, "Validation failed")
    reminder, answered = sql.counters(fields["status"], fields["direction"])
    async with _pool.acquire() as connection, connection.transaction():
        found = await connection.fetchval(
            sql.BUMP_COUNTERS, debt_id, claims.company_id, 1, reminder, answered
        )
        if found is None:
            owner = await connection.fetchrow(sql.DEBT_OWNER, debt_id)
            return (
                _error(403, "Access denied to this debt")
                if owner
                else _error(400, "Validation failed")
            )
        row = await connection.fetchrow(sql.INSERT_FOLLOWUP, claims.company_id, debt_id, *values)
    return 201, {
        "error": False,
        "message": "Followup created successfully",
        "data": sql.followup_out(row, CODEC),
    }


async def _update(claims: AccessClaims, public_id: str, raw: bytes) -> Reply:
    followup_id = CODEC.decode(IdKind.FOLLOWUP, public_id)
    if followup_id is None:
        return _error(404, "Followup not found")
    body = orjson.loads(raw)
    if not isinstance(body, dict) or not body or any(k not in sql.WRITABLE for k in body):
        return _error(400, "Validation failed")
    keys = tuple(sorted(body))
    try:
        values = _values(body, keys)
    except (ValueError, TypeError):
        return _error(400, "Validation failed")
    async with _pool.acquire() as connection, connection.transaction():
        old = None
        if "status" in body or "direction" in body:
            old = await connection.fetchrow(sql.LOCK_FOLLOWUP, followup_id, claims.company_id)
        row = await connection.fetchrow(
            sql.update_statement(keys), followup_id, claims.company_id, *values
        )
        if row is None:
            owner = await connection.fetchval(sql.FOLLOWUP_OWNER, followup_id)
            return (
                _error(403, "Access denied to this followup")
                if owner
                else _error(404, "Followup not found")
            )
        if old is not None:
            before, after = (
                sql.counters(old[1], old[2]),
                sql.counters(row["status"], row["direction"]),
            )
            if before != after:
                await connection.execute(
                    sql.BUMP_COUNTERS,
                    old[0],
                    claims.company_id,
                    0,
                    after[0] - before[0],
                    after[1] - before[1],
                )
    return 200, {
        "error": False,
        "message": "Followup updated successfully",
        "data": sql.followup_out(row, CODEC),
    }


async def _token(raw: bytes) -> Reply:
    form = dict(parse_qsl(raw.decode()))
    if form.get("grant_type") != "client_credentials":
        return 400, {"error": "unsupported_grant_type"}
    async with _pool.acquire() as connection:
        client = await connection.fetchrow(sql.GET_CLIENT, form.get("client_id", ""))
        if (
            client is None
            or client["revoked_at"] is not None
            or not hmac.compare_digest(
                hash_secret(form.get("client_secret", "")), client["secret_hash"]
            )
        ):
            return 401, {"error": "invalid_client"}
        refresh, family = secrets.token_urlsafe(32), secrets.token_hex(16)
        await connection.execute(
            sql.INSERT_REFRESH, client["id"], hash_secret(refresh), family, client["scopes"]
        )
    scopes = client["scopes"].split()
    token = SIGNER.issue(
        client["company_id"], client["client_id"], scopes, family, datetime.now(UTC)
    )
    return 200, {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": refresh,
        "scope": client["scopes"],
    }


async def _route(scope: Scope, body: bytes) -> Reply:
    method, path = scope["method"], scope["path"]
    if path == "/token" and method == "POST":
        return await _token(body)
    if not path.startswith(PREFIX):
        return _error(404, "Not found")
    rest = path[len(PREFIX) :]
    needed = "followups:read" if method == "GET" else "followups:write"
    claims = _claims(scope, needed)
    if not isinstance(claims, AccessClaims):
        return claims
    if method == "GET" and rest.startswith("/debt/"):
        return await _list_by_debt(claims, rest[6:], scope["query_string"])
    if method == "POST" and rest == "":
        return await _create(claims, body)
    if method == "PUT" and rest.startswith("/"):
        return await _update(claims, rest[1:], body)
    return _error(404, "Not found")


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    global _pool
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            _pool = await asyncpg.create_pool(
                os.environ["BENCH_DSN"],
                min_size=1,
                max_size=10,
                server_settings={"timezone": "UTC"},
            )
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await _pool.close()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
        return
    body = await _read_body(receive)
    try:
        status, payload = await _route(scope, body)
    except orjson.JSONDecodeError:
        status, payload = _error(400, "Invalid JSON payload")
    encoded = orjson.dumps(payload, option=_OPTIONS)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(encoded)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": encoded})
