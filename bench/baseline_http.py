"""The baselines' HTTP side: a raw ASGI callable (no framework), bearer check, routing, orjson.

Both baselines (PostgreSQL, SQLite) plug their four handlers in; everything here is shared so
the two differ only in how they talk to their database.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson

from bench.relance_api import AccessClaims, IdCodec, TokenSigner

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Reply = tuple[int, Any]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

PREFIX = "/external-api/v1/followups"
SECRET = os.environ.get("RELANCE_SECRET_KEY", "bench-secret-not-set-bench-secret-not-set").encode()
CODEC = IdCodec(SECRET)
SIGNER = TokenSigner(SECRET, 3600)
# relance's own encoding: UTC-aware datetimes as "2024-01-22T10:30:00+00:00".
JSON_OPTIONS = orjson.OPT_OMIT_MICROSECONDS


@dataclass(frozen=True, slots=True)
class Handlers:
    """What a baseline answers; each returns (status, JSON-able body)."""

    list_by_debt: Callable[[AccessClaims, str, bytes], Awaitable[Reply]]
    create: Callable[[AccessClaims, bytes, bytes | None], Awaitable[Reply]]  # body, key
    update: Callable[[AccessClaims, str, bytes], Awaitable[Reply]]
    token: Callable[[bytes], Awaitable[Reply]]
    startup: Callable[[], Awaitable[None]]
    shutdown: Callable[[], Awaitable[None]]


def error(status: int, message: str) -> Reply:
    return status, {"error": True, "message": message, "code": status, "details": {}}


class Rejected(Exception):
    """A request answered before any database work (validation): carries the reply."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply[0])
        self.reply = reply


def _claims(scope: Scope, needed: str) -> AccessClaims | Reply:
    for name, value in scope["headers"]:
        if name == b"authorization":
            claims = SIGNER.verify(value.decode()[7:])
            if claims is None:
                break
            if needed not in claims.scopes:
                return error(403, f'Required scope "{needed}" not found in token')
            return claims
    return error(401, "Authentication credentials are missing or invalid")


async def _route(handlers: Handlers, scope: Scope, body: bytes) -> Reply:
    method, path = scope["method"], scope["path"]
    if path == "/token" and method == "POST":
        return await handlers.token(body)
    if not path.startswith(PREFIX):
        return error(404, "Not found")
    rest = path[len(PREFIX) :]
    claims = _claims(scope, "followups:read" if method == "GET" else "followups:write")
    if not isinstance(claims, AccessClaims):
        return claims
    if method == "GET" and rest.startswith("/debt/"):
        return await handlers.list_by_debt(claims, rest[6:], scope["query_string"])
    if method == "POST" and rest == "":
        key = next((value for name, value in scope["headers"] if name == b"idempotency-key"), None)
        return await handlers.create(claims, body, key)
    if method == "PUT" and rest.startswith("/"):
        return await handlers.update(claims, rest[1:], body)
    return error(404, "Not found")


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _lifespan(handlers: Handlers, receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await handlers.startup()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await handlers.shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return


def make_app(handlers: Handlers) -> App:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(handlers, receive, send)
            return
        body = await _read_body(receive)
        try:
            status, payload = await _route(handlers, scope, body)
        except orjson.JSONDecodeError:
            status, payload = error(400, "Invalid JSON payload")
        except Rejected as rejected:
            status, payload = rejected.reply
        encoded = orjson.dumps(payload, option=JSON_OPTIONS)
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

    return app
