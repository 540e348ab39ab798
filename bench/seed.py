"""Fills a PostgreSQL database with the benchmark data set, through relance's own schema.

    python -m bench.seed [--size 10k|1m|10m] [--force]

The database is created if missing and migrated with relance's Alembic migrations; rows go in
with COPY (asyncpg ``copy_records_to_table``). A database already holding the data set at that
size is left alone; the sample files the load scripts read are rewritten every time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from bench import samples
from bench.config import DEFAULT_SIZE, PG_SERVER, SIZES, Size
from bench.relance_api import for_create, indexed_tables, migrate_to_head
from bench.seed_rows import DEBT_COLUMNS, FOLLOWUP_COLUMNS, FollowupGenerator, seed_time


async def ensure_database(size: Size) -> None:
    connection = await asyncpg.connect(f"{PG_SERVER}/postgres")
    try:
        exists = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", size.database
        )
        if not exists:
            await connection.execute(f'CREATE DATABASE "{size.database}"')
        # Writes then measure the application and the database's CPU, not the shared disk's
        # fsync latency (bench data is disposable; relance and the baseline get the same).
        await connection.execute(f'ALTER DATABASE "{size.database}" SET synchronous_commit = off')
    finally:
        await connection.close()


async def _counts(connection: Any) -> tuple[int, int, int]:
    row = await connection.fetchrow(
        "SELECT (SELECT count(*) FROM companies), (SELECT count(*) FROM debts),"
        " (SELECT count(*) FROM followups)"
    )
    return int(row[0]), int(row[1]), int(row[2])


def is_seeded(size: Size, counts: tuple[int, int, int]) -> bool:
    return counts == (size.companies, size.debts, size.followups)


async def counters_match(connection: Any, debts_checked: int = 1000) -> bool:
    """The first debts' counters agree with their followups under relance's current rules
    (a data set seeded under older rules is reloaded)."""
    expected: dict[int, list[int]] = {}
    rows = await connection.fetch(
        "SELECT debt_id, status, direction FROM followups WHERE debt_id <= $1", debts_checked
    )
    for row in rows:
        delta = for_create(row["status"], row["direction"])
        total = expected.setdefault(row["debt_id"], [0, 0, 0])
        total[0] += delta.followups
        total[1] += delta.reminders
        total[2] += delta.answered
    stored = await connection.fetch(
        "SELECT id, followups_count, nb_reminders, nb_answered FROM debts WHERE id <= $1",
        debts_checked,
    )
    return all(expected.get(row["id"], [0, 0, 0]) == list(row[1:]) for row in stored)


def _index_statements() -> tuple[list[str], list[str]]:
    """Secondary indexes are dropped during the load and rebuilt from relance's own metadata."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    drops, creates = [], []
    for table in indexed_tables():
        for index in table.indexes:
            drops.append(f'DROP INDEX IF EXISTS "{index.name}"')
            create = str(sa.schema.CreateIndex(index, if_not_exists=True).compile(dialect=dialect))
            creates.append(create)
    return drops, creates


async def ensure_indexes(connection: Any) -> None:
    """Recreates any index an interrupted load left dropped."""
    for statement in _index_statements()[1]:
        await connection.execute(statement)


async def _load(connection: Any, size: Size) -> None:
    drops, creates = _index_statements()
    await connection.execute("TRUNCATE companies RESTART IDENTITY CASCADE")
    for statement in drops:
        await connection.execute(statement)
    # Foreign keys are not checked row by row: the generator builds them consistent.
    await connection.execute("SET session_replication_role = replica")
    now = seed_time()
    await connection.copy_records_to_table(
        "companies",
        records=[(i, f"Bench company {i}", now) for i in range(1, size.companies + 1)],
        columns=("id", "name", "created_at"),
    )
    generator = FollowupGenerator(size, now)
    for chunk in generator.chunks():
        await connection.copy_records_to_table("followups", records=chunk, columns=FOLLOWUP_COLUMNS)
        if chunk[-1][0] % 500_000 == 0:
            print(f"  {chunk[-1][0]:>12,} followups")
    for chunk in generator.debt_chunks():
        await connection.copy_records_to_table("debts", records=chunk, columns=DEBT_COLUMNS)
    await connection.execute("SET session_replication_role = DEFAULT")
    for table in ("companies", "debts", "followups"):
        await connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    for statement in creates:
        await connection.execute(statement)
    await vacuum(connection)


_FILLED_BY_RUNS = (
    "refresh_tokens",
    "idempotency_keys",
    "idempotency_rows",
    "webhook_outbox",
    "followup_revisions",
)


async def vacuum(connection: Any) -> None:
    """VACUUM ANALYZE: fresh statistics, and a visibility map that lets the list totals'
    count(*) run as index-only scans (after a run's writes too, not only after a load)."""
    for table in ("companies", "debts", "followups"):
        await connection.execute(f"VACUUM ANALYZE {table}")


async def seed(size: Size, force: bool = False) -> dict[str, Any]:
    """Seeds when needed, rewrites the sample files; returns the data set's meta data."""
    await ensure_database(size)
    migrate_to_head(size.dsn)
    connection = await asyncpg.connect(size.dsn)
    try:
        await ensure_indexes(connection)
        await undo_bench_writes(connection, size)
        meta_path = size.data_dir / "meta.json"
        meta: dict[str, Any] = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        seeded = is_seeded(size, await _counts(connection)) and await counters_match(connection)
        if force or not seeded:
            print(f"seeding {size.database}: {size.followups:,} followups, {size.debts:,} debts")
            started = time.perf_counter()
            await _load(connection, size)
            meta = {"seed_seconds": round(time.perf_counter() - started, 1)}
            print(f"seeded in {meta['seed_seconds']} s")
        else:
            print(f"{size.database} already seeded at size {size.name}: skipping the load")
            await vacuum(connection)
        meta.update(await samples.write_samples(connection, size))
        meta_path.write_text(json.dumps(meta, indent=2))
        return meta
    finally:
        await connection.close()


async def undo_bench_writes(connection: Any, size: Size) -> None:
    """Removes what the write scenarios added, so every run starts from the same data.

    Followups past the seeded ids are deleted and their debts' counters taken back (with
    relance's own counter rules); updates keep statuses, so they leave the counters alone. The
    outbox rows and revisions the writes added go too.
    """
    async with connection.transaction():
        added = await connection.fetch(
            "SELECT debt_id, status, direction FROM followups WHERE id > $1", size.followups
        )
        deltas: dict[int, list[int]] = {}
        for row in added:
            delta = for_create(row["status"], row["direction"])
            total = deltas.setdefault(row["debt_id"], [0, 0, 0])
            total[0] += delta.followups
            total[1] += delta.reminders
            total[2] += delta.answered
        await connection.executemany(
            "UPDATE debts SET followups_count = followups_count - $2,"
            " nb_reminders = nb_reminders - $3, nb_answered = nb_answered - $4 WHERE id = $1",
            [(debt, *total) for debt, total in deltas.items()],
        )
        await connection.execute("DELETE FROM followups WHERE id > $1", size.followups)
        # Tables the seed leaves empty and the runs fill: refresh tokens, the creates' keys and
        # kept rows, the writes' change records (no worker drains them here) and history rows
        # (the COPY of the seed writes none). TRUNCATE gives each its empty files back; a
        # DELETE left every row's heap and index entries dead until a VACUUM (413,000 dead kept
        # rows, 402 MB, by 2026-12-04 14:30), and every later keyed create paid for them.
        await connection.execute(f"TRUNCATE {', '.join(_FILLED_BY_RUNS)}")


async def reset_after_run(size: Size) -> None:
    connection = await asyncpg.connect(size.dsn)
    try:
        await undo_bench_writes(connection, size)
        await vacuum(connection)
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default=DEFAULT_SIZE)
    parser.add_argument("--force", action="store_true", help="reload even when already seeded")
    args = parser.parse_args()
    meta = asyncio.run(seed(SIZES[args.size], args.force))
    print(json.dumps({key: meta[key] for key in ("seed_seconds", "counts") if key in meta}))


if __name__ == "__main__":
    main()
