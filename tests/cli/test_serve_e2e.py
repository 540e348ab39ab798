"""A real `relance serve` process on the zero-configuration default, started twice."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests import backends
from tests.cli.helpers import run_cli, server_env, serving


def test_serve_starts_and_a_restart_keeps_the_data(tmp_path: Path, database_url: str) -> None:
    data_dir = tmp_path / "relance-data"
    env = server_env(data_dir, database_url)
    with serving(tmp_path, env) as base:
        health = httpx.get(f"{base}/health").json()
        assert health["status"] == "ok"
        assert health["database"]["backend"] == backends.backend()
    secret_file = data_dir / "secret.key"
    secret = secret_file.read_text() if backends.backend() == "sqlite" else None
    company = run_cli(env, tmp_path, "company", "create", "Kept Across Restarts")
    client = run_cli(
        env, tmp_path, "client", "create", "--company", str(company["id"]), "--name", "x"
    )

    with serving(tmp_path, env) as base:
        assert httpx.get(f"{base}/health").json()["migrations"]["up_to_date"] is True
        token = httpx.post(
            f"{base}/token",
            data={"grant_type": "client_credentials"},
            auth=(str(client["client_id"]), str(client["client_secret"])),
        )
        assert token.status_code == 200, token.text
    if secret is not None:
        assert secret_file.read_text() == secret
