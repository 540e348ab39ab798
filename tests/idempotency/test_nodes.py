"""SPEC 7 and 9 on real `relance serve` processes: on PostgreSQL two nodes share one database
and one Redis, and a client's limit is one limit across both, and 50 concurrent identical POSTs
spread over both create one followup and one payment. On SQLite, the same on one node."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import backends
from tests.cli.helpers import run_cli, server_env, serving
from tests.ratelimit.helpers import REDIS_URL


@pytest.fixture
def nodes(tmp_path: Path, database_url: str) -> Iterator[tuple[list[str], dict[str, str]]]:
    env = server_env(tmp_path / "relance-data", database_url)
    env["RELANCE_REVOCATION_REFRESH_SECONDS"] = "0.2"
    count = 1
    if backends.backend() == "postgresql":
        env["RELANCE_REDIS_URL"] = REDIS_URL
        count = 2
    with ExitStack() as stack:
        bases = [stack.enter_context(serving(tmp_path, env)) for _ in range(count)]
        yield bases, env


def _client(env: dict[str, str], cwd: Path, reads: int) -> tuple[str, str]:
    company = run_cli(env, cwd, "company", "create", "Two Nodes")
    made = run_cli(env, cwd, "client", "create", "--company", str(company["id"]), "--name", "n")
    client_id, secret = str(made["client_id"]), str(made["client_secret"])
    run_cli(env, cwd, "client", "limits", client_id, "--reads", str(reads), "--writes", "500")
    return client_id, secret


async def _token(base: str, client_id: str, secret: str) -> dict[str, str]:
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{base}/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def test_one_limit_across_the_nodes(
    nodes: tuple[list[str], dict[str, str]], tmp_path: Path
) -> None:
    bases, env = nodes
    headers = await _token(bases[0], *_client(env, tmp_path, reads=10))
    async with httpx.AsyncClient() as http:
        answers = [
            await http.get(f"{bases[i % len(bases)]}/external-api/v1/debts", headers=headers)
            for i in range(11)
        ]
    assert [a.status_code for a in answers] == [200] * 10 + [429]
    remaining = [int(a.headers["x-ratelimit-remaining"]) for a in answers]
    assert remaining == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]
    assert int(answers[-1].headers["retry-after"]) >= 1


async def test_fifty_identical_posts_over_the_nodes_do_it_once(
    nodes: tuple[list[str], dict[str, str]], tmp_path: Path
) -> None:
    bases, env = nodes
    headers = await _token(bases[0], *_client(env, tmp_path, reads=1000))
    api = [f"{base}/external-api/v1" for base in bases]
    debt = {"firstname": "Ada", "lastname": "Martin", "email": "ada@example.com"}
    async with httpx.AsyncClient(timeout=60) as http:
        created = await http.post(
            f"{api[0]}/debts", json={**debt, "amount": 900, "currency": "EUR"}, headers=headers
        )
        debt_id = created.json()["data"]["id"]

        async def burst(path: str, body: dict[str, Any], key: str) -> list[httpx.Response]:
            keyed = {**headers, "Idempotency-Key": key}
            return list(
                await asyncio.gather(
                    *(
                        http.post(f"{api[i % len(api)]}{path}", json=body, headers=keyed)
                        for i in range(50)
                    )
                )
            )

        followups = await burst("/followups", {"debt_id": debt_id, "type": "call"}, "f-1")
        payments = await burst(
            f"/debts/{debt_id}/payments",
            {"amount": 300, "currency": "EUR", "paid_at": "2024-03-01"},
            "p-1",
        )
        for answers in (followups, payments):
            assert {a.status_code for a in answers} == {201}
            assert len({a.json()["data"]["id"] for a in answers}) == 1
            assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == 49
        listed = await http.get(f"{api[-1]}/followups/debt/{debt_id}", headers=headers)
        assert listed.json()["pagination"]["total"] == 1
        paid = await http.get(f"{api[-1]}/debts/{debt_id}", headers=headers)
        assert paid.json()["data"]["amount_paid"] == 300
        listed_payments = await http.get(f"{api[0]}/debts/{debt_id}/payments", headers=headers)
        assert listed_payments.json()["pagination"]["total"] == 1
