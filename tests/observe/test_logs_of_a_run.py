"""SPEC 10 and 11 on a real ``relance serve``: every line it writes is one JSON object, each
request has its access line, no line holds a secret, a token, a signed link or a debtor's
personal data, and the links it hands out point at the port it serves (no RELANCE_PUBLIC_URL)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.cli.helpers import free_port, run_cli, server_env, serving_logged
from tests.media.helpers import MP3

API = "/external-api/v1"
PERSON = {
    "firstname": "Gwendoline",
    "lastname": "Quenouille-Zabrowski",
    "email": "gwendoline.quenouille@example.org",
    "phone": "+33612345678",
}
NEW_CONTACT = {"email": "g.zabrowski@example.net", "phone": "+33798765432"}


def _exercise(base: str, client_id: str, secret: str) -> list[str]:
    """Token, refresh, create, update, upload, the signed link, a wrong secret; returns every
    secret string that went over the wire."""
    with httpx.Client(base_url=base, timeout=30) as http:
        wrong = http.post(
            "/token",
            data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": "x"},
        )
        assert wrong.status_code == 401
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        issued = http.post("/token", data=form).json()
        refreshed = http.post(
            "/token",
            data={**form, "grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
        ).json()
        headers = {"Authorization": f"Bearer {refreshed['access_token']}"}
        debt = http.post(
            f"{API}/debts", json={**PERSON, "amount": 120, "currency": "EUR"}, headers=headers
        )
        assert debt.status_code == 201, debt.text
        debt_id = debt.json()["data"]["id"]
        updated = http.put(f"{API}/debts/{debt_id}", json=NEW_CONTACT, headers=headers)
        assert updated.status_code == 200, updated.text
        followup = http.post(
            f"{API}/followups",
            json={"debt_id": debt_id, "type": "call", "phone_number_used": PERSON["phone"]},
            headers=headers,
        ).json()["data"]
        upload = http.put(
            f"{API}/followups/{followup['id']}/recording",
            content=MP3,
            headers={**headers, "Content-Type": "audio/mpeg"},
        )
        assert upload.status_code == 200, upload.text
        link = upload.json()["data"]["audio_url"]
        assert link.startswith(f"{base}/media/")  # the served port, not :8000
        assert http.get(link).content == MP3
        return [
            secret,
            issued["access_token"],
            issued["refresh_token"],
            refreshed["access_token"],
            refreshed["refresh_token"],
            link.rsplit("/", 1)[1],
        ]


def test_a_whole_run_logs_json_lines_without_secrets_or_personal_data(
    tmp_path: Path, database_url: str
) -> None:
    env = server_env(tmp_path / "relance-data", database_url)
    run_cli(env, tmp_path, "db", "upgrade")
    company = run_cli(env, tmp_path, "company", "create", "Logged Ltd")
    company_id = str(company["id"])
    made = run_cli(env, tmp_path, "client", "create", "--company", company_id, "--name", "l")
    client_id, secret = str(made["client_id"]), str(made["client_secret"])
    port = free_port()
    with serving_logged(tmp_path, env, port) as node:
        assert node.base == f"http://127.0.0.1:{port}"
        secrets = _exercise(node.base, client_id, secret)
    text = node.log_path.read_text()
    lines: list[dict[str, Any]] = [json.loads(line) for line in text.splitlines()]
    forbidden = [*secrets, *PERSON.values(), *NEW_CONTACT.values(), "33612345678", "Gwendoline"]
    leaked = [value for value in forbidden if value in text]
    assert leaked == []
    access = [line for line in lines if line["logger"] == "relance.access"]
    routes = {(line["method"], line["route"], line["status"]) for line in access}
    assert ("POST", "/token", 401) in routes
    assert ("PUT", f"{API}/debts/{{debt_id}}", 200) in routes
    assert ("PUT", f"{API}/followups/{{followup_id}}/recording", 200) in routes
    assert ("GET", "/media/{token}", 200) in routes
    authorised = [line for line in access if line["route"] == f"{API}/debts/{{debt_id}}"]
    assert authorised[0]["client_id"] == client_id
    assert authorised[0]["company_id"] == company["id"]
    assert all(len(line["request_id"]) == 32 for line in access)
    assert any("relance serving on" in line["message"] for line in lines)
