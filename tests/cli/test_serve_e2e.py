"""A real `relance serve` process on the zero-configuration default, started twice."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson

from tests import backends
from tests.conftest import TEST_SECRET


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(data_dir: Path, database_url: str) -> dict[str, str]:
    """SQLite pass: nothing but a data dir (the zero-configuration default). PostgreSQL pass:
    the production settings, a database URL and a secret key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELANCE_")}
    env["RELANCE_DATA_DIR"] = str(data_dir)
    if backends.backend() == "postgresql":
        env["RELANCE_DATABASE_URL"] = database_url
        env["RELANCE_SECRET_KEY"] = TEST_SECRET
    return env


@contextmanager
def _serving(cwd: Path, env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "relance", "serve", "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise AssertionError(f"relance serve did not start:\n{output}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _cli(env: dict[str, str], cwd: Path, *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "relance", *args, "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=True,
    )
    parsed: dict[str, object] = orjson.loads(result.stdout)
    return parsed


def test_serve_starts_and_a_restart_keeps_the_data(tmp_path: Path, database_url: str) -> None:
    data_dir = tmp_path / "relance-data"
    env = _server_env(data_dir, database_url)
    with _serving(tmp_path, env) as base:
        health = httpx.get(f"{base}/health").json()
        assert health["status"] == "ok"
        assert health["database"]["backend"] == backends.backend()
    secret_file = data_dir / "secret.key"
    secret = secret_file.read_text() if backends.backend() == "sqlite" else None
    company = _cli(env, tmp_path, "company", "create", "Kept Across Restarts")
    client = _cli(env, tmp_path, "client", "create", "--company", str(company["id"]), "--name", "x")

    with _serving(tmp_path, env) as base:
        assert httpx.get(f"{base}/health").json()["migrations"]["up_to_date"] is True
        token = httpx.post(
            f"{base}/token",
            data={"grant_type": "client_credentials"},
            auth=(str(client["client_id"]), str(client["client_secret"])),
        )
        assert token.status_code == 200, token.text
    if secret is not None:
        assert secret_file.read_text() == secret
