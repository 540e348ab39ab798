"""The token grants (client_credentials, refresh_token with rotation) and revocation (RFC 7009)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from relance.auth import repository
from relance.auth.jwt_tokens import TokenSigner
from relance.auth.oauth_errors import OAuthError, invalid_grant, invalid_request, invalid_scope
from relance.auth.scopes import parse_scopes
from relance.auth.secrets import hash_secret
from relance.db import Tx, utcnow


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
) -> dict[str, Any]:
    now = utcnow()
    refresh_token = secrets.token_urlsafe(32)
    await repository.insert_refresh_token(
        tx,
        client_pk=client["id"],
        token_hash=hash_secret(refresh_token),
        family_id=family_id,
        scopes=" ".join(scopes),
        now=now,
        expires_at=now + timedelta(seconds=refresh_ttl),
    )
    return {
        "access_token": signer.issue(client["company_id"], client["client_id"], scopes, now),
        "token_type": "Bearer",
        "expires_in": signer.ttl_seconds,
        "refresh_token": refresh_token,
        "scope": " ".join(scopes),
    }


async def client_credentials_grant(
    tx: Tx, signer: TokenSigner, client: dict[str, Any], scope: str | None, refresh_ttl: int
) -> dict[str, Any]:
    scopes = _narrow_scopes(scope, parse_scopes(client["scopes"]))
    return await _issue(tx, signer, client, scopes, secrets.token_hex(16), refresh_ttl)


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
        await repository.revoke_refresh_family(tx, stored["family_id"], now)
        return invalid_grant("Refresh token was already used; its token family is revoked")
    if stored["expires_at"] <= now:
        raise invalid_grant("Refresh token has expired")
    scopes = _narrow_scopes(form.get("scope"), parse_scopes(stored["scopes"]))
    # Also narrowed to what the client holds today, should its scopes have shrunk.
    client_scopes = parse_scopes(client["scopes"])
    scopes = [scope for scope in scopes if scope in client_scopes]
    if not await repository.use_refresh_token(tx, stored["id"], now):
        await repository.revoke_refresh_family(tx, stored["family_id"], now)
        return invalid_grant("Refresh token was already used; its token family is revoked")
    return await _issue(tx, signer, client, scopes, stored["family_id"], refresh_ttl)


async def revoke_token(
    tx: Tx, signer: TokenSigner, client: dict[str, Any], token: str, hint: str | None
) -> None:
    """RFC 7009: revokes a refresh token's family or an access token; unknown tokens are ignored."""
    now = utcnow()
    if hint != "access_token":
        stored = await repository.get_refresh_token(tx, hash_secret(token))
        if stored is not None:
            if stored["client_pk"] == client["id"]:
                await repository.revoke_refresh_family(tx, stored["family_id"], now)
            return
    claims = signer.verify_ignoring_expiry(token)
    if claims is not None and claims.client_id == client["client_id"]:
        expires = now.fromtimestamp(claims.expires_at, tz=now.tzinfo)
        await repository.revoke_access_token(tx, claims.token_id, client["id"], expires)
