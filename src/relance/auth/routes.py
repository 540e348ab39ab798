"""POST /token (RFC 6749) and POST /revoke (RFC 7009)."""

from __future__ import annotations

import time
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Request
from starlette.responses import Response

from relance.auth import openapi, service
from relance.auth.client_auth import ClientCredentials, authenticate_client, read_credentials
from relance.auth.oauth_errors import (
    OAuthError,
    invalid_request,
    too_many_failures,
    unsupported_grant_type,
)
from relance.db.tx import Tx
from relance.http.body import read_limited
from relance.http.endpoint import PublicCall, public
from relance.http.request_headers import header_value
from relance.http.responses import json_response
from relance.http.route import api_router
from relance.kit.errors import PayloadTooLarge
from relance.kit.text import has_control_characters

router = api_router("auth")

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# These endpoints run before any authentication: a form is a few hundred bytes, so stop early.
_MAX_FORM_BYTES = 16 * 1024


async def _read_body(request: Request) -> bytes:
    try:
        return await read_limited(request, _MAX_FORM_BYTES)
    except PayloadTooLarge:
        raise invalid_request("Request body is too large") from None


async def _read_form(request: Request) -> dict[str, str]:
    content_type = (header_value(request, b"content-type") or "").split(";", 1)[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise invalid_request("Content-Type must be application/x-www-form-urlencoded")
    try:
        pairs = parse_qsl((await _read_body(request)).decode(), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        raise invalid_request("Malformed form body") from None
    form: dict[str, str] = {}
    for key, value in pairs:
        if has_control_characters(key) or has_control_characters(value):
            raise invalid_request("Parameters must not contain control characters")
        if key in form:
            raise invalid_request(f"Parameter {key!r} is repeated")
        form[key] = value
    return form


# Access rule of both: client credentials (HTTP Basic or form fields), never a bearer token;
# they are checked inside the transaction, against the clients table.
FormCall = Annotated[PublicCall, public(body=_read_form)]


@router.post(
    "/token",
    summary="Issue an access token",
    openapi_extra=openapi.TOKEN_BODY,
    responses=openapi.TOKEN_RESPONSES,
)
async def token(request: Request, call: FormCall) -> Response:
    state, form = call.state, call.body
    grant_type = form.get("grant_type")
    if not grant_type:
        raise invalid_request("Missing grant_type")
    if grant_type not in ("client_credentials", "refresh_token"):
        raise unsupported_grant_type(grant_type)
    credentials = read_credentials(header_value(request, b"authorization"), form)
    refresh_ttl = state.settings.refresh_token_ttl
    result: dict[str, Any] | OAuthError
    # The client is read on its own (one statement): a client_credentials grant then writes one
    # row, alone, so it costs two round trips instead of BEGIN, read, insert, COMMIT.
    client = await _authenticated(call, call.reads, credentials)
    async with call.transaction() as tx:
        if grant_type == "client_credentials":
            result = await service.client_credentials_grant(
                tx, state.signer, client, form.get("scope"), refresh_ttl
            )
        else:
            result = await service.refresh_token_grant(tx, state.signer, client, form, refresh_ttl)
    if isinstance(result, OAuthError):
        state.revocations.forget()  # a detected reuse revoked a family: apply it here at once
        raise result  # raised after commit, so the family stays revoked
    return json_response(result, headers=_NO_STORE)


@router.post(
    "/revoke",
    summary="Revoke a token (RFC 7009)",
    openapi_extra=openapi.REVOKE_BODY,
    responses=openapi.REVOKE_RESPONSES,
)
async def revoke(request: Request, call: FormCall) -> Response:
    """A client revokes only tokens issued to itself."""
    state, form = call.state, call.body
    token_value = form.get("token")
    if not token_value:
        raise invalid_request("Missing token")
    credentials = read_credentials(header_value(request, b"authorization"), form)
    async with call.transaction() as tx:
        client = await _authenticated(call, tx, credentials)
        await service.revoke_token(tx, state.signer, client, token_value)
    state.revocations.forget()
    return Response(status_code=200, headers=_NO_STORE)


async def _authenticated(
    call: PublicCall, tx: Tx, credentials: ClientCredentials
) -> dict[str, Any]:
    """The client, unless its id failed to authenticate too often lately (SPEC 7: 10 failures
    a minute, then 429 even for the right secret, so guessing stays slow)."""
    guard = call.state.rate_guard
    attempts = await guard.token_attempts_left(credentials.client_id)
    if attempts is not None and not attempts.allowed:
        raise too_many_failures(attempts.retry_after(time.time()))
    try:
        return await authenticate_client(tx, credentials)
    except OAuthError:
        await guard.token_failed(credentials.client_id)
        raise
