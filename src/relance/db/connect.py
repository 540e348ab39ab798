"""Opening a database from a URL: the fast async driver per backend, the sync engine for
migrations."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from relance.db.tx import Database


def create_database(url: str, pool_size: int = 10) -> Database:
    """Picks the fast driver for the URL: asyncpg for PostgreSQL, sqlite3 in worker threads
    (``sqlite_worker``) for SQLite."""
    if url.startswith("sqlite"):
        from relance.db.sqlite import SqliteDatabase

        return SqliteDatabase(sqlite_path(url), pool_size=min(pool_size, 4))
    from relance.db.postgres import PostgresDatabase

    return PostgresDatabase(asyncpg_dsn(url), pool_size=pool_size)


def sqlite_path(url: str) -> str:
    return sa.engine.make_url(url).database or ":memory:"


def asyncpg_dsn(url: str) -> str:
    parsed = sa.engine.make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """The SQLAlchemy URL for synchronous work (migrations, operator commands)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_sync_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(sync_url(url))
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
