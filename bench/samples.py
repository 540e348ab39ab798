"""The files the load scripts read: API clients, and debt / followup public ids per company.

Every line starts with the company number (1..100), so a script can pick the bearer token of
the company that owns the object. Ids are encoded with relance's IdCodec and the bench secret.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from bench.config import Size, bench_secret
from bench.relance_api import ALL_SCOPES, IdCodec, IdKind, hash_secret, new_client_id, new_secret
from bench.seed_rows import seed_time

SAMPLE_COUNT = 5_000
CURSOR_DEPTH = 10_000


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines))


async def _ensure_clients(connection: Any, size: Size) -> None:
    """One client per company; recreated when the credentials file no longer matches the DB."""
    path = size.data_dir / "clients.txt"
    if path.exists():
        known = {line.split()[1] for line in path.read_text().splitlines() if line}
        stored = {row[0] for row in await connection.fetch("SELECT client_id FROM api_clients")}
        if known == stored and len(known) == size.companies:
            return
    await connection.execute("DELETE FROM api_clients")
    now = seed_time()
    lines, records = [], []
    for company in range(1, size.companies + 1):
        client_id, secret = new_client_id(), new_secret()
        lines.append(f"{company} {client_id} {secret}")
        records.append(
            (company, client_id, hash_secret(secret), f"bench {company}", " ".join(ALL_SCOPES), now)
        )
    await connection.copy_records_to_table(
        "api_clients",
        records=records,
        columns=("company_id", "client_id", "secret_hash", "name", "scopes", "created_at"),
    )
    write_lines(path, lines)


async def write_samples(connection: Any, size: Size) -> dict[str, Any]:
    size.data_dir.mkdir(parents=True, exist_ok=True)
    await _ensure_clients(connection, size)
    codec = IdCodec(bench_secret().encode())
    rng = random.Random(11)

    def debt_line(row: Any) -> str:
        return f"{row['company_id']} {codec.encode(IdKind.DEBT, row['id'])}"

    full = await connection.fetch(
        "SELECT id, company_id FROM debts WHERE followups_count >= 50 ORDER BY id"
    )
    write_lines(size.data_dir / "debts_full.txt", [debt_line(row) for row in full[:SAMPLE_COUNT]])
    any_ids = rng.sample(range(1, size.debts + 1), min(SAMPLE_COUNT, size.debts))
    rows = await connection.fetch("SELECT id, company_id FROM debts WHERE id = ANY($1)", any_ids)
    write_lines(size.data_dir / "debts_any.txt", [debt_line(row) for row in rows])
    followup_ids = rng.sample(range(1, size.followups + 1), min(SAMPLE_COUNT, size.followups))
    rows = await connection.fetch(
        "SELECT id, company_id FROM followups WHERE id = ANY($1)", followup_ids
    )
    write_lines(
        size.data_dir / "followups.txt",
        [f"{row['company_id']} {codec.encode(IdKind.FOLLOWUP, row['id'])}" for row in rows],
    )
    per_company = await connection.fetch(
        "SELECT company_id, count(*) AS total FROM followups GROUP BY company_id ORDER BY 2 DESC"
    )
    counts = await connection.fetchrow(
        "SELECT (SELECT count(*) FROM companies) AS companies,"
        " (SELECT count(*) FROM debts) AS debts, (SELECT count(*) FROM followups) AS followups"
    )
    return {
        "size": size.name,
        "database": size.database,
        "counts": dict(counts),
        "seed_time": seed_time().isoformat(),
        "full_page_debts": len(full),
        "heavy_debt_followups": size.heavy_size,
        "largest_companies": [dict(row) for row in per_company[:10]],
    }
