"""One timed run: a fresh server alone, a probe on its first run, a warm-up, then wrk.

Shared by the PostgreSQL and the SQLite tables; the data written during a run is undone after
it (PostgreSQL: seed.reset_after_run; SQLite: sqlite_samples.undo_bench_writes).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bench import cursors
from bench.config import Size
from bench.load import Measurement, Scenario, pin_database_backends, run_wrk
from bench.seed import reset_after_run
from bench.servers import Server, start
from bench.sqlite_samples import undo_bench_writes
from bench.sqlite_seed import connect


def _undo(size: Size) -> None:
    if size.is_sqlite:
        connection = connect(size)
        try:
            undo_bench_writes(connection, size)
        finally:
            connection.close()
    else:
        asyncio.run(reset_after_run(size))


@contextmanager
def session(
    name: str, size: Size, workers: int = 1, wrapper: Sequence[str] = ()
) -> Iterator[Server]:
    """One server alone (under ``wrapper``, if any: bench.instructions); the data written during
    the session is undone after it."""
    server = start(name, size, workers, wrapper=wrapper, ready_within=300 if wrapper else 60)
    try:
        yield server
    finally:
        server.stop()
        _undo(size)


def probe(server: Server, scenario: Scenario, size: Size, meta: dict[str, Any]) -> str | None:
    """Why the scenario cannot run on this server (e.g. a route that does not exist), or None."""
    if scenario.name == "cursor":
        try:
            depth = cursors.write_cursors(server.url, size, meta)
        except (OSError, RuntimeError, KeyError, ValueError) as error:
            return f"cannot walk the global list: {error}"
        print(f"  cursors walked to {depth:,} rows deep")
    answer = run_wrk(server, scenario, size, seconds=1, connections=1)
    if answer.requests == 0 or answer.non2xx or answer.errors:
        return (answer.sample or f"{answer.errors} errors, {answer.requests} requests")[:160]
    return None


def print_run(scenario: str, server: str, run: Measurement) -> None:
    print(
        f"  {scenario:<12} {server:<10} {run.rps:>7,.0f} req/s  p50 {run.p50_ms:>6.1f} ms"
        f"  p99 {run.p99_ms:>7.1f} ms  {run.cpu_us_per_request:>6,.0f} µs CPU/req"
        f"  core {run.core_busy:>4.0%}  non-2xx {run.non2xx}  errors {run.errors}"
    )


def run_once(
    name: str,
    scenario: Scenario,
    size: Size,
    meta: dict[str, Any],
    args: argparse.Namespace,
    first: bool,
    workers: int = 1,
    connections: int | None = None,
    label: str | None = None,
) -> Measurement | str:
    """One timed run on a fresh server after its warm-up, or why the scenario cannot run there
    (asked on a server's first run only: ``first``)."""
    label = label or name
    connections = connections or args.connections
    with session(name, size, workers) as server:
        reason = probe(server, scenario, size, meta) if first else None
        if reason:
            print(f"  {scenario.name:<12} {label:<10} skipped: {reason}")
            return reason
        run_wrk(server, scenario, size, args.warmup, connections)
        if not size.is_sqlite:
            asyncio.run(pin_database_backends(size))
        run = run_wrk(server, scenario, size, args.seconds, connections)
        print_run(scenario.name, label, run)
        return run
