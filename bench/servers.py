"""Starting relance and the baseline (1 worker pinned to core 0) and reading their CPU time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO

from bench.config import RESULTS_DIR, Size, bench_secret

SERVER_CORE = "0"
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
    "--workers",
    "1",
]
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """utime + stime of the server process (/proc/<pid>/stat fields 14 and 15)."""
        with open(f"/proc/{self.process.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def _environment(size: Size) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RELANCE_DATABASE_URL": size.dsn,
            "RELANCE_SECRET_KEY": bench_secret(),
            "RELANCE_DATA_DIR": str(RESULTS_DIR / "relance-data"),
            "BENCH_DSN": size.dsn,
        }
    )
    return env


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


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


def start(name: str, size: Size, port: int) -> Server:
    """name: "relance" (relance.asgi, as `relance serve` runs it) or "baseline"."""
    if not _port_is_free(port):
        raise RuntimeError(f"port {port} is busy")
    app = "relance.asgi:app" if name == "relance" else "bench.baseline:app"
    command = [
        "taskset",
        "-c",
        SERVER_CORE,
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--port",
        str(port),
        *_UVICORN,
    ]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    log = (RESULTS_DIR / f"{name}.log").open("wb")
    process = subprocess.Popen(
        command, env=_environment(size), stdout=log, stderr=subprocess.STDOUT
    )
    server = Server(name, port, process, log)
    _wait_until_ready(server, "/health" if name == "relance" else "/")
    return server
