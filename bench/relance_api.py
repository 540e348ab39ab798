"""Everything bench takes from relance, in one place: when relance's modules move, only this
file changes. Heavy modules (alembic, the table metadata) load on first use, so a baseline's
process never imports them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from relance.auth.jwt_tokens import AccessClaims, TokenSigner
from relance.auth.scopes import ALL_SCOPES
from relance.auth.secrets import hash_secret, new_client_id, new_secret
from relance.followups.counters import NOT_EXECUTED, for_create, is_answered, is_reminder
from relance.idempotency.key_format import is_key
from relance.kit.ids import IdCodec, IdKind

if TYPE_CHECKING:
    import sqlalchemy as sa
    from fastapi import FastAPI

# What `relance serve` hands uvicorn (cli.py), for the PostgreSQL runs started with uvicorn.
RELANCE_APP = "relance.asgi:app"

__all__ = [
    "ALL_SCOPES",
    "NOT_EXECUTED",
    "RELANCE_APP",
    "AccessClaims",
    "IdCodec",
    "IdKind",
    "TokenSigner",
    "create_relance_app",
    "for_create",
    "hash_secret",
    "indexed_tables",
    "is_answered",
    "is_key",
    "is_reminder",
    "migrate_to_head",
    "new_client_id",
    "new_secret",
]


def migrate_to_head(url: str) -> None:
    """relance's own Alembic migrations, to head."""
    from relance.db import migrate

    migrate.upgrade(url)


def indexed_tables() -> tuple[sa.Table, ...]:
    """The tables whose secondary indexes the PostgreSQL seed drops and rebuilds."""
    from relance.debts.tables import debts
    from relance.followups.tables import followups

    return followups, debts


def create_relance_app() -> FastAPI:
    """relance's application, configured from RELANCE_* as relance.asgi does (bench.hops)."""
    from relance.app import create_app

    return create_app()
