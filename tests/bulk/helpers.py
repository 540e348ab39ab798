"""Helpers of the bulk tests: files of followups, the import and export run in-process, and what
the database holds afterwards (ledger lines, followups, debt counters)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from rich.console import Console

from relance.bulk.exporter import ExportSummary, export_objects
from relance.bulk.importer import ImportSummary, import_file
from relance.bulk.kinds import KINDS
from relance.bulk.progress import RowProgress
from relance.bulk.tables import import_ledger
from relance.config import Settings
from relance.debts.tables import debts
from relance.followups.tables import followups
from relance.state import AppState

FOLLOWUP_HEADER = "debt_id,type,status,summary,duration_ms,direction,is_retry,call_date\n"


def quiet() -> RowProgress:
    return RowProgress(Console(file=io.StringIO()), enabled=False)


def followup_lines(debt_ids: list[str], count: int, start: int = 0) -> str:
    """``count`` valid CSV rows spread over ``debt_ids``, statuses that move every counter."""
    statuses = ["sent", "deal_found", "scheduled", "bad_behavior"]
    return "".join(
        f"{debt_ids[n % len(debt_ids)]},call,{statuses[n % 4]},Row {n},{n * 10},outbound,false,"
        f"2024-03-{1 + n % 28:02d}T10:00:00Z\n"
        for n in range(start, start + count)
    )


def write_followups(path: Path, debt_ids: list[str], count: int) -> Path:
    path.write_text(FOLLOWUP_HEADER + followup_lines(debt_ids, count))
    return path


async def run_import(
    settings: Settings, kind: str, path: Path, company: str, batch: int = 1000
) -> dict[str, Any]:
    summary = ImportSummary(str(path))
    await import_file(settings, KINDS[kind], path, company, summary, quiet(), batch)
    return summary.as_dict()


async def run_export(
    settings: Settings, kind: str, company: str, path: Path, file_format: str = "jsonl", **kw: Any
) -> list[dict[str, Any]]:
    """Exports to ``path``; returns the objects read back (JSONL) or [] (CSV)."""
    summary = ExportSummary(str(path))
    await export_objects(
        settings, KINDS[kind], company, summary, quiet(), file_format=file_format, output=path, **kw
    )
    if file_format != "jsonl":
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


_LEDGER = (
    sa.select(sa.func.count())
    .select_from(import_ledger)
    .where(import_ledger.c.company_id == sa.bindparam("company"))
)
_FOLLOWUPS = (
    sa.select(sa.func.count())
    .select_from(followups)
    .where(followups.c.company_id == sa.bindparam("company"))
)
_COUNTED = sa.select(sa.func.coalesce(sa.func.sum(debts.c.followups_count), 0)).where(
    debts.c.company_id == sa.bindparam("company")
)


async def stored_counts(state: AppState, company_id: int) -> tuple[int, int, int]:
    """(ledger lines, followups, sum of the debts' followups_count) of the company."""
    params = {"company": company_id}
    async with state.database.read() as tx:
        ledger = int(await tx.fetch_val(_LEDGER, params))
        rows = int(await tx.fetch_val(_FOLLOWUPS, params))
        counted = int(await tx.fetch_val(_COUNTED, params))
    return ledger, rows, counted
