"""Fills the embedded default's SQLite file with the same data set as PostgreSQL's.

    python -m bench.sqlite_seed [--size 100k|1m] [--force]

The file is made by relance's own migrations, then filled by the same generator (seed_rows.py):
``executemany`` in one big transaction with the journal and fsync off and the secondary
indexes dropped (rebuilt afterwards from the exact SQL the migrations wrote), then ANALYZE and
back to WAL, the mode relance opens it in. A file already holding the data set is kept.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.config import SQLITE_SIZES, Size
from bench.relance_api import for_create, migrate_to_head
from bench.seed_rows import DEBT_COLUMNS, FOLLOWUP_COLUMNS, FollowupGenerator, seed_time
from bench.sqlite_samples import undo_bench_writes, write_samples


def _stored(value: datetime) -> str:
    # relance's SQLite text for a datetime (db_sqlite.py): naive UTC, fixed width.
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


# Only this process writes seeded rows, and only datetimes that the generator made in UTC.
sqlite3.register_adapter(datetime, _stored)


def connect(size: Size) -> sqlite3.Connection:
    connection = sqlite3.connect(size.database, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    return connection


def _counts(connection: sqlite3.Connection) -> tuple[int, int, int]:
    row = connection.execute(
        "SELECT (SELECT count(*) FROM companies), (SELECT count(*) FROM debts),"
        " (SELECT count(*) FROM followups)"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def counters_match(connection: sqlite3.Connection, debts_checked: int = 1000) -> bool:
    """The first debts' counters agree with their followups under relance's current rules."""
    expected: dict[int, list[int]] = {}
    rows = connection.execute(
        "SELECT debt_id, status, direction FROM followups WHERE debt_id <= ?", (debts_checked,)
    )
    for debt_id, status, direction in rows:
        delta = for_create(status, direction)
        total = expected.setdefault(debt_id, [0, 0, 0])
        total[0] += delta.followups
        total[1] += delta.reminders
        total[2] += delta.answered
    stored = connection.execute(
        "SELECT id, followups_count, nb_reminders, nb_answered FROM debts WHERE id <= ?",
        (debts_checked,),
    )
    return all(expected.get(row[0], [0, 0, 0]) == list(row[1:]) for row in stored)


def _insert(
    connection: sqlite3.Connection,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
) -> None:
    marks = ", ".join("?" * len(columns))
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _load(connection: sqlite3.Connection, size: Size) -> None:
    # Bench data is disposable: no rollback journal and no fsync while loading.
    for pragma in (
        "journal_mode = OFF",
        "synchronous = OFF",
        "cache_size = -262144",
        "temp_store = MEMORY",
        "foreign_keys = OFF",
    ):
        connection.execute(f"PRAGMA {pragma}")
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('followups', 'debts')"
    ).fetchall()
    connection.execute("BEGIN")
    for name, _sql in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    now = seed_time()
    _insert(
        connection,
        "companies",
        ("id", "name", "created_at"),
        [(i, f"Bench company {i}", now) for i in range(1, size.companies + 1)],
    )
    generator = FollowupGenerator(size, now)
    for chunk in generator.chunks():
        _insert(connection, "followups", FOLLOWUP_COLUMNS, chunk)
        if chunk[-1][0] % 250_000 == 0:
            print(f"  {chunk[-1][0]:>12,} followups")
    for chunk in generator.debt_chunks():
        _insert(connection, "debts", DEBT_COLUMNS, chunk)
    for _name, statement in indexes:
        connection.execute(statement)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA journal_mode = WAL")


def _fresh_file(size: Size) -> None:
    """Deletes the file (and its WAL) and lets relance's migrations make an empty one."""
    path = Path(size.database)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    migrate_to_head(size.dsn)


def seed(size: Size, force: bool = False) -> dict[str, Any]:
    """Seeds when needed, rewrites the sample files; returns the data set's meta data."""
    Path(size.database).parent.mkdir(parents=True, exist_ok=True)
    migrate_to_head(size.dsn)
    meta_path = size.data_dir / "meta.json"
    meta: dict[str, Any] = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    connection = connect(size)
    try:
        undo_bench_writes(connection, size)
        seeded = _counts(connection) == (size.companies, size.debts, size.followups)
        seeded = seeded and counters_match(connection)
    finally:
        connection.close()
    if force or not seeded:
        print(f"seeding {size.database}: {size.followups:,} followups, {size.debts:,} debts")
        started = time.perf_counter()
        _fresh_file(size)
        connection = connect(size)
        try:
            _load(connection, size)
        finally:
            connection.close()
        meta = {"seed_seconds": round(time.perf_counter() - started, 1)}
        print(f"seeded in {meta['seed_seconds']} s")
    else:
        print(f"{size.database} already seeded at size {size.name}: skipping the load")
    connection = connect(size)
    try:
        meta.update(write_samples(connection, size))
    finally:
        connection.close()
    meta_path.write_text(json.dumps(meta, indent=2))
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SQLITE_SIZES), default="100k")
    parser.add_argument("--force", action="store_true", help="reload even when already seeded")
    args = parser.parse_args()
    meta = seed(SQLITE_SIZES[args.size], args.force)
    print(json.dumps({key: meta[key] for key in ("seed_seconds", "counts") if key in meta}))


if __name__ == "__main__":
    main()
