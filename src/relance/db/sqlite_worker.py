"""One SQLite connection confined to its own thread, reached in one hop per statement.

Why not aiosqlite (relance's driver until issue 19): its cursor API costs three hops to the
connection's thread per statement (execute, fetchall, close), each a queue put, a thread wake-up
and a ``call_soon_threadsafe`` back; the profile of a list page on SQLite put about a fifth of
the server's CPU there. Here a statement runs whole in the thread (execute, fetch, column names,
row count) and comes back once; a write transaction's ``BEGIN IMMEDIATE`` rides along with its
first statement, so a one-statement write costs two hops (statement, COMMIT) instead of five.
The thread does the work that may wait: reads (a slow query), a write's first statement (which
may wait on another process's write lock) and its COMMIT (fsync). Once a write transaction
holds the lock, its other statements run on the caller's thread (``run_here``): they cannot
wait on anyone, and the lock is held for less time when no hop and no other request's turn of
the event loop sit between them (measured: issue 19's note in bench/README.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from queue import SimpleQueue
from typing import Any

from relance.db.sqlite_write_lock import ProcessWriteLock, lockable

_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000")
# Prepared statements kept per connection: relance compiles a few hundred distinct statements.
_CACHED_STATEMENTS = 512


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one statement gave: its column names (empty for a statement without rows), rows and
    the number of rows it changed."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    rowcount: int


class Connection(sqlite3.Connection):
    """A connection that may hold its process's turn to write (``sqlite_write_lock``)."""

    write_lock: ProcessWriteLock | None = None


_Job = tuple[asyncio.Future[Any] | None, Callable[[Connection], Any]]


def _begin(connection: Connection, begin: str | None) -> None:
    if begin is None or connection.in_transaction:
        return
    lock = connection.write_lock
    if lock is not None:
        lock.acquire()
    try:
        connection.execute(begin)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def run_statement(
    connection: Connection, sql: str, params: Sequence[Any], begin: str | None
) -> Outcome:
    _begin(connection, begin)
    cursor = connection.execute(sql, params)
    try:
        rows = cursor.fetchall()
        description = cursor.description
        columns = tuple(d[0] for d in description) if description else ()
        return Outcome(columns, rows, cursor.rowcount)
    finally:
        cursor.close()


def run_many(
    connection: Connection, sql: str, rows: Sequence[Sequence[Any]], begin: str | None
) -> None:
    _begin(connection, begin)
    connection.executemany(sql, rows).close()


def finish(connection: Connection, verb: str) -> None:
    """COMMIT or ROLLBACK the open transaction, if a statement opened one; then the next
    process's writer may go."""
    try:
        if connection.in_transaction:
            connection.execute(verb)
    finally:
        if connection.write_lock is not None:
            connection.write_lock.release()


def _connect(path: str) -> Connection:
    connection = sqlite3.connect(
        path,
        factory=Connection,
        isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE for writes
        check_same_thread=False,  # opened here, then used by its worker thread alone
        cached_statements=_CACHED_STATEMENTS,
    )
    for pragma in _PRAGMAS:
        connection.execute(pragma)
    if lockable(path):
        connection.write_lock = ProcessWriteLock(path)
    return connection


def _close(connection: Connection) -> None:
    if connection.write_lock is not None:
        connection.write_lock.close()
    connection.close()


def _resolve(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():  # the awaiting request went away; the statement ran regardless
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


class SqliteWorker:
    """A connection and the thread that owns it; jobs run in the order they were queued."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._jobs: SimpleQueue[_Job] = SimpleQueue()
        self._thread: threading.Thread | None = None
        self._connection: Connection | None = None
        self._queued = 0  # jobs handed to the thread and not finished yet (loop thread only)

    async def open(self) -> None:
        # Connected here, so a file that cannot be opened fails the caller, not the thread.
        connection = self._connection = await asyncio.to_thread(_connect, self._path)
        self._thread = threading.Thread(
            target=self._serve, args=(connection,), name="relance-sqlite", daemon=True
        )
        self._thread.start()

    async def call(self, job: Callable[[Connection], Any]) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queued += 1
        self._jobs.put((future, job))
        return await future

    def holds_idle_transaction(self) -> bool:
        """True when a transaction is open on the connection and its thread has nothing to do:
        a statement may then run on the caller's thread (``run_here``)."""
        connection = self._connection
        return self._queued == 0 and connection is not None and connection.in_transaction

    def run_here(self, job: Callable[[Connection], Any]) -> Any:
        """Runs ``job`` on the calling thread; only when ``holds_idle_transaction()``."""
        assert self._connection is not None
        assert self._queued == 0
        return job(self._connection)

    def _finished(
        self, future: asyncio.Future[Any], result: Any, error: BaseException | None
    ) -> None:
        # On the loop's thread, once the job is over (even when its caller was cancelled): so
        # ``_queued`` never says idle while the thread still runs a job.
        self._queued -= 1
        _resolve(future, result, error)

    async def close(self) -> None:
        await self.call(_close)
        self._jobs.put((None, lambda _connection: None))  # ends the thread
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join)

    def _serve(self, connection: Connection) -> None:
        while True:
            future, job = self._jobs.get()
            if future is None:
                return
            result, error = None, None
            try:
                result = job(connection)
            except BaseException as raised:  # handed to the awaiting coroutine
                error = raised
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
                future.get_loop().call_soon_threadsafe(self._finished, future, result, error)
