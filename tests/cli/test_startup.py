"""What ``serve`` and ``db upgrade`` do before serving (SPEC 10): a database that is missing or
does not answer is one clear line and exit code 2, never a traceback; nodes that migrate a
fresh database at the same moment take turns."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from relance.db import migrate
from relance.db.connect import create_sync_engine
from tests import backends
from tests.cli.helpers import free_port
from tests.conftest import TEST_SECRET


def _relance(url: str, cwd: Path, *args: str) -> subprocess.Popen[str]:
    env = {"RELANCE_DATABASE_URL": url, "RELANCE_SECRET_KEY": TEST_SECRET, "PATH": "/usr/bin"}
    env["RELANCE_DATA_DIR"] = str(cwd / "data")
    return subprocess.Popen(
        [sys.executable, "-m", "relance", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _missing_database_url(tmp_path: Path) -> str:
    if backends.backend() == "postgresql":
        return backends.postgres_url(f"relance_missing_{uuid.uuid4().hex[:8]}")
    return f"sqlite:///{tmp_path / 'not-a-folder.db' / 'relance.db'}"


@pytest.mark.parametrize("command", [["db", "upgrade"], ["serve", "--port", "0"]])
@pytest.mark.parametrize("where", ["refused", "missing"])
def test_an_unreachable_database_is_one_clear_line_and_exit_code_2(
    tmp_path: Path, command: list[str], where: str
) -> None:
    (tmp_path / "not-a-folder.db").write_text("a file where a folder should be")
    if where == "refused":
        url = f"postgresql://relance:hunter2@127.0.0.1:{free_port()}/relance"
    else:
        url = _missing_database_url(tmp_path)
    if command[0] == "serve":
        command = ["serve", "--port", str(free_port())]
    process = _relance(url, tmp_path, *command)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert stdout == ""
    [line] = stderr.strip().splitlines()
    assert line.startswith("database unreachable: ")
    assert "hunter2" not in line  # the password is hidden
    assert "RELANCE_DATABASE_URL" in line
    if where == "refused":
        assert "refused" in line.lower()
    elif backends.backend() == "postgresql":
        assert "does not exist" in line


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    if backends.backend() != "postgresql":
        yield f"sqlite:///{tmp_path / 'fresh' / 'relance.db'}"
        return
    url = backends.postgres_url(f"relance_fresh_{uuid.uuid4().hex[:8]}")
    backends.ensure_postgres_database(url)
    try:
        yield url
    finally:
        admin = create_sync_engine(backends.postgres_url("postgres"))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            name = sa.engine.make_url(url).database
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_nodes_migrating_a_fresh_database_together_take_turns(
    fresh_database: str, tmp_path: Path
) -> None:
    processes = [_relance(fresh_database, tmp_path, "db", "upgrade", "--json") for _ in range(4)]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
    engine = create_sync_engine(fresh_database)
    try:
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
