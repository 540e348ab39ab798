"""``relance import`` and ``relance export`` (SPEC 10 and 14): the bulk package behind the CLI.

Whatever a user can hand these commands (a file, a company id, a database URL, Ctrl-C) ends in
one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from collections.abc import Coroutine
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
import typer
from rich.console import Console

from relance.config import Settings

console = Console(stderr=True)
INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class BulkKind(StrEnum):
    followups = "followups"
    debts = "debts"


class FileFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


def _environment_errors() -> tuple[type[BaseException], ...]:
    """A database that cannot be reached or refuses, a file that cannot be read or written."""
    import asyncpg

    return (
        OSError,
        sqlite3.Error,
        asyncpg.PostgresError,
        asyncpg.InterfaceError,
        sa.exc.SQLAlchemyError,
    )


def _fail(message: str, as_json: bool, code: int = 1) -> typer.Exit:
    if as_json:
        sys.stdout.write(orjson.dumps({"error": message}).decode() + "\n")
    else:
        console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _run(settings: Settings, work: Coroutine[Any, Any, None], as_json: bool) -> None:
    """Migrates to head (the ledger's table), runs ``work``; every refusal is one line."""
    from relance.bulk.records import CommandRefused
    from relance.db import migrate

    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(settings.effective_database_url)
        asyncio.run(work)
    except CommandRefused as error:
        raise _fail(str(error), as_json) from None
    except BrokenPipeError:
        raise
    except _environment_errors() as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise _fail(f"{type(error).__name__}: {first_line}", as_json) from None
    finally:
        work.close()  # never started when the migration failed: no "never awaited" warning


def run_import(
    settings: Settings,
    kind: BulkKind,
    file: Path,
    company: str,
    batch: int,
    given_format: FileFormat | None,
    as_json: bool,
) -> None:
    from relance.bulk.importer import ImportSummary, import_file
    from relance.bulk.kinds import KINDS
    from relance.bulk.progress import RowProgress

    summary = ImportSummary(str(file))
    work = import_file(
        settings,
        KINDS[kind.value],
        file,
        company,
        summary,
        RowProgress(console),
        batch,
        None if given_format is None else given_format.value,
    )
    try:
        _run(settings, work, as_json)
    except KeyboardInterrupt:
        result = summary.as_dict() | {"interrupted": True}
        line = summary.last_line
        _report(result, as_json)
        console.print(
            f"interrupted: every row up to line {line} is imported or refused, nothing after "
            "it; run the same command again to import the rest",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(INTERRUPTED) from None
    _report(summary.as_dict(), as_json)


def run_export(
    settings: Settings,
    kind: BulkKind,
    company: str,
    since: str | None,
    file_format: FileFormat,
    output: Path | None,
    as_json: bool,
) -> None:
    from relance.bulk.exporter import ExportSummary, export_objects
    from relance.bulk.kinds import KINDS
    from relance.bulk.progress import RowProgress

    if as_json and output is None:
        raise _fail("--json needs --output FILE: without it the rows go to stdout", as_json)
    summary = ExportSummary(None if output is None else str(output))
    progress = RowProgress(console)
    work = export_objects(
        settings, KINDS[kind.value], company, summary, progress, since, file_format.value, output
    )
    try:
        _run(settings, work, as_json)
    except KeyboardInterrupt:
        kept = "" if output is None else f" ({output.name}.partial holds the rows so far)"
        console.print(
            f"interrupted: the export is incomplete{kept}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(INTERRUPTED) from None
    except BrokenPipeError:
        # The reader of stdout went away (| head): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    if output is not None:
        _report(summary.as_dict(), as_json)


def _report(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
    else:
        for key, value in result.items():
            typer.echo(f"{key}: {value}")
