"""OpenAPI descriptions of POST /token and POST /revoke: form bodies, RFC 6749 answers."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    refresh_token: str
    scope: str


class OAuthErrorOut(BaseModel):
    """RFC 6749 section 5.2: what OAuth client libraries parse (not the API envelope)."""

    error: str
    error_description: str


def _form(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "required": required, "properties": properties}
    content = {"application/x-www-form-urlencoded": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


_TEXT = {"type": "string"}
TOKEN_BODY = _form(
    {
        "grant_type": {"type": "string", "enum": ["client_credentials", "refresh_token"]},
        "client_id": _TEXT,
        "client_secret": _TEXT,
        "scope": _TEXT,
        "refresh_token": _TEXT,
    },
    ["grant_type"],
)
REVOKE_BODY = _form(
    {
        "token": _TEXT,
        "token_type_hint": {"type": "string", "enum": ["access_token", "refresh_token"]},
        "client_id": _TEXT,
        "client_secret": _TEXT,
    },
    ["token"],
)
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": OAuthErrorOut, "description": "invalid_request, invalid_grant, ..."},
    401: {"model": OAuthErrorOut, "description": "invalid_client (WWW-Authenticate: Basic)"},
    429: {
        "model": OAuthErrorOut,
        "description": (
            "temporarily_unavailable: 10 failed client authentications for this client id in a "
            "minute"
        ),
        "headers": {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        },
    },
}
TOKEN_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": TokenOut, "description": "An access token (Cache-Control: no-store)"},
    **_ERRORS,
}
REVOKE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Revoked, or unknown to this client (RFC 7009): an empty body"},
    **_ERRORS,
}
