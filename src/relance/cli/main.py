"""The operator CLI: serve, db, company, client, operator, import, export (SPEC 10); ``--json``
prints one JSON object."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console

from relance.cli.bulk import BulkKind, FileFormat
from relance.cli.operators import OperatorError
from relance.config import ConfigurationError, Settings
from relance.media.stores import open_store

app = typer.Typer(help="relance: debt-collection followups service", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations", no_args_is_help=True)
company_app = typer.Typer(help="Companies (tenants)", no_args_is_help=True)
client_app = typer.Typer(help="OAuth API clients", no_args_is_help=True)
operator_app = typer.Typer(help="Dashboard logins (SPEC 15)", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(company_app, name="company")
app.add_typer(client_app, name="client")
app.add_typer(operator_app, name="operator")

# Commands import their modules lazily (alembic costs ~0.3 s): operator commands start fast.
console = Console(stderr=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print exactly one JSON object")]


def _settings() -> Settings:
    settings = Settings()
    try:
        _ = settings.secret  # fail early and clearly when production lacks its key
        open_store(settings.media_store, settings.media_dir)
    except (ConfigurationError, ValueError) as error:
        console.print(f"[red]configuration error:[/red] {error}")
        raise typer.Exit(2) from None
    return settings


def _emit(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
        return
    for key, value in result.items():
        if isinstance(value, list):  # a listing: one line per item
            for item in value:
                typer.echo("  ".join(f"{name}={shown}" for name, shown in item.items()))
        else:
            typer.echo(f"{key}: {value}")


def _run(coroutine: Coroutine[Any, Any, dict[str, Any]], as_json: bool) -> None:
    try:
        result = asyncio.run(coroutine)
    except OperatorError as error:
        if as_json:
            sys.stdout.write(orjson.dumps({"error": str(error)}).decode() + "\n")
        else:
            console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    _emit(result, as_json)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Migrate the database to head, then serve the API."""
    import logging.config

    import uvicorn

    from relance.cli.startup import (
        SERVER_OPTIONS,
        default_public_url,
        metrics_across_workers,
        migrate_or_exit,
    )
    from relance.observe.logs import logging_config

    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate_or_exit(settings, console)
    default_public_url(settings, host, port)
    metrics_across_workers(workers)
    logging.config.dictConfig(logging_config())
    backend = settings.effective_database_url.split(":")[0]
    logging.getLogger("relance").info("relance serving on http://%s:%s (%s)", host, port, backend)
    uvicorn.run(
        "relance.asgi:app",
        host=host,
        port=port,
        workers=workers,
        log_config=logging_config(),
        **SERVER_OPTIONS,
    )


@db_app.command("upgrade")
def db_upgrade(revision: str = "head", as_json: JsonFlag = False) -> None:
    """Upgrade the database schema (default: to head)."""
    from relance.cli.startup import migrate_or_exit
    from relance.db import migrate

    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate_or_exit(settings, console, revision)
    _emit({"upgraded_to": revision, "head": migrate.head_revision()}, as_json)


@db_app.command("downgrade")
def db_downgrade(revision: str, as_json: JsonFlag = False) -> None:
    """Downgrade the database schema to REVISION ("base" removes everything)."""
    from relance.db import migrate

    settings = _settings()
    migrate.downgrade(settings.effective_database_url, revision)
    _emit({"downgraded_to": revision}, as_json)


@company_app.command("create")
def company_create(name: str, as_json: JsonFlag = False) -> None:
    """Create a company; prints its id and name."""
    from relance.cli.operators import create_company

    _run(create_company(_settings(), name), as_json)


@company_app.command("list")
def company_list(as_json: JsonFlag = False) -> None:
    """List the companies: id, name, creation time."""
    from relance.cli.operators import list_companies

    _run(list_companies(_settings()), as_json)


@client_app.command("list")
def client_list(
    company: Annotated[str | None, typer.Option(help="Only this company's clients")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the API clients (never a secret): id, company, name, scopes, limits, revoked."""
    from relance.cli.operators import list_clients

    _run(list_clients(_settings(), company), as_json)


@client_app.command("create")
def client_create(
    company: Annotated[str, typer.Option(help="Company id")],
    name: Annotated[str, typer.Option(help="A label for the client")],
    scopes: Annotated[str | None, typer.Option(help="Space-separated, default all")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create an API client; prints its id and secret (the secret is shown only here)."""
    from relance.cli.operators import create_client

    _run(create_client(_settings(), company, name, scopes), as_json)


@client_app.command("revoke")
def client_revoke(client_id: str, as_json: JsonFlag = False) -> None:
    """Revoke a client: its secret and all its tokens stop working."""
    from relance.cli.operators import revoke_client

    _run(revoke_client(_settings(), client_id), as_json)


@client_app.command("limits")
def client_limits(
    client_id: str,
    reads: Annotated[int, typer.Option(help="Reads (GET, HEAD) per window")],
    writes: Annotated[int, typer.Option(help="Writes (every other method) per window")],
    window: Annotated[int | None, typer.Option(help="Window in seconds (default 3600)")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Set a client's rate limits (SPEC 7); nodes apply them within 5 seconds."""
    from relance.cli.operators import set_client_limits

    _run(set_client_limits(_settings(), client_id, reads, writes, window), as_json)


@operator_app.command("create")
def operator_create(
    email: str,
    company: Annotated[str, typer.Option(help="Company id")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Create a dashboard login for one company; the password is never printed."""
    from relance.cli.operators import create_operator

    if password_stdin:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    else:  # on stderr, so --json keeps stdout to its one object
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    _run(create_operator(_settings(), email, company, password), as_json)


@app.command()
def worker() -> None:
    """Deliver webhooks (SPEC 8) until SIGTERM; several workers may share one PostgreSQL."""
    import logging

    from relance.webhooks.worker import run_worker

    settings = _settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    console.print(f"relance worker on {settings.effective_database_url.split(':')[0]}")
    asyncio.run(run_worker(settings))


@app.command()
def demo(as_json: JsonFlag = False) -> None:
    """Create a demo company, client, debts and followups; print the credentials."""
    from relance.cli.demo import create_demo
    from relance.db import migrate

    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    _run(create_demo(settings), as_json)


@app.command("import")
def import_rows(
    kind: Annotated[BulkKind, typer.Argument(help="What the file holds")],
    file: Annotated[Path, typer.Argument(help="CSV (header row = API field names) or JSONL")],
    company: Annotated[str, typer.Option(help="Company id")],
    batch: Annotated[int, typer.Option(help="Rows per transaction")] = 1000,
    file_format: Annotated[
        FileFormat | None, typer.Option("--format", help="Default: from the file's extension")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import followups or debts with the API's rules; rejected rows go to FILE.errors.csv.
    Resumable and idempotent: run it again after Ctrl-C or a crash, nothing is created twice."""
    from relance.cli.bulk import run_import

    run_import(_settings(), kind, file, company, batch, file_format, as_json)


@app.command("export")
def export_rows(
    kind: Annotated[BulkKind, typer.Argument(help="What to export")],
    company: Annotated[str, typer.Option(help="Company id")],
    since: Annotated[str | None, typer.Option(help="Only objects changed since (ISO 8601)")] = None,
    file_format: Annotated[FileFormat, typer.Option("--format")] = FileFormat.csv,
    output: Annotated[Path | None, typer.Option(help="Default: standard output")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Stream followups or debts as the API shows them, in CSV or JSONL."""
    from relance.cli.bulk import run_export

    run_export(_settings(), kind, company, since, file_format, output, as_json)


def main() -> None:
    app()
