"""The operator CLI, run as the installed ``relance`` console script against the test database."""

from __future__ import annotations

import httpx
import pytest

from relance.cli import operators
from relance.config import Settings
from relance.kit.ids import IdCodec, IdKind
from tests.cli.helpers import Cli, one_json_object


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
