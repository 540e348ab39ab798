"""The operator CLI, run as the installed ``relance`` console script against the test database."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from relance import operators
from relance.config import Settings
from relance.ids import IdCodec, IdKind
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


async def test_company_client_create_and_revoke_round_trip(
    cli: Cli, client: httpx.AsyncClient, settings: Settings
) -> None:
    created = cli("company", "create", "CLI Co")
    assert created.returncode == 0, created.stderr
    company = one_json_object(created)
    assert set(company) == {"id", "name"}
    assert company["name"] == "CLI Co"
    assert IdCodec(settings.secret).decode(IdKind.COMPANY, company["id"])

    made = cli(
        "client", "create", "--company", company["id"], "--name", "ci",
        "--scopes", "followups:read debts:read",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    credentials = one_json_object(made)
    assert set(credentials) == {"client_id", "client_secret", "scopes"}
    assert credentials["scopes"] == "followups:read debts:read"

    form = {"grant_type": "client_credentials"} | {
        key: credentials[key] for key in ("client_id", "client_secret")
    }
    granted = await client.post("/token", data=form)
    assert granted.status_code == 200
    assert granted.json()["scope"] == "followups:read debts:read"

    revoked = cli("client", "revoke", credentials["client_id"])
    assert revoked.returncode == 0, revoked.stderr
    assert one_json_object(revoked) == {
        "client_id": credentials["client_id"],
        "revoked": True,
        "already_revoked": False,
    }
    refused = await client.post("/token", data=form)
    assert refused.status_code == 401


@pytest.mark.parametrize(
    ("scopes", "message"),
    [("followups:read admin:all", "unknown scopes: admin:all"), ("", "--scopes is empty")],
    ids=["unknown-scope", "empty-scopes"],
)
async def test_client_create_refuses_bad_scopes(
    cli: Cli, settings: Settings, scopes: str, message: str
) -> None:
    company = await operators.create_company(settings, "Scopes Co")
    result = cli("client", "create", "--company", company["id"], "--name", "ci", "--scopes", scopes)
    assert result.returncode == 1
    assert message in one_json_object(result)["error"]


@pytest.mark.parametrize(
    ("company", "message"),
    [("not-an-id", "not a company id"), (None, "no such company")],
    ids=["malformed", "unknown"],
)
async def test_client_create_refuses_an_unknown_company(
    cli: Cli, settings: Settings, company: str | None, message: str
) -> None:
    company = company or IdCodec(settings.secret).encode(IdKind.COMPANY, 2**40)
    result = cli("client", "create", "--company", company, "--name", "ci")
    assert result.returncode == 1
    assert message in one_json_object(result)["error"]


async def test_revoking_an_unknown_client_fails_with_a_message(cli: Cli) -> None:
    as_json = cli("client", "revoke", "rlc_nobody")
    assert as_json.returncode == 1
    assert "no such client: rlc_nobody" in one_json_object(as_json)["error"]
    plain = cli("client", "revoke", "rlc_nobody", as_json=False)
    assert plain.returncode == 1
    assert plain.stdout == ""
    assert "no such client" in plain.stderr
