"""`make bench`: seeds if needed, then measures relance against the raw baseline in one run.

    python -m bench.run [--size 1m] [--seconds 10] [--runs 3] [--with-10m] [--no-scaling]

Each server runs alone (1 uvicorn worker on core 0); wrk and PostgreSQL's backends share core 1.
Every scenario gets a probe (1 connection, 1 s: it is skipped when it does not answer 2xx, e.g.
a route that does not exist yet), then N timed runs at 64 connections, each on a fresh server
after a warm-up, alternating relance and the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench import cursors, report
from bench.config import DEFAULT_SIZE, RESULTS_DIR, SIZES, Size
from bench.load import Measurement, Scenario, pin_database_backends, run_wrk
from bench.scaling import check_scaling
from bench.seed import reset_after_run, seed
from bench.servers import Server, start
from bench.tokens import write_tokens

PORTS = {"relance": 8781, "baseline": 8782}


def scenarios(meta: dict[str, Any]) -> list[Scenario]:
    """Reads first, writes last: creates would otherwise change what the lists return."""
    last_day = date.fromisoformat(meta["seed_time"][:10])
    query = (
        f"status=sent,delivered&date_from={last_day - timedelta(days=90)}"
        f"&date_to={last_day}&limit=50"
    )
    return [
        Scenario("list_debt", "list_debt.lua", "list by debt, 50/page", baseline=True),
        Scenario(
            "global_list",
            "global_list.lua",
            "global list, status + dates",
            False,
            {"BENCH_QUERY": query},
        ),
        Scenario("cursor", "cursor.lua", "cursor page 10,000 rows deep", baseline=False),
        Scenario("update", "update.lua", "partial update", baseline=True),
        Scenario("create", "create.lua", "create", baseline=True),
        Scenario("token", "token.lua", "token issue (client_credentials)", baseline=True),
    ]


@contextmanager
def session(name: str, size: Size) -> Iterator[Server]:
    """One server alone on core 0; the data written during the session is undone after it."""
    server = start(name, size, PORTS[name])
    try:
        yield server
    finally:
        server.stop()
        asyncio.run(reset_after_run(size))


def _probe(server: Server, scenario: Scenario, size: Size, meta: dict[str, Any]) -> str | None:
    """Why the scenario cannot run on this server (e.g. a route that does not exist), or None."""
    if scenario.name == "cursor":
        try:
            depth = cursors.write_cursors(server.url, size, meta)
        except (OSError, RuntimeError, KeyError, ValueError) as error:
            return f"cannot walk the global list: {error}"
        print(f"  cursors walked to {depth:,} rows deep")
    probe = run_wrk(server, scenario, size, seconds=1, connections=1)
    if probe.requests == 0 or probe.non2xx or probe.errors:
        return (probe.sample or f"{probe.errors} errors, {probe.requests} requests")[:160]
    return None


def _print_run(scenario: str, server: str, run: Measurement) -> None:
    print(
        f"  {scenario:<12} {server:<9} {run.rps:>7,.0f} req/s  p50 {run.p50_ms:>6.1f} ms"
        f"  p99 {run.p99_ms:>7.1f} ms  {run.cpu_us_per_request:>6,.0f} µs CPU/req"
        f"  core {run.core_busy:>4.0%}  non-2xx {run.non2xx}  errors {run.errors}"
    )


def run_once(
    name: str,
    scenario: Scenario,
    size: Size,
    meta: dict[str, Any],
    args: argparse.Namespace,
    probe: bool,
) -> Measurement | str:
    """One timed run on a fresh server after its warm-up, or why the scenario cannot run there
    (asked on a server's first run only: ``probe``)."""
    with session(name, size) as server:
        reason = _probe(server, scenario, size, meta) if probe else None
        if reason:
            print(f"  {scenario.name:<12} {name:<9} skipped: {reason}")
            return reason
        run_wrk(server, scenario, size, args.warmup, args.connections)
        asyncio.run(pin_database_backends(size))
        run = run_wrk(server, scenario, size, args.seconds, args.connections)
        _print_run(scenario.name, name, run)
        return run


def measure(
    scenario: Scenario,
    size: Size,
    meta: dict[str, Any],
    servers: tuple[str, ...],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Runs alternate between the servers (R B, B R, ...) so drift on a shared machine hits
    both alike; each run gets a fresh server, a warm-up, and then the timed wrk run."""
    runs: dict[str, list[Measurement]] = {name: [] for name in servers}
    skipped: dict[str, str] = {}
    for index in range(args.runs):
        for name in servers if index % 2 == 0 else servers[::-1]:
            if name in skipped:
                continue
            outcome = run_once(name, scenario, size, meta, args, probe=index == 0)
            if isinstance(outcome, str):
                skipped[name] = outcome
            else:
                runs[name].append(outcome)
    if "relance" in skipped:
        return {"skipped": skipped["relance"]}
    return {
        name: {"skipped": skipped[name]} if name in skipped else report.summarize(runs[name])
        for name in servers
    }


def run_all(
    size: Size,
    meta: dict[str, Any],
    chosen: list[Scenario],
    args: argparse.Namespace,
    servers: tuple[str, ...],
) -> dict[str, dict[str, Any]]:
    print(f"{size.database}: {', '.join(servers)} (1 worker each, core 0; wrk + PostgreSQL core 1)")
    return {
        scenario.name: measure(
            scenario,
            size,
            meta,
            servers if scenario.baseline else ("relance",),
            args,
        )
        for scenario in chosen
    }


def prepare(size: Size) -> dict[str, Any]:
    meta = asyncio.run(seed(size))  # also undoes an interrupted run's writes
    write_tokens(size)
    return meta


def conditions(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "size": args.size,
        "seconds": args.seconds,
        "runs": args.runs,
        "warmup": args.warmup,
        "connections": args.connections,
    }


def write_results(results: dict[str, Any]) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = report.markdown(results)
    for name in (f"run-{stamp}", "latest"):
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(results, indent=2))
        (RESULTS_DIR / f"{name}.md").write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default=DEFAULT_SIZE)
    parser.add_argument("--seconds", type=int, default=10, help="length of one timed run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per scenario")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--scenarios", help="comma-separated subset (default: all)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling check")
    parser.add_argument("--with-10m", action="store_true", help="scaling check at 10M too")
    args = parser.parse_args()
    began = time.monotonic()
    size = SIZES[args.size]
    results: dict[str, Any] = {"conditions": conditions(args)}
    meta = prepare(size)
    results["data_set"] = meta
    chosen = scenarios(meta)
    if args.scenarios:
        chosen = [s for s in chosen if s.name in args.scenarios.split(",")]
    results["scenarios"] = run_all(size, meta, chosen, args, tuple(PORTS))
    if not args.no_scaling:
        sizes = ["10k", "1m"] + (["10m"] if args.with_10m else [])
        results["scaling"] = check_scaling(sizes, args, prepare, scenarios, run_once)
    results["targets"] = report.check_targets(results["scenarios"])
    results["conditions"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["conditions"]["total_seconds"] = round(time.monotonic() - began)
    print()
    print(write_results(results))
    total = results["conditions"]["total_seconds"]
    print(f"results: {RESULTS_DIR}/latest.md (and .json); whole run {total} s")


if __name__ == "__main__":
    main()
