"""Real ``relance worker`` processes for the webhook tests, on the test database."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import TEST_SECRET

_ATTEMPTS = re.compile(r"stopped after (\d+) delivery attempts")


def worker_env(database_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("RELANCE_")}
    env |= {
        "RELANCE_DATABASE_URL": database_url,
        "RELANCE_SECRET_KEY": TEST_SECRET,
        "RELANCE_DATA_DIR": str(data_dir),
        "RELANCE_WEBHOOKS_ALLOW_PRIVATE": "true",
        "RELANCE_WEBHOOK_POLL_SECONDS": "0.05",
        "RELANCE_WEBHOOK_BACKOFF_BASE": "0.2",
    }
    env |= {f"RELANCE_{name.upper()}": value for name, value in settings.items()}
    return env


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, then the exit; returns the delivery attempts the worker reported."""
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout) == 0, self.log.read_text()
        found = _ATTEMPTS.search(self.log.read_text())
        assert found is not None, self.log.read_text()
        return int(found.group(1))

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no chance to record anything
        self.process.wait(10)


@contextmanager
def worker(env: dict[str, str], cwd: Path, name: str = "worker") -> Iterator[Worker]:
    log = cwd / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "relance", "worker"],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    running = Worker(process, log)
    try:
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
