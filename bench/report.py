"""Summaries of the runs: medians, ratios, the targets, and the markdown table."""

from __future__ import annotations

import statistics
from typing import Any

from bench.load import Measurement

# (scenario, minimum relance / baseline requests per second)
RATIO_TARGETS = (("list_debt", 0.50), ("create", 0.40), ("update", 0.40))
# (scenario, minimum baseline CPU per request / relance's): issue 19's targets against the
# honest baseline (writes in one statement on both sides).
CPU_TARGETS = (("create", 0.60), ("update", 0.60), ("token", 0.60))
# (scenario, maximum CPU per request as a multiple of list_debt's)
COST_TARGETS = (("global_list", 2.0), ("cursor", 2.0), ("stats", 2.0))


def summarize(runs: list[Measurement]) -> dict[str, Any]:
    """Median of each figure over the runs; error counts are totals."""

    def median(key: str) -> float:
        return round(float(statistics.median(run.as_dict()[key] for run in runs)), 2)

    samples = [run.sample for run in runs if run.sample]
    return {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "cpu_us_per_request": median("cpu_us_per_request"),
        "core_busy": median("core_busy"),
        "requests": sum(run.requests for run in runs),
        "non2xx": sum(run.non2xx for run in runs),
        "errors": sum(run.errors for run in runs),
        "sample": samples[0] if samples else "",
        "runs": [run.as_dict() for run in runs],
    }


def _paired(entry: dict[str, Any], key: str, relance_over_baseline: bool) -> float | None:
    """Median over the runs of relance's figure / the baseline's figure in the same pair.

    Run i of each server ran back to back (R B, B R, R B...), so the pair shares the machine's
    load of that minute; the median of the pair ratios resists the drift between pairs.
    """
    relance, baseline = entry.get("relance"), entry.get("baseline")
    if not relance or not baseline or "runs" not in relance or "runs" not in baseline:
        return None
    ratios = []
    for ours, theirs in zip(relance["runs"], baseline["runs"], strict=False):
        top, bottom = (
            (ours[key], theirs[key]) if relance_over_baseline else (theirs[key], ours[key])
        )
        if bottom:
            ratios.append(float(top) / float(bottom))
    return round(statistics.median(ratios), 3) if ratios else None


def ratio(entry: dict[str, Any]) -> float | None:
    """relance req/s / baseline req/s: the figure the targets are stated in."""
    return _paired(entry, "rps", relance_over_baseline=True)


def cpu_ratio(entry: dict[str, Any]) -> float | None:
    """Baseline CPU per request / relance's: the throughput ratio if the server core were the
    only bottleneck (it is not when PostgreSQL and wrk saturate the other core first)."""
    return _paired(entry, "cpu_us_per_request", relance_over_baseline=False)


def relative_cost(
    figures: dict[str, Any] | None,
    listed: dict[str, Any] | None,
) -> tuple[float, float] | None:
    """(CPU per request, 1 / req/s) of a scenario relative to list_debt's, both relance.

    The second counts what the server waits for too (PostgreSQL's share of the work)."""
    if not figures or not listed or "rps" not in figures or "rps" not in listed:
        return None
    if not figures["rps"] or not listed["cpu_us_per_request"]:
        return None
    cpu = float(figures["cpu_us_per_request"]) / float(listed["cpu_us_per_request"])
    return round(cpu, 2), round(float(listed["rps"]) / float(figures["rps"]), 2)


def check_targets(scenarios: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    for name, minimum in RATIO_TARGETS:
        entry = scenarios.get(name, {})
        value, by_cpu = ratio(entry), cpu_ratio(entry)
        checks.append(
            {
                "target": f"{name} >= {minimum:.0%} of baseline req/s",
                "value": value,
                "cpu_ratio": by_cpu,
                "met": None if value is None else value >= minimum,
                "text": "" if value is None else f"{value:.2f}x req/s (CPU: {by_cpu}x)",
            }
        )
    for name, minimum in CPU_TARGETS:
        entry = scenarios.get(name, {})
        by_cpu, value = cpu_ratio(entry), ratio(entry)
        checks.append(
            {
                "target": f"{name} >= {minimum:.2f} of baseline CPU per request",
                "value": by_cpu,
                "met": None if by_cpu is None else by_cpu >= minimum,
                "text": "" if by_cpu is None else f"{by_cpu:.2f}x CPU (req/s: {value}x)",
            }
        )
    listed = scenarios.get("list_debt", {}).get("relance")
    for name, limit in COST_TARGETS:
        costs = relative_cost(scenarios.get(name, {}).get("relance"), listed)
        checks.append(
            {
                "target": f"{name} cost <= {limit:g}x list_debt's",
                "value": costs,
                "met": None if costs is None else max(costs) <= limit,
                "text": "" if costs is None else f"CPU {costs[0]}x, wall {costs[1]}x",
            }
        )
    bad = [
        f"{name}/{server}"
        for name, entry in scenarios.items()
        for server in ("relance", "baseline")
        # A skipped server ({"skipped": reason}) has no counts to check.
        if entry.get(server) and (entry[server].get("non2xx") or entry[server].get("errors"))
    ]
    measured = any(entry.get("relance") for entry in scenarios.values())
    checks.append(
        {
            "target": "no error and no non-2xx at 64 connections",
            "value": ", ".join(bad) or "none",
            "met": None if not measured else not bad,
        }
    )
    return checks


def _row(name: str, server: str, figures: dict[str, Any], ratios: str) -> str:
    return (
        f"| {name} | {server} | {figures['rps']:,.0f} | {figures['p50_ms']:.1f} |"
        f" {figures['p99_ms']:.1f} | {figures['cpu_us_per_request']:,.0f} |"
        f" {figures['core_busy']:.0%} | {figures['non2xx']} | {figures['errors']} |"
        f" {ratios} |"
    )


def _ratios(entry: dict[str, Any]) -> str:
    by_rps, by_cpu = ratio(entry), cpu_ratio(entry)
    if by_rps is None or by_cpu is None:
        return ""
    return f"**{by_cpu:.2f}x CPU**, {by_rps:.2f}x req/s"


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
        lines.append(f"| {check['target']} | {check.get('text') or check['value']} | {met} |")
    if results.get("scaling"):
        lines += _scaling_lines(results["scaling"])
    return "\n".join(lines) + "\n"


def _scaling_lines(scaling: dict[str, Any]) -> list[str]:
    # Runs before the interleaved rounds stored the sizes alone, without "flat" checks.
    sizes = scaling.get("sizes", scaling)
    lines = [
        "",
        "Scaling (relance only, medians; cost vs the smallest set: paired by round):",
        "",
        "| data set | scenario | req/s | p99 ms | CPU µs/req | core busy | non-2xx |"
        " errors | cost vs smallest (CPU, wall) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for size_name, per_scenario in sizes.items():
        for name, figures in per_scenario.items():
            if "skipped" in figures:
                lines.append(
                    f"| {size_name} | {name} | skipped: {figures['skipped']} | | | | | | |"
                )
                continue
            label = f"{name} ({figures['depth']:,} rows deep)" if "depth" in figures else name
            paired = figures.get("vs_smallest")
            cost = f"{paired['cpu']:.2f}x, {paired['wall']:.2f}x" if paired else ""
            lines.append(
                f"| {size_name} | {label} | {figures['rps']:,.0f} | {figures['p99_ms']:.1f} |"
                f" {figures['cpu_us_per_request']:,.0f} | {figures.get('core_busy', 0):.0%} |"
                f" {figures['non2xx']} | {figures['errors']} | {cost} |"
            )
    flat = scaling.get("flat", [])
    if flat:
        lines += ["", "| scaling target | value | met |", "|---|---|---|"]
        for check in flat:
            met = {True: "yes", False: "**NO**", None: "not measured"}[check["met"]]
            lines.append(f"| {check['target']} | {check.get('text') or check['value']} | {met} |")
    return lines


def main() -> None:
    """`python -m bench.report [results.json]`: re-renders a run's table (default: the latest)."""
    import json
    import sys

    from bench.config import RESULTS_DIR

    path = sys.argv[1] if len(sys.argv) > 1 else str(RESULTS_DIR / "latest.json")
    with open(path) as handle:
        results = json.load(handle)
    from bench.sqlite_report import markdown as sqlite_markdown

    if "scenarios" in results:
        results["targets"] = check_targets(results["scenarios"])
        sys.stdout.write(markdown(results))
    if "sqlite" in results:
        sys.stdout.write("\n" + sqlite_markdown(results["sqlite"]))


if __name__ == "__main__":
    main()
