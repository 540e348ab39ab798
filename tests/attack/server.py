"""A real ``relance serve`` process for the attack suite, on a database of its own.

Each run gets its own data dir (SQLite) or its own PostgreSQL database named after the run
(``relance_attack_<pid>_<random>``, dropped afterwards), so runs from several checkouts on one
machine never meet. A company and an all-scopes client are made with the operator CLI.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests import backends
from tests.cli.helpers import run_cli, start_serve
from tests.cli.helpers import stop as stop_process
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
    """``relance serve`` on a free loopback port; returns once it answers."""
    node = start_serve(cwd, env, port)
    return Server(node.base, node.process, env, cwd, node.log_path)


def stop(server: Server) -> None:
    stop_process(server.process)


@contextmanager
def serving(env: dict[str, str], cwd: Path) -> Iterator[Server]:
    server = start(env, cwd)
    try:
        yield server
    finally:
        stop(server)


def make_client(server: Server) -> Credentials:
    """A company and an all-scopes client through the operator CLI, and a token for it."""
    company = run_cli(server.env, server.cwd, "company", "create", "Attack Corp")
    client = run_cli(
        server.env, server.cwd, "client", "create", "--company", str(company["id"]), "--name", "x"
    )
    client_id, secret = str(client["client_id"]), str(client["client_secret"])
    # An attack run sends thousands of requests: limits high enough that they all reach the
    # handlers (the limiter still counts each one; 429 is documented and tested elsewhere).
    limits = ("--reads", "1000000", "--writes", "1000000")
    run_cli(server.env, server.cwd, "client", "limits", client_id, *limits)
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
