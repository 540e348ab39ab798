"""kill -9 in the middle of a burst of writes: every write the server acknowledged survives.

A burst of debt creations and payments runs against a real ``relance serve``; the process is
killed with SIGKILL while requests are in flight, restarted on the same database, and every
debt and payment that had been answered 201 must be there and whole (the object read back
equals the one acknowledged; each debt's paid amount is the sum of its acknowledged payments).
"""

from __future__ import annotations

import asyncio
import os
import signal
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from tests.attack.server import Credentials, make_client, own_database, start, stop

API = "/external-api/v1"
WRITERS = 8
KILL_AFTER_SECONDS = 3.0


async def _writer(
    http: httpx.AsyncClient, number: int, debts: list[dict[str, Any]], payments: list[Any]
) -> None:
    index = 0
    while True:
        index += 1
        body = {
            "firstname": f"W{number}",
            "lastname": f"N{index}",
            "amount": "100.00",
            "currency": "EUR",
            "email": f"w{number}.{index}@example.com",
            "metadata": {"writer": number, "index": index},
        }
        try:
            created = await http.post(f"{API}/debts", json=body)
            if created.status_code != 201:
                raise AssertionError(created.text)
            debt = created.json()["data"]
            debts.append(debt)
            paid = await http.post(
                f"{API}/debts/{debt['id']}/payments",
                json={"amount": "12.34", "currency": "EUR", "paid_at": "2024-05-01T10:00:00Z"},
            )
            if paid.status_code != 201:
                raise AssertionError(paid.text)
            payments.append(paid.json()["data"])
        except httpx.TransportError:
            return  # the server is gone: what it acknowledged so far is what must survive


async def _burst(base_url: str, credentials: Credentials, kill: Any) -> tuple[list[Any], list[Any]]:
    debts: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    async with httpx.AsyncClient(
        base_url=base_url, headers=credentials.headers, timeout=30
    ) as http:
        writers = [asyncio.create_task(_writer(http, n, debts, payments)) for n in range(WRITERS)]
        await asyncio.sleep(KILL_AFTER_SECONDS)
        kill()
        await asyncio.gather(*writers)
    return debts, payments


def test_sigkill_mid_burst_loses_no_acknowledged_write(tmp_path: Path) -> None:
    with own_database(tmp_path) as env:
        server = start(env, tmp_path)
        try:
            credentials = make_client(server)
            debts, payments = asyncio.run(
                _burst(server.base_url, credentials, lambda: os.kill(server.pid, signal.SIGKILL))
            )
            server.process.wait(timeout=10)
        finally:
            stop(server)
        assert len(debts) >= WRITERS, "the burst acknowledged too little to test anything"

        restarted = start(env, tmp_path)
        try:
            _check_survivors(restarted.base_url, credentials, debts, payments)
        finally:
            stop(restarted)


def _check_survivors(
    base_url: str, credentials: Credentials, debts: list[Any], payments: list[Any]
) -> None:
    paid: dict[str, Decimal] = {}
    for payment in payments:
        paid[payment["debt_id"]] = paid.get(payment["debt_id"], Decimal(0)) + Decimal("12.34")
    with httpx.Client(base_url=base_url, headers=credentials.headers, timeout=30) as http:
        for debt in debts:
            now = http.get(f"{API}/debts/{debt['id']}")
            assert now.status_code == 200, now.text
            stored = now.json()["data"]
            # Whole: every field as acknowledged, but for what the later payments changed.
            changed = {"amount_paid", "amount_remaining", "status"}
            assert {k: v for k, v in stored.items() if k not in changed} == {
                k: v for k, v in debt.items() if k not in changed
            }
            # A payment may have committed just before the kill without its answer arriving:
            # never less than acknowledged, at most one more.
            expected = paid.get(debt["id"], Decimal(0))
            assert Decimal(str(stored["amount_paid"])) - expected in (Decimal(0), Decimal("12.34"))
        for payment in payments:
            listed = http.get(f"{API}/debts/{payment['debt_id']}/payments").json()["data"]
            assert payment in listed
