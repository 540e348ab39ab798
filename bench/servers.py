"""Starting relance and the baselines on a free port, and reading their CPU time.

One worker is pinned to core 0 (wrk and PostgreSQL get core 1). Two workers get both cores:
that is what `relance serve --workers 2` gets on this 2-core machine, wrk included.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bench.config import REDIS_URL, RESULTS_DIR, Size, bench_secret
from bench.proc_tree import descendants, start_time, tree_cpu_seconds
from bench.relance_api import RELANCE_APP

SERVER_CORE = "0"
BOTH_CORES = "0,1"
LOAD_CORE = 1
_UVICORN = [
    "--host",
    "127.0.0.1",
    "--loop",
    "uvloop",
    "--http",
    "httptools",
    "--no-access-log",
    "--log-level",
    "warning",
]
_BASELINES = {"postgresql": "bench.baseline:app", "sqlite": "bench.baseline_sqlite:app"}
_RELANCE_CLI = Path(sys.executable).with_name("relance")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    workers: int = 1
    _seen: dict[int, int | None] = field(default_factory=dict)  # worker pid: start time

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """utime + stime of the server and its worker processes (uvicorn's --workers)."""
        self._remember_workers()
        return tree_cpu_seconds(self.process.pid)

    def _remember_workers(self) -> None:
        for pid in descendants(self.process.pid):
            self._seen.setdefault(pid, start_time(pid))

    def stop(self) -> None:
        self._remember_workers()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # Workers the supervisor failed to take down: ours, by pid and start time.
        for pid, started in self._seen.items():
            if started is not None and start_time(pid) == started:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.log.close()


def free_port() -> int:
    """A port the kernel just handed out (bind to port 0): two benches at once never collide.
    It is released before the server binds it; a rare clash fails the start, then retries."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(size: Size) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RELANCE_DATABASE_URL": size.dsn,
            "RELANCE_SECRET_KEY": bench_secret(),
            "RELANCE_DATA_DIR": str(RESULTS_DIR / "relance-data"),
            "BENCH_DSN": size.dsn,
            # The limiter checks every request (SPEC 7) but never refuses one here.
            "RELANCE_RATE_LIMIT_READS": str(10**9),
            "RELANCE_RATE_LIMIT_WRITES": str(10**9),
        }
    )
    if not size.is_sqlite and REDIS_URL:
        env["RELANCE_REDIS_URL"] = REDIS_URL  # several nodes' setting: limits counted in Redis
    return env


def _wait_until_ready(server: Server, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited; see {server.log.name}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers: an error status still means it is up
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{server.name} did not start within {timeout:.0f} s")


def _split_taskset(command: list[str]) -> tuple[list[str], list[str]]:
    """``taskset -c CORES`` and the server's own command after it."""
    return command[:3], command[3:]


def _command(name: str, size: Size, port: int, workers: int) -> list[str]:
    cores = SERVER_CORE if workers == 1 else BOTH_CORES
    if name == "relance" and size.is_sqlite:
        # The embedded default exactly as a newcomer runs it (it migrates first: a no-op here).
        serve = [
            str(_RELANCE_CLI),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ]
        return ["taskset", "-c", cores, *serve]
    if name == "relance":
        # Its own HTTP protocol (one write per response), as `relance serve` runs it.
        python = [sys.executable, "-m", "bench.relance_uvicorn", RELANCE_APP]
        return ["taskset", "-c", cores, *python, "--port", str(port), "--workers", str(workers)]
    app = _BASELINES[size.engine]
    return [
        "taskset",
        "-c",
        cores,
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--port",
        str(port),
        *_UVICORN,
        "--workers",
        str(workers),
    ]


def start(
    name: str,
    size: Size,
    workers: int = 1,
    attempts: int = 3,
    wrapper: Sequence[str] = (),
    ready_within: float = 60.0,
) -> Server:
    """name: "relance" (as `relance serve` runs it) or "baseline" (the engine's own).
    ``wrapper``: a command the server runs under (valgrind: bench.instructions)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for attempt in range(attempts):
        port = free_port()
        log = (RESULTS_DIR / f"{name}-{size.engine}-{workers}w.log").open("wb")
        taskset, server_command = _split_taskset(_command(name, size, port, workers))
        process = subprocess.Popen(
            [*taskset, *wrapper, *server_command],
            env=_environment(size),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(name, port, process, log, workers)
        try:
            _wait_until_ready(server, "/health" if name == "relance" else "/", ready_within)
            return server
        except RuntimeError:
            server.stop()
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
