"""The refusal of a key reused for another request (SPEC 9)."""

from __future__ import annotations

from relance.kit.errors import ApiError, Conflict


class KeyReused(ApiError):
    status = 422
    message = "Idempotency-Key reused with a different request body"


class KeyInProgress(Conflict):
    """Only when a claimed key shows no answer yet; requests normally wait and replay instead."""

    message = "A request with this Idempotency-Key is in progress"
