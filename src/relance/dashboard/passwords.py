"""Operator passwords: Argon2id (argon2-cffi's defaults), verified off the event loop."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 1024  # Argon2 takes any length; a cap keeps a megabyte "password" from costing more

_hasher = PasswordHasher()


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be an operator's password, or None."""
    if len(password) < MIN_LENGTH:
        return f"the password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"the password must be at most {MAX_LENGTH} characters"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _decoy_hash() -> str:
    """Verified when no operator has the email, so an unknown email costs what a known one
    costs and timing tells nothing about which emails exist."""
    return _hasher.hash("relance decoy password, never anyone's")


async def password_matches(password: str, stored_hash: str | None) -> bool:
    """Argon2 takes tens of milliseconds of CPU: a worker thread keeps other requests moving."""
    if len(password) > MAX_LENGTH:
        return False
    return await asyncio.to_thread(_verify, password, stored_hash)


def _verify(password: str, stored_hash: str | None) -> bool:
    try:
        return _hasher.verify(stored_hash or _decoy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
