"""The token grants (client_credentials, refresh_token with rotation) and revocation (RFC 7009)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from relance.auth import repository
from relance.auth.jwt_tokens import TokenSigner
from relance.auth.oauth_errors import (
    OAuthError,
    invalid_client,
    invalid_grant,
    invalid_request,
    invalid_scope,
)
from relance.auth.revocation import family_key
from relance.auth.scopes import parse_scopes
from relance.auth.secrets import hash_secret
from relance.db.tx import Tx
from relance.kit.timestamps import utcnow


def _narrow_scopes(requested: str | None, allowed: list[str]) -> list[str]:
    if requested is None:
        return allowed
    wanted = parse_scopes(requested)
    if not wanted:
        raise invalid_scope("The scope parameter is empty")
    extra = [scope for scope in wanted if scope not in allowed]
    if extra:
        raise invalid_scope(f"Scope not granted to this client: {' '.join(extra)}")
    return wanted


async def _issue(
    tx: Tx,
    signer: TokenSigner,
    client: dict[str, Any],
    scopes: list[str],
    family_id: str,
    refresh_ttl: int,
    alone: bool = False,
) -> dict[str, Any]:
    """``alone``: the refresh token is the transaction's only write (a new family), checked
    against a client revoked since it was read."""
    now = utcnow()
    refresh_token = secrets.token_urlsafe(32)
    row = {
        "client_pk": client["id"],
        "token_hash": hash_secret(refresh_token),
        "family_id": family_id,
        "scopes": " ".join(scopes),
        "now": now,
        "expires_at": now + timedelta(seconds=refresh_ttl),
    }
    if not alone:
        await repository.insert_refresh_token(tx, row)
    elif not await repository.insert_refresh_token_alone(tx, row):
        raise invalid_client()
    return {
        "access_token": signer.issue(
            client["company_id"], client["client_id"], scopes, family_id, now
        ),
        "token_type": "Bearer",
        "expires_in": signer.ttl_seconds,
        "refresh_token": refresh_token,
        "scope": " ".join(scopes),
    }


async def client_credentials_grant(
    tx: Tx, signer: TokenSigner, client: dict[str, Any], scope: str | None, refresh_ttl: int
) -> dict[str, Any]:
    scopes = _narrow_scopes(scope, parse_scopes(client["scopes"]))
    family = secrets.token_hex(16)
    return await _issue(tx, signer, client, scopes, family, refresh_ttl, alone=True)


async def refresh_token_grant(
    tx: Tx,
    signer: TokenSigner,
    client: dict[str, Any],
    form: dict[str, str],
    refresh_ttl: int,
) -> dict[str, Any] | OAuthError:
    """Rotates a refresh token. A reused (already rotated) token revokes its whole family.

    Returns the error instead of raising it when the family revocation must still be committed.
    """
    presented = form.get("refresh_token")
    if not presented:
        raise invalid_request("Missing refresh_token")
    stored = await repository.get_refresh_token(tx, hash_secret(presented))
    if stored is None or stored["client_pk"] != client["id"]:
        raise invalid_grant("Refresh token is invalid")
    now = utcnow()
    if stored["revoked_at"] is not None or stored["used_at"] is not None:
        await _revoke_family(tx, signer, client["id"], stored["family_id"])
        return invalid_grant("Refresh token was already used; its token family is revoked")
    if stored["expires_at"] <= now:
        raise invalid_grant("Refresh token has expired")
    scopes = _narrow_scopes(form.get("scope"), parse_scopes(stored["scopes"]))
    # Also narrowed to what the client holds today, should its scopes have shrunk.
    client_scopes = parse_scopes(client["scopes"])
    scopes = [scope for scope in scopes if scope in client_scopes]
    if not await repository.use_refresh_token(tx, stored["id"], now):
        await _revoke_family(tx, signer, client["id"], stored["family_id"])
        return invalid_grant("Refresh token was already used; its token family is revoked")
    return await _issue(tx, signer, client, scopes, stored["family_id"], refresh_ttl)


async def revoke_token(tx: Tx, signer: TokenSigner, client: dict[str, Any], token: str) -> None:
    """RFC 7009: revokes an access token, or a refresh token with its whole family.

    Unknown tokens are ignored (the caller answers 200). A token issued to another client is
    refused with invalid_grant and left untouched. ``token_type_hint`` is not needed: a token of
    ours that verifies as a JWT is an access token, anything else is looked up as a refresh token.
    """
    now = utcnow()
    claims = signer.verify_ignoring_expiry(token)
    if claims is not None:
        if claims.client_id != client["client_id"]:
            raise invalid_grant("Token was issued to another client")
        expires = datetime.fromtimestamp(claims.expires_at, tz=UTC)
        if expires > now:
            await repository.revoke_access_token(tx, claims.token_id, client["id"], expires)
        return
    stored = await repository.get_refresh_token(tx, hash_secret(token))
    if stored is None:
        return
    if stored["client_pk"] != client["id"]:
        raise invalid_grant("Token was issued to another client")
    await _revoke_family(tx, signer, client["id"], stored["family_id"])


async def _revoke_family(tx: Tx, signer: TokenSigner, client_pk: int, family_id: str) -> None:
    """Revokes every refresh token of a family and every access token issued with them.

    One revoked-token row stands for the family's access tokens; it lives as long as the newest
    of them could, so the revocation list stays bounded.
    """
    now = utcnow()
    await repository.revoke_refresh_family(tx, family_id, now)
    expires = now + timedelta(seconds=signer.ttl_seconds)
    await repository.revoke_access_token(tx, family_key(family_id), client_pk, expires)
