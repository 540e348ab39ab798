"""A real ``relance serve`` process for the attack suite, on a database of its own.

Each run gets its own data dir (SQLite) or its own PostgreSQL database named after the run
(``relance_attack_<pid>_<random>``, dropped afterwards), so runs from several checkouts on one
machine never meet. A company and an all-scopes client are made with the operator CLI.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from tests import backends
from tests.conftest import TEST_SECRET


@dataclass(frozen=True)
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]
    cwd: Path
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def own_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The RELANCE_* settings of a database made for this run only (dropped at the end)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELANCE_")}
    env["RELANCE_DATA_DIR"] = str(tmp_path / "relance-data")
    # Operator changes (the attack client's limits) apply within 0.2 s, not 5 s.
    env["RELANCE_REVOCATION_REFRESH_SECONDS"] = "0.2"
    if backends.backend() != "postgresql":
        yield env
        return
    name = f"relance_attack_{os.getpid()}_{secrets.token_hex(4)}"
    url = backends.postgres_url(name)
    backends.ensure_postgres_database(url)
    env["RELANCE_DATABASE_URL"] = url
    env["RELANCE_SECRET_KEY"] = TEST_SECRET
    try:
        yield env
    finally:
        _drop_postgres_database(name)


def _drop_postgres_database(name: str) -> None:
    import psycopg

    admin = backends.postgres_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start(env: dict[str, str], cwd: Path, port: int | None = None) -> Server:
    """``relance serve`` on a free loopback port; returns once /health answers."""
    port = port or free_port()
    log = cwd / f"serve-{port}.log"
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "relance", "serve", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, env, cwd, log)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{server.base_url}/health", timeout=2)
            return server
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(server)
                raise AssertionError(f"relance serve did not start:\n{log.read_text()}") from None
            time.sleep(0.2)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextmanager
def serving(env: dict[str, str], cwd: Path) -> Iterator[Server]:
    server = start(env, cwd)
    try:
        yield server
    finally:
        stop(server)


def cli(env: dict[str, str], cwd: Path, *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "relance", *args, "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    parsed: dict[str, object] = orjson.loads(result.stdout)
    return parsed


def make_client(server: Server) -> Credentials:
    """A company and an all-scopes client through the operator CLI, and a token for it."""
    company = cli(server.env, server.cwd, "company", "create", "Attack Corp")
    client = cli(
        server.env, server.cwd, "client", "create", "--company", str(company["id"]), "--name", "x"
    )
    client_id, secret = str(client["client_id"]), str(client["client_secret"])
    # An attack run sends thousands of requests: limits high enough that they all reach the
    # handlers (the limiter still counts each one; 429 is documented and tested elsewhere).
    limits = ("--reads", "1000000", "--writes", "1000000")
    cli(server.env, server.cwd, "client", "limits", client_id, *limits)
    answer = httpx.post(
        f"{server.base_url}/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return Credentials(client_id, secret, str(answer.json()["access_token"]))


def rss_bytes(pid: int) -> int:
    """Resident set size of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")
