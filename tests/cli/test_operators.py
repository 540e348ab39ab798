"""The operator CLI, run as the installed ``relance`` console script against the test database."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from relance.cli import operators
from relance.config import Settings
from relance.dashboard.repository import operator_by_email
from relance.db.transaction import run_in_transaction
from relance.kit.ids import IdCodec, IdKind
from tests.cli.helpers import Cli, one_json_object
from tests.conftest import TEST_SECRET
from tests.dashboard.helpers import log_in, login_form


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


def _operator_create(
    cli_env: dict[str, str], cwd: str, *args: str, stdin: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relance", "operator", "create", *args, "--json"],
        env=cli_env, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip


async def test_operator_create_hashes_the_password_and_never_prints_it(
    cli: Cli, settings: Settings, tmp_path: Path, client: httpx.AsyncClient
) -> None:
    company = one_json_object(cli("company", "create", "Dashboard Co"))["id"]
    env = {**os.environ, "RELANCE_DATABASE_URL": str(settings.database_url)}
    env |= {"RELANCE_SECRET_KEY": TEST_SECRET, "RELANCE_DATA_DIR": str(tmp_path / "d")}
    email = f"Op-{secrets.token_hex(3)}@Example.com"
    password = "a long operator password"

    made = _operator_create(
        env, str(tmp_path), email, "--company", company, "--password-stdin", stdin=password + "\n"
    )
    prompted = _operator_create(
        env, str(tmp_path), "p" + email, "--company", company, stdin=f"{password}\n{password}\n"
    )
    again = _operator_create(
        env, str(tmp_path), email.lower(), "--company", company, "--password-stdin", stdin=password
    )
    short = _operator_create(
        env, str(tmp_path), "x" + email, "--company", company, "--password-stdin", stdin="short"
    )
    unknown = _operator_create(
        env, str(tmp_path), "y" + email, "--company", "nope", "--password-stdin", stdin=password
    )

    assert made.returncode == 0, made.stderr
    assert one_json_object(made) == {"email": email.lower(), "company": company}
    assert prompted.returncode == 0, prompted.stderr
    assert one_json_object(prompted)["email"] == "p" + email.lower()
    for result in (made, prompted):
        assert password not in result.stdout + result.stderr
    assert one_json_object(again) == {
        "error": f"an operator with this email already exists: {email.lower()}"
    }
    assert one_json_object(short) == {"error": "the password must be at least 10 characters"}
    assert one_json_object(unknown) == {"error": "not a company id: nope"}
    stored = await _operator_row(settings, email.lower())
    assert stored["password_hash"].startswith("$argon2id$")
    assert password not in stored["password_hash"]
    form = await login_form(client)
    assert (await log_in(client, email, password, form)).status_code == 303


async def _operator_row(settings: Settings, email: str) -> dict[str, Any]:
    row = await run_in_transaction(
        settings.effective_database_url, lambda tx: operator_by_email(tx, email)
    )
    assert row is not None
    return row
