"""The SQLite table: relance (1 and 2 workers) against the raw SQLite baseline, and its targets.

Ratios are paired by round as on PostgreSQL (report.ratio / report.cpu_ratio): relance's run
and the baseline's run of the same round share the machine's load of that minute.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench import report

DEFAULT_LABEL = "relance-1w"  # `relance serve` runs 1 worker unless told otherwise
RATIO_TARGETS = (("list_debt", 0.50), ("create", 0.40), ("update", 0.40))
WRITES = ("create", "update")
P99_LIMIT_MS = 50.0
FLAT_LIMIT = 1.25
FLAT_SCENARIOS = ("list_debt", "cursor")


def _pair(entry: dict[str, Any], label: str) -> dict[str, Any]:
    return {"relance": entry.get(label), "baseline": entry.get("baseline")}


def ratios(entry: dict[str, Any], label: str) -> tuple[float | None, float | None]:
    """(req/s ratio, CPU ratio) of relance with this label against the SQLite baseline."""
    pair = _pair(entry, label)
    return report.ratio(pair), report.cpu_ratio(pair)


def _paired_cpu(small: dict[str, Any] | None, large: dict[str, Any] | None) -> float | None:
    """Median over the rounds of the large set's CPU per request / the small set's."""
    if not small or not large or "runs" not in small or "runs" not in large:
        return None
    values = [
        ours["cpu_us_per_request"] / base["cpu_us_per_request"]
        for ours, base in zip(large["runs"], small["runs"], strict=False)
        if base["cpu_us_per_request"]
    ]
    return round(statistics.median(values), 2) if values else None


def _check(target: str, value: float | None, met: bool | None, text: str) -> dict[str, Any]:
    return {"target": target, "value": value, "met": met, "text": text}


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    connections = results["connections"]
    for size_name, block in results["sizes"].items():
        scenarios = block["scenarios"]
        for name, minimum in RATIO_TARGETS:
            by_rps, by_cpu = ratios(scenarios.get(name, {}), DEFAULT_LABEL)
            checks.append(
                _check(
                    f"{size_name}: {name} (1 worker) >= {minimum:.2f} of the SQLite baseline",
                    by_rps,
                    None if by_rps is None else by_rps >= minimum,
                    "" if by_rps is None else f"{by_rps:.2f}x req/s (CPU: {by_cpu}x)",
                )
            )
        for name in WRITES:
            figures = scenarios.get(name, {}).get(DEFAULT_LABEL) or {}
            p99 = figures.get("p99_ms")
            checks.append(
                _check(
                    f"{size_name}: {name} p99 (1 worker) <= {P99_LIMIT_MS:g} ms at {connections}"
                    " connections",
                    p99,
                    None if p99 is None else p99 <= P99_LIMIT_MS,
                    "" if p99 is None else f"{p99:.1f} ms",
                )
            )
    sizes = list(results["sizes"])
    if len(sizes) >= 2:
        small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        for name in FLAT_SCENARIOS:
            cost = _paired_cpu(
                small["scenarios"].get(name, {}).get(DEFAULT_LABEL),
                large["scenarios"].get(name, {}).get(DEFAULT_LABEL),
            )
            checks.append(
                _check(
                    f"{name} CPU cost at {sizes[-1]} <= {FLAT_LIMIT}x {sizes[0]}'s (1 worker)",
                    cost,
                    None if cost is None else cost <= FLAT_LIMIT,
                    "" if cost is None else f"{cost:.2f}x (paired by round)",
                )
            )
    return checks


def _row(size: str, name: str, label: str, figures: dict[str, Any], versus: str) -> str:
    return (
        f"| {size} | {name} | {label} | {figures['rps']:,.0f} | {figures['p50_ms']:.1f} |"
        f" {figures['p99_ms']:.1f} | {figures['cpu_us_per_request']:,.0f} |"
        f" {figures['core_busy']:.0%} | {figures['non2xx']} | {figures['errors']} |"
        f" {versus} |"
    )


def _versus(entry: dict[str, Any], label: str) -> str:
    if label == "baseline":
        return ""
    by_rps, by_cpu = ratios(entry, label)
    if by_rps is None or by_cpu is None:
        return ""
    return f"**{by_cpu:.2f}x CPU**, {by_rps:.2f}x req/s"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"SQLite (embedded default), {results['connections']} connections; relance/baseline:"
        " CPU ratio (baseline CPU µs/req ÷ relance's) first, then req/s:",
        "",
        "| data set | scenario | server | req/s | p50 ms | p99 ms | CPU µs/req | core busy |"
        " non-2xx | errors | relance/baseline |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for size_name, block in results["sizes"].items():
        for name, entry in block["scenarios"].items():
            for label, figures in entry.items():
                if "skipped" in figures:
                    lines.append(
                        f"| {size_name} | {name} | {label} | skipped:"
                        f" {figures['skipped']} | | | | | | | |"
                    )
                else:
                    lines.append(_row(size_name, name, label, figures, _versus(entry, label)))
    lines += ["", "| SQLite target | value | met |", "|---|---|---|"]
    for check in results["targets"]:
        met = {True: "yes", False: "**NO**", None: "not measured"}[check["met"]]
        lines.append(f"| {check['target']} | {check['text'] or '—'} | {met} |")
    return "\n".join(lines) + "\n"
