"""Running the installed ``relance`` console script: its commands against the test database,
and real ``relance serve`` processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from relance.config import Settings
from tests import backends
from tests.conftest import TEST_SECRET

RELANCE = Path(sys.executable).with_name("relance")

Cli = Callable[..., subprocess.CompletedProcess[str]]


def one_json_object(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    value = json.loads(lines[0])
    assert isinstance(value, dict)
    return value


@pytest.fixture
def cli(settings: Settings, tmp_path: Path) -> Cli:
    env = {
        "RELANCE_DATABASE_URL": str(settings.database_url),
        "RELANCE_SECRET_KEY": TEST_SECRET,
        "RELANCE_DATA_DIR": str(tmp_path / "cli-data"),
    }

    def invoke(*args: str, as_json: bool = True) -> subprocess.CompletedProcess[str]:
        # cwd: a directory without a .env file, so only the variables above count.
        return subprocess.run(
            [str(RELANCE), *args, *(["--json"] if as_json else [])],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return invoke


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path, database_url: str) -> dict[str, str]:
    """SQLite pass: nothing but a data dir (the zero-configuration default). PostgreSQL pass:
    the production settings, a database URL and a secret key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELANCE_")}
    env["RELANCE_DATA_DIR"] = str(data_dir)
    if backends.backend() == "postgresql":
        env["RELANCE_DATABASE_URL"] = database_url
        env["RELANCE_SECRET_KEY"] = TEST_SECRET
    return env


@contextmanager
def serving(cwd: Path, env: dict[str, str], port: int | None = None) -> Iterator[str]:
    """A real ``relance serve`` process on ``port`` (default: a free one); yields its base URL,
    ends it (SIGINT)."""
    with serving_logged(cwd, env, port) as node:
        yield node.base


@dataclass(frozen=True)
class Served:
    base: str
    log_path: Path
    process: subprocess.Popen[bytes]


@contextmanager
def serving_logged(cwd: Path, env: dict[str, str], port: int | None = None) -> Iterator[Served]:
    """``serving``, also yielding the process and the file its output goes to."""
    node = start_serve(cwd, env, port)
    try:
        yield node
    finally:
        stop(node.process)


def start_serve(cwd: Path, env: dict[str, str], port: int | None = None) -> Served:
    """``relance serve`` on ``port`` (default: a free one), returned once it answers. Its output
    goes to a file, not a pipe: a pipe nobody reads fills up with access lines and stops it."""
    port = port or free_port()
    log_path = cwd / f"serve-{port}.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "relance", "serve", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/health/live", timeout=2)
            return Served(base, log_path, process)
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                output = log_path.read_text(errors="replace")
                raise AssertionError(f"relance serve did not start:\n{output}") from None
            time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGINT (uvicorn's graceful stop), then SIGKILL after 15 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_cli(env: dict[str, str], cwd: Path, *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "relance", *args, "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=True,
    )
    parsed: dict[str, object] = orjson.loads(result.stdout)
    return parsed
