"""The scaling check: list by debt and deep cursor pages, relance alone, at each data set size.

The sizes are measured in interleaved rounds (10k 1m 10m, then 10m 1m 10k, ...), so each round's
runs share the machine's load of those minutes, and "cost stays flat" is read as the median
over the rounds of each size's cost divided by the smallest size's cost in the same round: the
same pairing that makes relance/baseline ratios hold on a shared machine. Absolute figures
measured minutes apart drift by more than the effect being looked for.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from typing import Any

from bench import cursors, report
from bench.config import SIZES, Size
from bench.load import Measurement, Scenario

SCENARIOS = ("list_debt", "cursor")
# The largest size's CPU per request may be at most this multiple of the smallest size's.
FLAT_LIMIT = 1.25

Prepare = Callable[[Size], dict[str, Any]]
ScenariosOf = Callable[[dict[str, Any]], list[Scenario]]
RunOnce = Callable[
    [str, Scenario, Size, dict[str, Any], argparse.Namespace, bool], Measurement | str
]


def check_scaling(
    sizes: list[str],
    args: argparse.Namespace,
    prepare: Prepare,
    scenarios_of: ScenariosOf,
    run_once: RunOnce,
) -> dict[str, Any]:
    metas = {name: prepare(SIZES[name]) for name in sizes}
    chosen = {name: [s for s in scenarios_of(metas[name]) if s.name in SCENARIOS] for name in sizes}
    runs: dict[tuple[str, str], list[Measurement]] = {}
    skipped: dict[tuple[str, str], str] = {}
    print(f"scaling: {', '.join(sizes)} in interleaved rounds (relance only)")
    for index in range(args.runs):
        for size_name in sizes if index % 2 == 0 else sizes[::-1]:
            for scenario in chosen[size_name]:
                key = (size_name, scenario.name)
                if key in skipped:
                    continue
                outcome = run_once(
                    "relance", scenario, SIZES[size_name], metas[size_name], args, index == 0
                )
                if isinstance(outcome, str):
                    skipped[key] = outcome
                else:
                    runs.setdefault(key, []).append(outcome)
    return _summary(sizes, metas, runs, skipped)


def _summary(
    sizes: list[str],
    metas: dict[str, dict[str, Any]],
    runs: dict[tuple[str, str], list[Measurement]],
    skipped: dict[tuple[str, str], str],
) -> dict[str, Any]:
    per_size: dict[str, dict[str, Any]] = {}
    for size_name in sizes:
        per_size[size_name] = {}
        for scenario in SCENARIOS:
            key = (size_name, scenario)
            if key in skipped:
                per_size[size_name][scenario] = {"skipped": skipped[key]}
                continue
            if key not in runs:
                continue
            figures = report.summarize(runs[key])
            smallest = runs.get((sizes[0], scenario))
            if smallest:
                figures["vs_smallest"] = _paired_cost(runs[key], smallest)
            if scenario == "cursor":
                figures["depth"] = cursors.cursor_depth(metas[size_name])
            figures.pop("runs")
            per_size[size_name][scenario] = figures
    return {"sizes": per_size, "flat": _flat(sizes, per_size)}


def _paired_cost(runs: list[Measurement], smallest: list[Measurement]) -> dict[str, float]:
    """Median over the rounds of (CPU per request, 1 / req/s) relative to the smallest size's
    run of the same round."""
    cpu = [
        ours.cpu_us_per_request / base.cpu_us_per_request
        for ours, base in zip(runs, smallest, strict=False)
        if base.cpu_us_per_request
    ]
    wall = [base.rps / ours.rps for ours, base in zip(runs, smallest, strict=False) if ours.rps]
    return {
        "cpu": round(statistics.median(cpu), 2) if cpu else 0.0,
        "wall": round(statistics.median(wall), 2) if wall else 0.0,
    }


def _flat(sizes: list[str], per_size: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One check per scenario: the largest size's paired CPU cost within FLAT_LIMIT."""
    checks = []
    largest = sizes[-1]
    for scenario in SCENARIOS:
        figures = per_size.get(largest, {}).get(scenario, {})
        paired = figures.get("vs_smallest")
        checks.append(
            {
                "target": f"{scenario} CPU cost at {largest} <= {FLAT_LIMIT}x {sizes[0]}'s",
                "value": paired,
                "met": None if not paired or len(sizes) < 2 else paired["cpu"] <= FLAT_LIMIT,
                "text": "" if not paired else f"CPU {paired['cpu']}x, wall {paired['wall']}x",
            }
        )
    return checks
