"""Summaries of the runs: medians, ratios, the targets, and the markdown table."""

from __future__ import annotations

import statistics
from typing import Any

from bench.load import Measurement

# (scenario, minimum relance / baseline requests per second)
RATIO_TARGETS = (("list_debt", 0.50), ("create", 0.40), ("update", 0.40))
# (scenario, maximum CPU per request as a multiple of list_debt's)
COST_TARGETS = (("global_list", 2.0), ("cursor", 2.0))


def summarize(runs: list[Measurement]) -> dict[str, Any]:
    """Median of each figure over the runs; error counts are totals."""
    def median(key: str) -> float:
        return round(statistics.median(run.as_dict()[key] for run in runs), 2)

    samples = [run.sample for run in runs if run.sample]
    return {
        "rps": median("rps"), "p50_ms": median("p50_ms"), "p99_ms": median("p99_ms"),
        "cpu_us_per_request": median("cpu_us_per_request"), "core_busy": median("core_busy"),
        "requests": sum(run.requests for run in runs),
        "non2xx": sum(run.non2xx for run in runs), "errors": sum(run.errors for run in runs),
        "sample": samples[0] if samples else "",
        "runs": [run.as_dict() for run in runs],
    }


def ratio(entry: dict[str, Any]) -> float | None:
    relance, baseline = entry.get("relance"), entry.get("baseline")
    if not relance or not baseline or not baseline["rps"]:
        return None
    return round(relance["rps"] / baseline["rps"], 3)


def cpu_ratio(entry: dict[str, Any]) -> float | None:
    """Baseline CPU per request / relance's: the throughput ratio if the server core were the
    only bottleneck (it is not when PostgreSQL and wrk saturate the other core first)."""
    relance, baseline = entry.get("relance"), entry.get("baseline")
    if not relance or not baseline or not relance["cpu_us_per_request"]:
        return None
    return round(baseline["cpu_us_per_request"] / relance["cpu_us_per_request"], 3)


def check_targets(scenarios: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    for name, minimum in RATIO_TARGETS:
        value = ratio(scenarios.get(name, {}))
        checks.append({"target": f"{name} >= {minimum:.0%} of baseline req/s", "value": value,
                       "met": None if value is None else value >= minimum})
    list_cost = scenarios.get("list_debt", {}).get("relance", {}).get("cpu_us_per_request")
    for name, limit in COST_TARGETS:
        cost = scenarios.get(name, {}).get("relance", {}).get("cpu_us_per_request")
        value = round(cost / list_cost, 2) if cost and list_cost else None
        checks.append({"target": f"{name} CPU/request <= {limit:g}x list_debt's",
                       "value": value, "met": None if value is None else value <= limit})
    bad = [
        f"{name}/{server}" for name, entry in scenarios.items()
        for server in ("relance", "baseline")
        if entry.get(server) and (entry[server]["non2xx"] or entry[server]["errors"])
    ]
    measured = any(entry.get("relance") for entry in scenarios.values())
    checks.append({"target": "no error and no non-2xx at 64 connections",
                   "value": ", ".join(bad) or "none",
                   "met": None if not measured else not bad})
    return checks


def _row(name: str, server: str, figures: dict[str, Any], ratios: str) -> str:
    return (f"| {name} | {server} | {figures['rps']:,.0f} | {figures['p50_ms']:.1f} |"
            f" {figures['p99_ms']:.1f} | {figures['cpu_us_per_request']:,.0f} |"
            f" {figures['core_busy']:.0%} | {figures['non2xx']} | {figures['errors']} |"
            f" {ratios} |")


def _ratios(entry: dict[str, Any]) -> str:
    by_rps, by_cpu = ratio(entry), cpu_ratio(entry)
    if by_rps is None or by_cpu is None:
        return ""
    return f"**{by_rps:.2f}x** req/s, {by_cpu:.2f}x CPU"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| scenario | server | req/s | p50 ms | p99 ms | CPU µs/req | core busy | non-2xx |"
        " errors | relance/baseline |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, entry in results["scenarios"].items():
        if "skipped" in entry:
            lines.append(f"| {name} | — | skipped: {entry['skipped']} | | | | | | | |")
            continue
        for server in ("relance", "baseline"):
            if entry.get(server):
                text = _ratios(entry) if server == "relance" else ""
                lines.append(_row(name, server, entry[server], text))
    lines += ["", "| target | value | met |", "|---|---|---|"]
    for check in results["targets"]:
        met = {True: "yes", False: "**NO**", None: "not measured"}[check["met"]]
        lines.append(f"| {check['target']} | {check['value']} | {met} |")
    if results.get("scaling"):
        lines += ["", "Scaling (relance only, medians):", "",
                  "| data set | scenario | req/s | p99 ms | CPU µs/req | non-2xx | errors |",
                  "|---|---|--:|--:|--:|--:|--:|"]
        for size_name, per_scenario in results["scaling"].items():
            for name, figures in per_scenario.items():
                if "skipped" in figures:
                    lines.append(f"| {size_name} | {name} | skipped: {figures['skipped']} |"
                                 " | | | |")
                    continue
                lines.append(
                    f"| {size_name} | {name} | {figures['rps']:,.0f} | {figures['p99_ms']:.1f} |"
                    f" {figures['cpu_us_per_request']:,.0f} | {figures['non2xx']} |"
                    f" {figures['errors']} |")
    return "\n".join(lines) + "\n"
