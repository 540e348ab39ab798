"""`make bench`: seeds if needed, then measures relance against the raw baselines in one run.

    python -m bench.run [--size 1m] [--seconds 10] [--runs 3] [--with-10m] [--no-scaling]
                        [--sqlite-sizes 100k,1m] [--sqlite-connections 16]
                        [--no-sqlite | --no-postgres]

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
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench import report, sqlite_report
from bench.config import DEFAULT_SIZE, RESULTS_DIR, SIZES, SQLITE_SIZES, Size
from bench.load import Measurement, Scenario
from bench.runs import run_once
from bench.scaling import check_scaling
from bench.seed import seed
from bench.sqlite_run import run_sqlite
from bench.tokens import write_tokens

SERVERS = ("relance", "baseline")


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
        Scenario(
            "stats",
            "global_list.lua",
            "stats: a company's last month by type",
            False,
            {"BENCH_QUERY": _last_month(last_day), "BENCH_PATH": "/stats/followups"},
        ),
        Scenario("update", "update.lua", "partial update", baseline=True),
        Scenario("create", "create.lua", "create", baseline=True),
        Scenario("token", "token.lua", "token issue (client_credentials)", baseline=True),
    ]


def _last_month(last_day: date) -> str:
    """SPEC 12's benchmark question: a company-wide month grouped by type (the seed's last
    whole month, so every company has followups in it)."""
    last = last_day.replace(day=1) - timedelta(days=1)
    return f"group_by=type&from={last.replace(day=1)}&to={last}"


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
            outcome = run_once(name, scenario, size, meta, args, first=index == 0)
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
        "sqlite_sizes": args.sqlite_sizes,
        "sqlite_connections": args.sqlite_connections,
    }


def rendered(results: dict[str, Any]) -> str:
    """The PostgreSQL table and the SQLite table, one after the other."""
    parts = []
    if "scenarios" in results:
        parts.append(
            "PostgreSQL, "
            + f"{results['conditions']['connections']} connections:\n\n"
            + report.markdown(results)
        )
    if "sqlite" in results:
        parts.append(sqlite_report.markdown(results["sqlite"]))
    return "\n".join(parts)


def write_results(results: dict[str, Any]) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = rendered(results)
    for name in (f"run-{stamp}", "latest"):
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(results, indent=2))
        (RESULTS_DIR / f"{name}.md").write_text(text)
    return text


def run_postgres(args: argparse.Namespace, results: dict[str, Any]) -> None:
    size = SIZES[args.size]
    meta = prepare(size)
    results["data_set"] = meta
    chosen = scenarios(meta)
    if args.scenarios:
        chosen = [s for s in chosen if s.name in args.scenarios.split(",")]
    results["scenarios"] = run_all(size, meta, chosen, args, SERVERS)
    if not args.no_scaling:
        sizes = ["10k", "1m"] + (["10m"] if args.with_10m else [])
        results["scaling"] = check_scaling(sizes, args, prepare, scenarios, run_once)
    results["targets"] = report.check_targets(results["scenarios"])


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default=DEFAULT_SIZE)
    parser.add_argument("--seconds", type=int, default=10, help="length of one timed run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per scenario")
    parser.add_argument("--connections", type=int, default=64, help="PostgreSQL runs")
    parser.add_argument("--scenarios", help="comma-separated subset (default: all)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling check")
    parser.add_argument("--with-10m", action="store_true", help="scaling check at 10M too")
    parser.add_argument(
        "--sqlite-sizes",
        default=",".join(SQLITE_SIZES),
        help=f"comma-separated SQLite data sets (of {', '.join(SQLITE_SIZES)})",
    )
    parser.add_argument("--sqlite-connections", type=int, default=16, help="SQLite runs")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL table only")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite table only")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    began = time.monotonic()
    results: dict[str, Any] = {"conditions": conditions(args)}
    if not args.no_postgres:
        run_postgres(args, results)
    if not args.no_sqlite:
        results["sqlite"] = run_sqlite(args, scenarios)
    results["conditions"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["conditions"]["total_seconds"] = round(time.monotonic() - began)
    print()
    print(write_results(results))
    total = results["conditions"]["total_seconds"]
    print(f"results: {RESULTS_DIR}/latest.md (and .json); whole run {total} s")


if __name__ == "__main__":
    main()
