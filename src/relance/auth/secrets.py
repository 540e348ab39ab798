"""Generating and checking client secrets and refresh tokens (random, stored only as hashes)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

CLIENT_ID_PREFIX = "rlc_"


def new_client_id() -> str:
    return CLIENT_ID_PREFIX + secrets.token_urlsafe(18)


def new_secret() -> str:
    """256 bits from the OS CSPRNG. A fast hash suffices: the input is not guessable."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
