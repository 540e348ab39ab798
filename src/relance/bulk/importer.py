"""``relance import``: a CSV or JSONL file → objects created through the services, one
transaction per batch, each row that the API's rules refuse listed in FILE.errors.csv.

Resumable and idempotent through the ledger (``ledger.py``): each batch records the lines it
created in its own transaction, and every run skips the lines already recorded for this company
and this file's content. A run stopped at any instant (Ctrl-C, kill -9, a lost connection) has
committed whole batches only; the same command then imports the rest.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from relance.bulk.csv_records import CsvRecords
from relance.bulk.errors_file import ErrorsFile
from relance.bulk.jsonl_records import JsonlRecords
from relance.bulk.kinds import Kind, Tenant
from relance.bulk.ledger import ImportLedger
from relance.bulk.lines import read_lines, survey
from relance.bulk.progress import RowProgress
from relance.bulk.records import CommandRefused, Record, Refusal
from relance.bulk.tenant import find_tenant
from relance.config import Settings
from relance.db.connect import create_database
from relance.db.transaction import write_transaction
from relance.db.tx import Database
from relance.kit.actors import SYSTEM, act_as
from relance.kit.timestamps import utcnow

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
DEFAULT_BATCH = 1000


@dataclass
class ImportSummary:
    """What a run did so far; the CLI prints it at the end, or after an interruption."""

    file: str
    created: int = 0
    skipped: int = 0  # imported by an earlier run of the same file
    rejected: int = 0
    errors_file: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    last_line: int = 0  # every line up to this one is committed or refused
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        rows = self.created + self.skipped + self.rejected
        per_second = round(rows / self.seconds) if self.seconds else 0
        return {
            "file": self.file,
            "created": self.created,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "errors_file": self.errors_file,
            "ignored_columns": self.ignored_columns,
            "rows": rows,
            "seconds": round(self.seconds, 2),
            "rows_per_second": per_second,
        }


@dataclass(frozen=True, slots=True)
class BatchResult:
    created: int
    skipped: int
    refused: list[tuple[Record, Refusal]]


def file_format(path: Path, given: str | None) -> str:
    if given is not None:
        return given
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise CommandRefused(f"cannot tell the format of {path.name}: use --format csv|jsonl")
    return found


def open_records(path: Path, file_format: str, kind: Kind) -> CsvRecords | JsonlRecords:
    """The records of the file; a CSV header is read (and checked) here, before any write."""
    if file_format == "csv":
        return CsvRecords(read_lines(path), kind.columns)
    return JsonlRecords(read_lines(path), kind.columns, kind.loads)


def batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


async def import_file(
    settings: Settings,
    kind: Kind,
    path: Path,
    company: str,
    summary: ImportSummary,
    progress: RowProgress,
    batch_size: int = DEFAULT_BATCH,
    given_format: str | None = None,
) -> None:
    """Imports ``path``; ``summary`` is kept up to date batch by batch. The rows' history
    names the import (an operator's command on the server) as a system actor."""
    act_as(SYSTEM, "import")
    if not 1 <= batch_size <= kind.max_batch:
        raise CommandRefused(f"--batch must be 1 to {kind.max_batch} for {kind.name}")
    if not path.is_file():
        raise CommandRefused(f"no such file: {path}")
    records = open_records(path, file_format(path, given_format), kind)
    content = survey(path)
    started = time.monotonic()
    database = create_database(settings.effective_database_url, pool_size=1)
    await database.connect()
    try:
        tenant = await find_tenant(database, settings, company)
        with (
            ErrorsFile(path) as errors,
            progress.running(f"{kind.name} {path.name}", content.lines),
        ):
            for batch in batches(records, batch_size):
                # Ctrl-C cancels the run at an await, maybe while COMMIT is on its way: the batch
                # is awaited to its end (committed or rolled back, whole) and counted, then the
                # interruption goes on, so the summary always matches the ledger.
                writing = asyncio.ensure_future(
                    _write_batch(database, kind, tenant, content.sha256, batch)
                )
                try:
                    result = await asyncio.shield(writing)
                except asyncio.CancelledError:
                    _count(summary, await writing, batch, errors, records.ignored)
                    raise
                _count(summary, result, batch, errors, records.ignored)
                summary.seconds = time.monotonic() - started
                progress.done(summary.last_line)
            progress.done(content.lines)
    finally:
        summary.seconds = time.monotonic() - started
        await database.close()


def _count(
    summary: ImportSummary,
    result: BatchResult,
    batch: list[Record],
    errors: ErrorsFile,
    ignored: list[str],
) -> None:
    for record, refusal in result.refused:
        errors.write(record, refusal)
    errors.flush()
    summary.created += result.created
    summary.skipped += result.skipped
    summary.rejected += len(result.refused)
    summary.errors_file = str(errors.path) if errors.count else None
    summary.ignored_columns = ignored
    summary.last_line = batch[-1].last_line


async def _write_batch(
    database: Database, kind: Kind, tenant: Tenant, file_sha256: str, batch: list[Record]
) -> BatchResult:
    """One transaction: the batch's new objects and their ledger lines, or nothing."""
    async with write_transaction(database) as tx:
        ledger = ImportLedger(tx, tenant.company_id, file_sha256)
        await ledger.take_turn()
        done = await ledger.done(batch[0].line, batch[-1].line)
        pending = [r for r in batch if r.line not in done and r.refusal is None]
        payloads = [record.payload or {} for record in pending]
        outcomes = await kind.create(tx, tenant, payloads) if pending else []
        created = [r.line for r, outcome in zip(pending, outcomes, strict=True) if outcome is None]
        await ledger.record(created, utcnow())
    refused = [(r, r.refusal) for r in batch if r.refusal is not None and r.line not in done]
    refused += [(r, o) for r, o in zip(pending, outcomes, strict=True) if o is not None]
    refused.sort(key=lambda pair: pair[0].line)
    return BatchResult(len(created), len(done), refused)
