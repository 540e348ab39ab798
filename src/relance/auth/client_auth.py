"""Client authentication for /token and /revoke: HTTP Basic or form credentials (RFC 6749 2.3.1)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from relance.auth import repository
from relance.auth.oauth_errors import invalid_client, invalid_request
from relance.auth.secrets import hash_secret, secret_matches
from relance.db.tx import Tx
from relance.kit.text import has_control_characters

# Compared against when the client id is unknown, so timing does not reveal which ids exist.
_DUMMY_HASH = hash_secret("relance-unknown-client")


@dataclass(frozen=True, slots=True)
class ClientCredentials:
    client_id: str
    client_secret: str


def _basic_credentials(encoded: str) -> ClientCredentials:
    """RFC 6749 2.3.1: id and secret are form-encoded, joined by ':', then base64-encoded."""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise invalid_client() from None
    client_id, sep, secret = decoded.partition(":")
    client_id, secret = unquote_plus(client_id), unquote_plus(secret)
    # No client id or secret holds a control character; PostgreSQL would refuse a NUL (a 500).
    if not sep or has_control_characters(client_id) or has_control_characters(secret):
        raise invalid_client()
    return ClientCredentials(client_id, secret)


def read_credentials(authorization: str | None, form: dict[str, str]) -> ClientCredentials:
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() == "basic":
        if "client_secret" in form:
            raise invalid_request("Use one client authentication method, not both")
        credentials = _basic_credentials(encoded)
        # Some libraries repeat client_id in the body next to Basic; it must then agree.
        if form.get("client_id", credentials.client_id) != credentials.client_id:
            raise invalid_request("client_id in the body differs from the Basic credentials")
        return credentials
    if not form.get("client_id") or not form.get("client_secret"):
        raise invalid_client()
    return ClientCredentials(form["client_id"], form["client_secret"])


async def authenticate_client(tx: Tx, credentials: ClientCredentials) -> dict[str, Any]:
    """The client row, or invalid_client for an unknown, revoked or wrongly-authenticated client."""
    client = await repository.get_client(tx, credentials.client_id)
    stored_hash = client["secret_hash"] if client else _DUMMY_HASH
    matches = secret_matches(credentials.client_secret, stored_hash)
    if client is None or not matches or client["revoked_at"] is not None:
        raise invalid_client()
    return client
