"""``relance export``: the company's objects as the API shows them (encrypted ids, wire formats),
streamed page by page through the services' keyset reads: memory stays flat at any size.

To a file, the rows go to ``FILE.partial`` first and take the file's name once complete, so a
stopped export never leaves a file that looks whole.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import orjson

from relance.bulk.kinds import Kind
from relance.bulk.progress import RowProgress
from relance.bulk.records import CommandRefused
from relance.bulk.tenant import find_tenant
from relance.config import Settings
from relance.db.connect import create_database
from relance.db.tx import StatementTx
from relance.http.responses import dumps
from relance.kit.timestamps import parse_timestamp_seconds


@dataclass
class ExportSummary:
    output: str | None
    exported: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"output": self.output, "exported": self.exported, "seconds": round(self.seconds, 2)}


def parse_since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_timestamp_seconds(text)
    except ValueError as error:
        raise CommandRefused(f"--since {text!r}: {error}") from None


class RowWriter:
    """Objects → CSV rows (the object's keys as header, values as the API's JSON spells them,
    null as an empty cell) or JSONL lines (the API's JSON, one object per line)."""

    def __init__(self, out: TextIO, kind: Kind, file_format: str) -> None:
        self._out = out
        self._columns = kind.columns.object_fields
        self._csv = csv.writer(out) if file_format == "csv" else None
        if self._csv is not None:
            self._csv.writerow(self._columns)

    def write(self, objects: list[dict[str, Any]]) -> None:
        if self._csv is None:
            self._out.writelines(dumps(obj).decode() + "\n" for obj in objects)
            return
        for obj in objects:
            self._csv.writerow([_cell(obj.get(name)) for name in self._columns])


def _cell(value: Any) -> str:
    """The value as the API's JSON spells it (amounts keep their two decimals), unquoted."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    spelled = dumps(value)
    text: str = orjson.loads(spelled) if spelled.startswith(b'"') else spelled.decode()
    return text


@contextmanager
def _destination(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    partial = output.with_name(output.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as file:
        yield file
        file.flush()
        os.fsync(file.fileno())
    partial.replace(output)


async def export_objects(
    settings: Settings,
    kind: Kind,
    company: str,
    summary: ExportSummary,
    progress: RowProgress,
    since_text: str | None = None,
    file_format: str = "csv",
    output: Path | None = None,
) -> None:
    since = parse_since(since_text)
    started = time.monotonic()
    database = create_database(settings.effective_database_url, pool_size=1)
    await database.connect()
    try:
        tenant = await find_tenant(database, settings, company)
        reads = StatementTx(database)
        with _destination(output) as out, progress.running(f"{kind.name} export", None):
            writer = RowWriter(out, kind, file_format)
            async for page in kind.pages(reads, tenant, since):
                if page.total is not None:
                    progress.total(page.total)
                writer.write(page.objects)
                summary.exported += len(page.objects)
                progress.done(summary.exported)
    finally:
        summary.seconds = time.monotonic() - started
        await database.close()
