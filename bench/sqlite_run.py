"""The embedded default's table: `relance serve` on SQLite with 1 and 2 workers, and the raw
SQLite baseline on the same file, for every scenario at each SQLite data set size.

Runs are interleaved so the pairs that ratios are read from share the machine's load of the
same minute: for each scenario and round, the sizes in turn (100k 1m, then 1m 100k), and at
each size the servers in turn (relance-1w relance-2w baseline, then reversed).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from bench import report, sqlite_report
from bench.config import SQLITE_SIZES, Size
from bench.load import Measurement, Scenario
from bench.runs import run_once
from bench.sqlite_seed import seed
from bench.tokens import write_tokens

# (server, workers, label): relance's default is 1 worker; 2 shows writers across processes.
SERVERS = (("relance", 1, "relance-1w"), ("relance", 2, "relance-2w"), ("baseline", 1, "baseline"))
ScenariosOf = Callable[[dict[str, Any]], list[Scenario]]
Key = tuple[str, str, str]  # size, scenario, server label


def prepare(size: Size) -> dict[str, Any]:
    meta = seed(size)  # also undoes an interrupted run's writes
    write_tokens(size)
    return meta


def _servers(scenario: Scenario, index: int) -> tuple[tuple[str, int, str], ...]:
    chosen = SERVERS if scenario.baseline else tuple(s for s in SERVERS if s[0] == "relance")
    return chosen if index % 2 == 0 else chosen[::-1]


def _measure(
    scenario: Scenario,
    sizes: list[str],
    metas: dict[str, dict[str, Any]],
    args: argparse.Namespace,
    runs: dict[Key, list[Measurement]],
    skipped: dict[Key, str],
) -> None:
    for index in range(args.runs):
        for size_name in sizes if index % 2 == 0 else sizes[::-1]:
            size = SQLITE_SIZES[size_name]
            for name, workers, label in _servers(scenario, index):
                key = (size_name, scenario.name, label)
                if key in skipped:
                    continue
                outcome = run_once(
                    name,
                    scenario,
                    size,
                    metas[size_name],
                    args,
                    index == 0,
                    workers=workers,
                    connections=args.sqlite_connections,
                    label=f"{size_name} {label}",
                )
                if isinstance(outcome, str):
                    skipped[key] = outcome
                else:
                    runs.setdefault(key, []).append(outcome)


def run_sqlite(args: argparse.Namespace, scenarios_of: ScenariosOf) -> dict[str, Any]:
    sizes = [name.strip() for name in args.sqlite_sizes.split(",") if name.strip()]
    metas = {name: prepare(SQLITE_SIZES[name]) for name in sizes}
    chosen = scenarios_of(metas[sizes[0]])
    if args.scenarios:
        chosen = [s for s in chosen if s.name in args.scenarios.split(",")]
    print(
        f"SQLite ({', '.join(sizes)}): relance 1 worker on core 0, 2 workers on cores 0-1,"
        f" baseline 1 worker on core 0; wrk on core 1, {args.sqlite_connections} connections"
    )
    runs: dict[Key, list[Measurement]] = {}
    skipped: dict[Key, str] = {}
    for scenario in chosen:
        _measure(scenario, sizes, metas, args, runs, skipped)
    results: dict[str, Any] = {"connections": args.sqlite_connections, "sizes": {}}
    for size_name in sizes:
        per_scenario: dict[str, Any] = {}
        for scenario in chosen:
            entry: dict[str, Any] = {}
            for _name, _workers, label in _servers(scenario, 0):
                key = (size_name, scenario.name, label)
                if key in skipped:
                    entry[label] = {"skipped": skipped[key]}
                elif key in runs:
                    entry[label] = report.summarize(runs[key])
            per_scenario[scenario.name] = entry
        results["sizes"][size_name] = {"data_set": metas[size_name], "scenarios": per_scenario}
    results["targets"] = sqlite_report.check_targets(results)
    return results
