"""A real `relance serve` process on a free port, SQLite in a temporary data dir, and the
operator CLI to create its companies and clients."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str
    company_id: str


class RelanceServer:
    """Started by :meth:`start`, stopped (SIGINT, then kill) by :meth:`stop`."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        # Only a data dir: the zero-configuration default, and nothing from the caller's env.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("RELANCE_")}
        self.env["RELANCE_DATA_DIR"] = str(workdir / "relance-data")
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        # SPEC 10 says this defaults to the listening address; the server still defaults to
        # port 8000, so media links would point elsewhere without it.
        self.env["RELANCE_PUBLIC_URL"] = self.base_url
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "relance", "serve", "--port", str(self.port)],
            cwd=self.workdir,  # a directory without a .env file
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.base_url}/health", timeout=1)
                return
            except httpx.TransportError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("relance serve did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def cli(self, *args: str) -> dict[str, str]:
        result = subprocess.run(
            [sys.executable, "-m", "relance", *args, "--json"],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        value: dict[str, str] = json.loads(result.stdout)
        return value

    def new_client(self, scopes: str | None = None, company_id: str | None = None) -> Credentials:
        """An OAuth client of a company (a new company unless one is given)."""
        if company_id is None:
            company_id = str(self.cli("company", "create", "SDK tests")["id"])
        args = ["client", "create", "--company", company_id, "--name", "sdk"]
        if scopes is not None:
            args += ["--scopes", scopes]
        created = self.cli(*args)
        return Credentials(created["client_id"], created["client_secret"], company_id)
