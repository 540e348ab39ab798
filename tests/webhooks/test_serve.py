"""A real ``relance serve``: on the embedded SQLite default it delivers in process (no worker
runs); on PostgreSQL a ``relance worker`` delivers what the server wrote to the outbox."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import httpx

from tests import backends
from tests.cli.helpers import run_cli, server_env, serving
from tests.webhooks.helpers import verified
from tests.webhooks.receiver import Receiver
from tests.webhooks.workers import worker, worker_env

DEBT = {
    "firstname": "Ann",
    "lastname": "Serve",
    "email": "ann@example.com",
    "amount": "10.00",
    "currency": "EUR",
}


def test_serve_delivers_on_sqlite_and_with_a_worker_on_postgresql(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    env = server_env(tmp_path / "relance-data", database_url)
    env |= {"RELANCE_WEBHOOKS_ALLOW_PRIVATE": "true", "RELANCE_WEBHOOK_POLL_SECONDS": "0.05"}
    with ExitStack() as stack:
        base = stack.enter_context(serving(tmp_path, env))
        if backends.backend() == "postgresql":
            stack.enter_context(worker(worker_env(database_url, tmp_path), tmp_path))
        company = run_cli(env, tmp_path, "company", "create", "Served")
        made = run_cli(
            env, tmp_path, "client", "create", "--company", str(company["id"]), "--name", "c"
        )
        with httpx.Client(base_url=f"{base}/external-api/v1") as http:
            token = http.post(
                f"{base}/token",
                data={"grant_type": "client_credentials"},
                auth=(str(made["client_id"]), str(made["client_secret"])),
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            hook = http.post(
                "/webhooks", json={"url": receiver.url, "events": ["debt.created"]}, headers=headers
            ).json()["data"]
            debt = http.post("/debts", json=DEBT, headers=headers).json()["data"]
            got = receiver.wait_for(1)
    event = verified(got[0], hook["secret"])
    assert (event["type"], event["data"]) == ("debt.created", debt)
