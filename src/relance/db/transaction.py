"""The one place a transaction is opened and committed (routes, services' callers, the CLI)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from relance.db.tx import Database, Tx


def write_transaction(database: Database) -> AbstractAsyncContextManager[Tx]:
    """The one place that commits: exits normally → COMMIT, raises → ROLLBACK. (The backend's
    own context manager, handed on rather than wrapped: one generator frame less per write.)"""
    manager: AbstractAsyncContextManager[Tx] = database.write()
    return manager
