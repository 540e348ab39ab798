"""Data for the browser test, made the way an integrator makes it: the CLI for the company, its
API client and its operator, then the HTTP API of a running ``relance serve``."""

from __future__ import annotations

import io
import math
import struct
import subprocess
import sys
import wave
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson

from relance.kit.timestamps import utcnow
from tests.cli.helpers import run_cli
from tests.dashboard.helpers import PASSWORD

API = "/external-api/v1"


@dataclass(frozen=True)
class Seeded:
    email: str
    debt_id: str  # the debt whose timeline the test opens
    foreign_debt_id: str  # another company's debt
    webhook_id: str  # an endpoint with one queued delivery (its test event)


def wav_bytes(seconds: float = 3.0, rate: int = 8000) -> bytes:
    """A valid mono 16-bit PCM WAV: a 440 Hz tone."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(int(seconds * rate))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def _ago(days: int, hours: int = 0) -> str:
    return (utcnow() - timedelta(days=days, hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _company_with_client(env: dict[str, str], cwd: Path, name: str) -> tuple[str, str, str]:
    company = str(run_cli(env, cwd, "company", "create", name)["id"])
    client = run_cli(env, cwd, "client", "create", "--company", company, "--name", "seed")
    return company, str(client["client_id"]), str(client["client_secret"])


def make_operator(env: dict[str, str], cwd: Path, email: str, company: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "relance", "operator", "create", email, "--company", company,
         "--password-stdin", "--json"],
        cwd=cwd, env=env, input=PASSWORD + "\n", capture_output=True, text=True, check=True,
    )  # fmt: skip
    parsed: dict[str, Any] = orjson.loads(result.stdout)
    return parsed


class _Api:
    def __init__(self, base: str, client_id: str, secret: str) -> None:
        form = {"grant_type": "client_credentials", "client_id": client_id}
        token = httpx.post(f"{base}/token", data=form | {"client_secret": secret}).json()
        self.http = httpx.Client(
            base_url=base + API, headers={"Authorization": f"Bearer {token['access_token']}"}
        )

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(path, json=body)
        assert response.status_code in (200, 201), response.text
        data: dict[str, Any] = response.json()["data"]
        return data

    def debt(self, first: str, last: str, amount: str, **extra: Any) -> str:
        address = f"{first}.{last}@example.com".encode("ascii", "ignore").decode().lower()
        body = {"firstname": first, "lastname": last, "amount": amount, "currency": "EUR"}
        return str(self.post("/debts", body | {"email": address} | extra)["id"])

    def followup(self, debt: str, **values: Any) -> str:
        return str(self.post("/followups", {"debt_id": debt, **values})["id"])


def seed(base: str, env: dict[str, str], cwd: Path, email: str, hook_url: str) -> Seeded:
    company, client_id, secret = _company_with_client(env, cwd, "Acme Recouvrement")
    make_operator(env, cwd, email, company)
    api = _Api(base, client_id, secret)
    camille = api.debt("Camille", "Martin", "1250.00", invoice_reference="INV-2026-0042")
    others = [
        ("Louis", "Bernard", "310.50"),
        ("Chloé", "Dubois", "89.90"),
        ("Hugo", "Lefebvre", "4200.00"),
        ("Emma", "Moreau", "640.00"),
    ]
    for first, last, amount in others:
        other = api.debt(first, last, amount)
        for day, (kind, status) in enumerate(
            [("call", "no_answer"), ("sms", "delivered"), ("email", "delivered"),
             ("call", "deal_not_found"), ("call", "deal_found"), ("email", "sent")]
        ):  # fmt: skip
            api.followup(other, type=kind, status=status, call_date=_ago(day * 2 + len(first)))
    api.followup(camille, type="sms", status="delivered", call_date=_ago(6),
                 summary="Reminder sent with the payment link")  # fmt: skip
    mail = api.followup(camille, type="email", status="delivered", call_date=_ago(5),
                        summary="Invoice INV-2026-0042 sent again")  # fmt: skip
    for event, event_id in (
        ("email.opened", "o1"),
        ("email.opened", "o2"),
        ("email.clicked", "c1"),
    ):
        api.post(f"/followups/{mail}/events",
                 {"event": event, "occurred_at": _ago(4), "event_id": event_id})  # fmt: skip
    api.followup(camille, type="call", status="no_answer", call_date=_ago(3), duration_ms=21_000,
                 direction="outbound", disconnection_reason="voicemail_reached")  # fmt: skip
    call = api.followup(
        camille, type="call", status="deal_found", call_date=_ago(2), duration_ms=184_000,
        direction="outbound", disconnection_reason="agent_hangup",
        summary="Agreed to pay 400 EUR now and the rest next month",
    )  # fmt: skip
    uploaded = api.http.put(
        f"/followups/{call}/recording", content=wav_bytes(), headers={"Content-Type": "audio/wav"}
    )
    assert uploaded.status_code == 200, uploaded.text
    api.post(f"/debts/{camille}/payments", {"amount": "400.00", "currency": "EUR",
             "paid_at": _ago(1), "reference": "SEPA-88121", "followup_id": call})  # fmt: skip
    # Registered last: its log holds the test event (and whatever the worker fans out to it).
    hook = {"url": hook_url, "events": ["followup.failed"], "description": "Acme CRM"}
    webhook = str(api.post("/webhooks", hook)["id"])
    tested = api.http.post(f"/webhooks/{webhook}/test")
    assert tested.status_code == 202, tested.text
    _other_company, other_id, other_secret = _company_with_client(env, cwd, "Other Collections")
    foreign = _Api(base, other_id, other_secret).debt("Foreign", "Debtor", "10.00")
    return Seeded(email, camille, foreign, webhook)
