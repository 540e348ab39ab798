"""Runs wrk (pinned to core 1) for one scenario and turns its summary into one measurement."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from bench.config import WRK_DIR, Size
from bench.servers import LOAD_CORE, Server


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    script: str
    label: str
    baseline: bool  # the baseline answers it too, so a ratio is printed
    env: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Measurement:
    requests: int
    seconds: float
    cpu_seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    errors: int
    sample: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_us_per_request(self) -> float:
        return self.cpu_seconds * 1e6 / self.requests if self.requests else 0.0

    @property
    def core_busy(self) -> float:
        """Share of its core the server used: below ~0.9 it was not the bottleneck."""
        return self.cpu_seconds / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "rps": round(self.rps, 1),
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "cpu_us_per_request": round(self.cpu_us_per_request, 1),
            "core_busy": round(self.core_busy, 3),
            "non2xx": self.non2xx,
            "errors": self.errors,
            "sample": self.sample,
        }


def _parse(output: str) -> tuple[dict[str, Any], str]:
    summary: dict[str, Any] | None = None
    sample = ""
    for line in output.splitlines():
        if line.startswith("BENCH_RESULT "):
            summary = json.loads(line.removeprefix("BENCH_RESULT "))
        elif line.startswith("BENCH_SAMPLE "):
            sample = line.removeprefix("BENCH_SAMPLE ")[:300]
    if summary is None:
        raise RuntimeError(f"wrk printed no summary:\n{output[-2000:]}")
    return summary, sample


def run_wrk(
    server: Server, scenario: Scenario, size: Size, seconds: int, connections: int
) -> Measurement:
    env = dict(os.environ, BENCH_DATA=str(size.data_dir), BENCH_LUA=str(WRK_DIR), **scenario.env)
    threads = min(2, connections)
    command = [
        "taskset",
        "-c",
        str(LOAD_CORE),
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(WRK_DIR / scenario.script),
        server.url,
    ]
    before = server.cpu_seconds()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    cpu = server.cpu_seconds() - before
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-2000:]}")
    summary, sample = _parse(done.stdout)
    errors = sum(
        summary[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return Measurement(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        cpu_seconds=cpu,
        p50_ms=round(summary["p50_us"] / 1000, 2),
        p99_ms=round(summary["p99_us"] / 1000, 2),
        non2xx=summary["non2xx"],
        errors=errors,
        sample=sample,
    )


async def pin_database_backends(size: Size) -> int:
    """Pins the PostgreSQL backends serving the bench database to the load core."""
    connection = await asyncpg.connect(size.dsn)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1", size.database
        )
    finally:
        await connection.close()
    pinned = 0
    for row in rows:
        try:
            os.sched_setaffinity(row["pid"], {LOAD_CORE})
            pinned += 1
        except OSError:
            pass  # gone already, or not ours to pin: the measurement stays valid, only noisier
    return pinned
