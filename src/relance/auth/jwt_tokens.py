"""Access tokens: HS256 JWTs signed with the server secret, verified with the algorithm pinned."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

import jwt

ISSUER = "relance"
AUDIENCE = "relance-api"
ALGORITHM = "HS256"
# Verified tokens remembered per process: an integration sends the same token for up to an
# hour, and PyJWT's checks cost ~100 µs a request (a fifth of a list request's CPU).
VERIFIED_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class AccessClaims:
    company_id: int
    client_id: str
    scopes: frozenset[str]
    token_id: str
    # The refresh-token family the token was issued with; revoking the family revokes it too.
    family_id: str
    expires_at: int
    issued_at: int


class TokenSigner:
    def __init__(self, secret: bytes, ttl_seconds: int) -> None:
        # A key of its own, so a token signature never doubles as an id or link signature.
        self._key = hashlib.sha256(b"relance/jwt/v1\x00" + secret).digest()
        self.ttl_seconds = ttl_seconds
        self._verified: OrderedDict[str, AccessClaims] = OrderedDict()

    def issue(
        self, company_id: int, client_id: str, scopes: list[str], family_id: str, now: datetime
    ) -> str:
        issued = int(now.timestamp())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": client_id,
            "cid": company_id,
            "scope": " ".join(scopes),
            "fam": family_id,
            "iat": issued,
            "exp": issued + self.ttl_seconds,
            "jti": secrets.token_urlsafe(16),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def verify(self, token: str) -> AccessClaims | None:
        """The claims of a valid, unexpired token of ours; None for anything else.

        A token verified before is looked up by its exact text (the signature is part of it),
        and only its expiry is checked again, with PyJWT's rule: expired once ``exp <= now``.
        """
        cached = self._verified.get(token)
        if cached is not None:
            if cached.expires_at > time.time():
                return cached
            self._verified.pop(token, None)
            return None
        claims = self._decode(token, verify_exp=True)
        if claims is not None:
            self._remember(token, claims)
        return claims

    def _remember(self, token: str, claims: AccessClaims) -> None:
        verified = self._verified
        verified[token] = claims
        if len(verified) > VERIFIED_CACHE_SIZE:
            verified.popitem(last=False)  # the oldest entry: FIFO bound, no per-hit reordering

    def verify_ignoring_expiry(self, token: str) -> AccessClaims | None:
        """For revocation only: a signed token of ours, expired or not."""
        return self._decode(token, verify_exp=False)

    def _decode(self, token: str, verify_exp: bool) -> AccessClaims | None:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={
                    "require": ["exp", "iat", "iss", "aud", "sub", "jti"],
                    "verify_exp": verify_exp,
                },
            )
            return AccessClaims(
                company_id=int(claims["cid"]),
                client_id=str(claims["sub"]),
                scopes=frozenset(str(claims.get("scope", "")).split()),
                token_id=str(claims["jti"]),
                family_id=str(claims["fam"]),
                expires_at=int(claims["exp"]),
                issued_at=int(claims["iat"]),
            )
        except (jwt.PyJWTError, KeyError, TypeError, ValueError):
            return None
