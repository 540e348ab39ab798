"""What ``serve`` and ``db upgrade`` check before they start: a database that answers (one clear
line and exit code 2 otherwise, SPEC 10), and the base URL of the links a node hands out."""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.markup import escape

from relance.config import Settings
from relance.db import migrate
from relance.http.coalescing import CoalescingHttpToolsProtocol

EXIT_UNREACHABLE = 2
# How `relance serve` runs uvicorn (the bench starts relance on PostgreSQL with them too).
SERVER_OPTIONS: dict[str, Any] = {
    "loop": "uvloop",
    "http": CoalescingHttpToolsProtocol,  # httptools, one write per response
    "access_log": False,  # relance writes its own access line (observe/access.py)
    "server_header": False,  # no banner naming the server software (issue 13)
}
_WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


def migrate_or_exit(settings: Settings, console: Console, revision: str = "head") -> None:
    url = settings.effective_database_url
    try:
        migrate.upgrade(url, revision)
    except (sa.exc.OperationalError, OSError) as error:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
        console.print(
            f"[red]database unreachable:[/red] {escape(shown)}: {escape(_reason(error))}. "
            "Create the database or set RELANCE_DATABASE_URL to one that exists and answers.",
            soft_wrap=True,  # one line, whatever the terminal's width
        )
        raise typer.Exit(EXIT_UNREACHABLE) from None


def _reason(error: sa.exc.OperationalError | OSError) -> str:
    """The driver's own words, one line: 'database "x" does not exist', 'Connection refused'."""
    if isinstance(error, OSError):  # SQLite's folder cannot be made
        return f"{error.strerror}: {error.filename}"
    lines = [line.strip() for line in str(error.orig).splitlines() if line.strip()]
    if not lines:
        return type(error.orig).__name__
    reason = lines[0].rsplit(" failed: ", 1)[-1]
    return reason.removeprefix("FATAL:").strip()


def default_public_url(settings: Settings, host: str, port: int) -> None:
    """SPEC 10: links point at the address served unless RELANCE_PUBLIC_URL says otherwise.
    Set in the environment, so every worker process uvicorn starts reads the same value."""
    if "public_url" in settings.model_fields_set:
        return
    shown = "127.0.0.1" if host in _WILDCARD_HOSTS else host
    if ":" in shown:  # an IPv6 literal
        shown = f"[{shown}]"
    os.environ["RELANCE_PUBLIC_URL"] = f"http://{shown}:{port}"


def metrics_across_workers(workers: int) -> None:
    """Several worker processes: prometheus-client's multiprocess mode, so a scrape sums every
    worker's counters and histograms (observe/metrics.py). Its files live in a fresh folder
    per start: counts from a previous run must not be added in."""
    if workers <= 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    import tempfile

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="relance-metrics-")
