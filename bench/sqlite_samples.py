"""The SQLite data set's sample files (as samples.py writes them for PostgreSQL) and the undo of
a run's writes, so every SQLite run starts from the same rows."""

from __future__ import annotations

import random
import sqlite3
from typing import Any

from bench.config import Size, bench_secret
from bench.relance_api import (
    ALL_SCOPES,
    IdCodec,
    IdKind,
    for_create,
    hash_secret,
    new_client_id,
    new_secret,
)
from bench.samples import SAMPLE_COUNT, write_lines
from bench.seed_rows import seed_time


def _ensure_clients(connection: sqlite3.Connection, size: Size) -> None:
    """One client per company; recreated when the credentials file no longer matches the file."""
    path = size.data_dir / "clients.txt"
    if path.exists():
        known = {line.split()[1] for line in path.read_text().splitlines() if line}
        stored = {row[0] for row in connection.execute("SELECT client_id FROM api_clients")}
        if known == stored and len(known) == size.companies:
            return
    lines, records = [], []
    stamp = seed_time().replace(tzinfo=None).isoformat(" ", "microseconds")
    for company in range(1, size.companies + 1):
        client_id, secret = new_client_id(), new_secret()
        lines.append(f"{company} {client_id} {secret}")
        records.append(
            (
                company,
                client_id,
                hash_secret(secret),
                f"bench {company}",
                " ".join(ALL_SCOPES),
                stamp,
            )
        )
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("DELETE FROM refresh_tokens")
    connection.execute("DELETE FROM api_clients")
    connection.executemany(
        "INSERT INTO api_clients (company_id, client_id, secret_hash, name, scopes, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        records,
    )
    connection.execute("COMMIT")
    write_lines(path, lines)


def _pairs(connection: sqlite3.Connection, table: str, ids: list[int]) -> list[tuple[int, int]]:
    """(id, company_id) of these rows, in id order."""
    marks = ", ".join("?" * len(ids))
    return connection.execute(
        f"SELECT id, company_id FROM {table} WHERE id IN ({marks}) ORDER BY id", ids
    ).fetchall()


def write_samples(connection: sqlite3.Connection, size: Size) -> dict[str, Any]:
    size.data_dir.mkdir(parents=True, exist_ok=True)
    _ensure_clients(connection, size)
    codec = IdCodec(bench_secret().encode())
    rng = random.Random(11)  # the same picks as samples.py makes on PostgreSQL
    full = connection.execute(
        "SELECT id, company_id FROM debts WHERE followups_count >= 50 ORDER BY id"
    ).fetchall()
    write_lines(
        size.data_dir / "debts_full.txt",
        [f"{c} {codec.encode(IdKind.DEBT, i)}" for i, c in full[:SAMPLE_COUNT]],
    )
    any_ids = rng.sample(range(1, size.debts + 1), min(SAMPLE_COUNT, size.debts))
    write_lines(
        size.data_dir / "debts_any.txt",
        [f"{c} {codec.encode(IdKind.DEBT, i)}" for i, c in _pairs(connection, "debts", any_ids)],
    )
    followup_ids = rng.sample(range(1, size.followups + 1), min(SAMPLE_COUNT, size.followups))
    write_lines(
        size.data_dir / "followups.txt",
        [
            f"{c} {codec.encode(IdKind.FOLLOWUP, i)}"
            for i, c in _pairs(connection, "followups", followup_ids)
        ],
    )
    per_company = connection.execute(
        "SELECT company_id, count(*) FROM followups GROUP BY company_id ORDER BY 2 DESC LIMIT 10"
    ).fetchall()
    companies, debts, followups = connection.execute(
        "SELECT (SELECT count(*) FROM companies), (SELECT count(*) FROM debts),"
        " (SELECT count(*) FROM followups)"
    ).fetchone()
    return {
        "size": size.name,
        "database": size.database,
        "counts": {"companies": companies, "debts": debts, "followups": followups},
        "seed_time": seed_time().isoformat(),
        "full_page_debts": len(full),
        "heavy_debt_followups": size.heavy_size,
        "largest_companies": [{"company_id": c, "total": t} for c, t in per_company],
    }


def undo_bench_writes(connection: sqlite3.Connection, size: Size) -> None:
    """Followups past the seeded ids are deleted and their counters taken back; refresh tokens,
    the writes' revisions and outbox rows go too (updates keep statuses, so they leave the
    counters alone)."""
    if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'followups'").fetchone():
        return  # not migrated yet: nothing to undo
    connection.execute("BEGIN IMMEDIATE")
    deltas: dict[int, list[int]] = {}
    added = connection.execute(
        "SELECT debt_id, status, direction FROM followups WHERE id > ?", (size.followups,)
    )
    for debt_id, status, direction in added:
        delta = for_create(status, direction)
        total = deltas.setdefault(debt_id, [0, 0, 0])
        total[0] += delta.followups
        total[1] += delta.reminders
        total[2] += delta.answered
    connection.executemany(
        "UPDATE debts SET followups_count = followups_count - ?, nb_reminders = nb_reminders - ?,"
        " nb_answered = nb_answered - ? WHERE id = ?",
        [(*total, debt) for debt, total in deltas.items()],
    )
    connection.execute("DELETE FROM followups WHERE id > ?", (size.followups,))
    connection.execute("DELETE FROM refresh_tokens")
    connection.execute("DELETE FROM idempotency_keys")  # the creates' keys
    connection.execute("DELETE FROM idempotency_rows")  # and the rows they kept
    # The writes' history rows: the seed's inserts wrote one revision each, ids 1..followups.
    connection.execute("DELETE FROM followup_revisions WHERE id > ?", (size.followups,))
    connection.execute("DELETE FROM webhook_outbox")  # drained by now, unless a run was cut
    connection.execute("COMMIT")
    # The WAL the run grew goes back into the file: each run starts with an empty log.
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
