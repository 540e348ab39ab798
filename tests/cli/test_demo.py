"""`relance demo` creates a working company, client, debts, followups and a payment."""

from __future__ import annotations

import httpx

from tests.cli.helpers import Cli, one_json_object


async def test_demo_prints_credentials_that_work_at_once(
    cli: Cli, client: httpx.AsyncClient
) -> None:
    result = cli("demo")
    assert result.returncode == 0, result.stderr
    demo = one_json_object(result)
    token = await client.post(
        "/token",
        data={"grant_type": "client_credentials"},
        auth=(demo["client_id"], demo["client_secret"]),
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

    followups = (await client.get("/external-api/v1/followups", headers=headers)).json()
    assert followups["pagination"]["total"] == len(demo["followup_ids"]) == 9
    debts = (await client.get("/external-api/v1/debts", headers=headers)).json()
    assert sorted(d["id"] for d in debts["data"]) == sorted(demo["debt_ids"])

    paid = await client.get(f"/external-api/v1/debts/{demo['debt_ids'][0]}", headers=headers)
    debt = paid.json()["data"]
    assert debt["amount_paid"] == 250.0
    assert debt["status"] == "status.default.partial"
    assert debt["followups_count"] == 3
    flagged = [f for f in followups["data"] if f["triggered_payment"]]
    assert len(flagged) == 1
    assert flagged[0]["debt_id"] == demo["debt_ids"][0]
