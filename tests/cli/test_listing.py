"""``relance company list`` and ``relance client list [--company ID]``: one JSON object with
``--json``, a line per item without it, and never a secret."""

from __future__ import annotations

from tests.cli.helpers import Cli, one_json_object


def test_lists_show_companies_and_clients_but_never_a_secret(cli: Cli) -> None:
    first = one_json_object(cli("company", "create", "Listed One"))
    second = one_json_object(cli("company", "create", "Listed Two"))
    made = one_json_object(cli("client", "create", "--company", first["id"], "--name", "crm"))
    one_json_object(cli("client", "create", "--company", second["id"], "--name", "erp"))
    one_json_object(cli("client", "limits", made["client_id"], "--reads", "7", "--writes", "3"))
    one_json_object(cli("client", "revoke", made["client_id"]))

    companies = one_json_object(cli("company", "list"))["companies"]
    listed = {company["id"]: company for company in companies}
    assert listed[first["id"]]["name"] == "Listed One"
    assert set(listed[second["id"]]) == {"id", "name", "created_at"}

    everyone = cli("client", "list")
    assert made["client_secret"] not in everyone.stdout
    assert {c["company_id"] for c in one_json_object(everyone)["clients"]} >= {
        first["id"],
        second["id"],
    }
    [client] = one_json_object(cli("client", "list", "--company", first["id"]))["clients"]
    assert client["client_id"] == made["client_id"]
    assert client["name"] == "crm"
    assert client["revoked"] is True
    assert client["limits"] == {"reads": 7, "writes": 3, "window": 3600}
    assert "secret" not in " ".join(client)

    human = cli("client", "list", "--company", first["id"], as_json=False)
    assert human.returncode == 0
    assert f"client_id={made['client_id']}" in human.stdout
    assert made["client_secret"] not in human.stdout


def test_client_list_of_an_unknown_company_is_an_error(cli: Cli) -> None:
    unknown = cli("client", "list", "--company", "not-an-id")
    assert unknown.returncode == 1
    assert one_json_object(unknown) == {"error": "not a company id: not-an-id"}
