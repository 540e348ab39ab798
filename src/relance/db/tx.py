"""Tx and Database: what the repositories run statements on; StatementTx for reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from sqlalchemy.sql.base import Executable


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

    def lone_statement_wrote_nothing(self) -> None:
        """The statement ``fetch_one_alone`` ran wrote nothing (its guard refused): the
        transaction may go on with writes of its own (PostgreSQL then sends BEGIN)."""
        ...

    async def fetch_val(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> Any: ...

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int: ...

    async def execute_many(self, query: Executable, params: Sequence[Mapping[str, Any]]) -> None:
        """One write statement run once per parameter set, in one driver call (bulk import)."""
        ...


class Database(Protocol):
    """The request-path database: statements compiled once, run on the driver's connection."""

    dialect_name: str

    async def connect(self) -> None: ...

    async def close(self) -> None: ...

    def read(self) -> AbstractAsyncContextManager[Tx]:
        """A Tx without BEGIN: one statement, one round trip."""
        ...

    def write(self) -> AbstractAsyncContextManager[Tx]:
        """A Tx in a transaction; commits on success."""
        ...

    def pool_use(self) -> dict[str, int]:
        """Connections ``in_use`` and ``idle``, requests ``waiting`` for one (the metrics)."""
        ...


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

    def lone_statement_wrote_nothing(self) -> None:
        """Each statement is alone here: nothing to reopen."""

    async def fetch_val(self, query: Executable, params: Mapping[str, Any] | None = None) -> Any:
        async with self._database.read() as tx:
            return await tx.fetch_val(query, params)

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int:
        async with self._database.read() as tx:
            count: int = await tx.execute(query, params)
            return count

    async def execute_many(self, query: Executable, params: Sequence[Mapping[str, Any]]) -> None:
        async with self._database.read() as tx:
            await tx.execute_many(query, params)
