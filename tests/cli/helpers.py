"""Running the installed ``relance`` console script against the test database."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from relance.config import Settings
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
