"""The SQLite driver's own promises: a write transaction opens with its first statement and ends
whole (committed, or rolled back when its body fails or its request is cancelled mid-statement),
and a connection goes back to the pool usable. Real SQLite files; no app."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from relance.db.sqlite import SqliteDatabase
from relance.db.sqlite_write_lock import ProcessWriteLock

_NOTES = sa.table("notes", sa.column("id"), sa.column("body"))
_INSERT = sa.insert(_NOTES).values(body=sa.bindparam("body"))
_ALL = sa.select(_NOTES.c.id, _NOTES.c.body).order_by(_NOTES.c.id)
# A write that keeps its connection's thread busy for a while (a recursive count first).
_SLOW_INSERT = sa.text(
    "INSERT INTO notes (body) SELECT 'never' WHERE ("
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
    "SELECT count(*) FROM n) > 0"
)


class Abandoned(Exception):
    pass


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[SqliteDatabase]:
    path = tmp_path / "worker.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    db = SqliteDatabase(str(path), pool_size=2)
    await db.connect()
    yield db
    await db.close()


async def _bodies(database: SqliteDatabase) -> list[str]:
    async with database.read() as tx:
        return [row["body"] for row in await tx.fetch_all(_ALL)]


async def test_a_write_commits_every_statement_and_answers_rows_and_counts(
    database: SqliteDatabase,
) -> None:
    async with database.write() as tx:
        await tx.execute(_INSERT, {"body": "first"})
        assert await tx.execute(_INSERT, {"body": "second"}) == 1
        rows = await tx.fetch_all(_ALL)
    assert [row["body"] for row in rows] == ["first", "second"]
    assert await _bodies(database) == ["first", "second"]


async def _two_inserts_then_fail(database: SqliteDatabase) -> None:
    async with database.write() as tx:
        await tx.execute(_INSERT, {"body": "first"})
        await tx.execute(_INSERT, {"body": "second"})
        raise Abandoned


async def _insert_then_break_a_constraint(database: SqliteDatabase) -> None:
    async with database.write() as tx:
        await tx.execute(_INSERT, {"body": "first"})
        await tx.execute(_INSERT, {"body": None})  # NOT NULL


async def test_a_failed_body_rolls_back_every_statement(database: SqliteDatabase) -> None:
    with pytest.raises(Abandoned):
        await _two_inserts_then_fail(database)
    assert await _bodies(database) == []


async def test_a_failing_statement_rolls_back_the_statements_before_it(
    database: SqliteDatabase,
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await _insert_then_break_a_constraint(database)
    assert await _bodies(database) == []


async def test_a_write_cancelled_mid_statement_rolls_back_and_frees_its_connection(
    database: SqliteDatabase,
) -> None:
    started = asyncio.Event()

    async def abandoned_request() -> None:
        async with database.write() as tx:
            started.set()
            # The first statement of a write runs in the connection's thread (it may wait on
            # another process's lock), so the request can be cancelled while it runs.
            await tx.execute(_SLOW_INSERT)
            await tx.execute(_INSERT, {"body": "never either"})

    task = asyncio.create_task(abandoned_request())
    await started.wait()
    await asyncio.sleep(0.01)  # the slow statement is running in its thread
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The ROLLBACK ran after the slow statement, on the same thread; the next writer commits.
    async with database.write() as tx:
        await tx.execute(_INSERT, {"body": "kept"})
    assert await _bodies(database) == ["kept"]
    assert database.pool_use() == {"in_use": 0, "idle": 2, "waiting": 0}


async def test_a_write_that_sends_nothing_takes_no_lock(database: SqliteDatabase) -> None:
    async with database.write():
        # BEGIN IMMEDIATE rides with the first statement: none here, so another process may
        # still write while this one holds its in-process write lock.
        with sqlite3.connect(database._path, timeout=0) as other:
            other.execute("INSERT INTO notes (body) VALUES ('other process')")
    assert await _bodies(database) == ["other process"]


async def test_a_file_that_cannot_be_opened_fails_the_connect(tmp_path: Path) -> None:
    (tmp_path / "a-directory.db").mkdir()
    with pytest.raises(sqlite3.OperationalError):
        await SqliteDatabase(str(tmp_path / "a-directory.db"), pool_size=1).connect()


def test_writers_of_two_processes_take_turns_on_the_side_file(tmp_path: Path) -> None:
    # Two handles on the side file behave as two processes' connections do (flock is per open
    # file): the second waits in the kernel until the first lets go.
    path = str(tmp_path / "turns.db")
    first, second = ProcessWriteLock(path), ProcessWriteLock(path)
    first.acquire()
    waited = threading.Event()
    got_it = threading.Event()

    def second_writer() -> None:
        waited.set()
        second.acquire()
        got_it.set()
        second.release()

    thread = threading.Thread(target=second_writer)
    thread.start()
    waited.wait(5)
    assert not got_it.wait(0.2)  # still the first one's turn
    first.release()
    assert got_it.wait(5)
    thread.join(5)
    first.close()
    second.close()
