"""Schema metadata, column types, and the one place transactions are opened and committed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.base import Executable

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

# 64-bit keys on PostgreSQL; SQLite only autoincrements a column declared INTEGER.
BigKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends.

    PostgreSQL keeps ``timestamptz``; SQLite keeps naive UTC text in SQLAlchemy's fixed-width
    format, so text order is time order and the raw sqlite3 path (db_sqlite.py) reads it back.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def now_column(name: str, **kwargs: Any) -> sa.Column[datetime]:
    return sa.Column(name, UTCDateTime(), nullable=False, **kwargs)


class Tx(Protocol):
    """A connection inside one transaction (or one autocommit read)."""

    dialect_name: str

    async def fetch_all(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]: ...

    async def fetch_rows(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Mapping[str, Any]]:
        """Like fetch_all, for a caller that only reads the rows: read-only mappings (the
        driver's own records on PostgreSQL, one dict per row less to build)."""
        ...

    async def fetch_one(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None: ...

    async def fetch_one_alone(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """fetch_one for a write that is one atomic statement and the transaction's only write:
        PostgreSQL runs it without BEGIN/COMMIT when it comes first; only reads may follow."""
        ...

    async def fetch_val(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> Any: ...

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int: ...


class Database(Protocol):
    """The request-path database: statements compiled once, run on the driver's connection."""

    dialect_name: str

    async def connect(self) -> None: ...

    async def close(self) -> None: ...

    def read(self) -> Any:
        """Async context manager yielding a Tx without BEGIN: one statement, one round trip."""

    def write(self) -> Any:
        """Async context manager yielding a Tx in a transaction; commits on success."""


class StatementTx:
    """A read Tx that takes a pooled connection for each statement and gives it back at once.

    Reads run without BEGIN (autocommit), so holding one connection across a route's statements
    would share nothing between them; a route needs no generator dependency (and FastAPI's exit
    stack machinery around it) to read, and the connection is not held while the route encodes.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self.dialect_name = database.dialect_name

    async def fetch_all(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        async with self._database.read() as tx:
            rows: list[dict[str, Any]] = await tx.fetch_all(query, params)
            return rows

    async def fetch_rows(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Mapping[str, Any]]:
        async with self._database.read() as tx:
            rows: Sequence[Mapping[str, Any]] = await tx.fetch_rows(query, params)
            return rows

    async def fetch_one(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        async with self._database.read() as tx:
            row: dict[str, Any] | None = await tx.fetch_one(query, params)
            return row

    async def fetch_one_alone(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        return await self.fetch_one(query, params)  # every statement here runs alone

    async def fetch_val(self, query: Executable, params: Mapping[str, Any] | None = None) -> Any:
        async with self._database.read() as tx:
            return await tx.fetch_val(query, params)

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int:
        async with self._database.read() as tx:
            count: int = await tx.execute(query, params)
            return count


def create_database(url: str, pool_size: int = 10) -> Database:
    """Picks the fast driver for the URL: asyncpg for PostgreSQL, aiosqlite for SQLite."""
    if url.startswith("sqlite"):
        from relance.db_sqlite import SqliteDatabase

        return SqliteDatabase(sqlite_path(url), pool_size=min(pool_size, 4))
    from relance.db_postgres import PostgresDatabase

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


def write_transaction(database: Database) -> AbstractAsyncContextManager[Tx]:
    """The one place that commits: exits normally → COMMIT, raises → ROLLBACK. (The backend's
    own context manager, handed on rather than wrapped: one generator frame less per write.)"""
    manager: AbstractAsyncContextManager[Tx] = database.write()
    return manager
