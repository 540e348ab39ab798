"""Webhooks' cost on the write path, and the worker's delivery rate (issue 14).

One real ``relance serve`` on PostgreSQL, loaded by wrk over loopback: followup creates and
updates with no webhook registered, then with one webhook for every event ("*") and a real
``relance worker`` delivering to a loopback receiver, alternated (none, hook, none, hook) in one
run. Then the worker alone drains a backlog of deliveries: deliveries per second.

    .venv/bin/python -m scripts.webhook_bench [--seconds 10] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from tests import backends
from tests.cli.helpers import free_port, run_cli
from tests.conftest import TEST_SECRET
from tests.webhooks.receiver import Receiver

URL = "postgresql://postgres@127.0.0.1:5432/relance_bench_webhooks"
API = "/external-api/v1"
_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELANCE_")}
    return env | {
        "RELANCE_DATABASE_URL": URL,
        "RELANCE_SECRET_KEY": TEST_SECRET,
        "RELANCE_DATA_DIR": str(data),
        "RELANCE_WEBHOOKS_ALLOW_PRIVATE": "true",
        "RELANCE_RATE_LIMIT_WRITES": "1000000000",
        "RELANCE_RATE_LIMIT_READS": "1000000000",
    }


def _lua(path: Path, method: str, token: str, targets: list[str], body: str) -> Path:
    """A wrk script cycling over ``targets`` (debt ids for creates, followup ids for updates)."""
    ids = ",".join(f'"{t}"' for t in targets)
    path.write_text(
        f"""
local ids = {{{ids}}}
local n = 0
wrk.method = "{method}"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local statuses = {{"sent", "deal_found", "no_answer", "scheduled"}}
  local status = statuses[(n % 4) + 1]
  local body = string.gsub(string.gsub('{body}', "ID", id), "STATUS", status)
  local path = "{API}/followups"
  if wrk.method == "PUT" then path = path .. "/" .. id end
  return wrk.format(nil, path, nil, body)
end
"""
    )
    return path


def _wrk(base: str, script: Path, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{seconds}s", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = _RPS.search(out)
    assert found, out
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert non2xx is None, out
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--drain-only", action="store_true")
    args = parser.parse_args()
    backends.ensure_postgres_database(URL)
    backends.reset_postgres_schema(URL)
    work = Path(tempfile.mkdtemp(prefix="relance-webhook-bench-"))
    env = _env(work / "data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen(
        [sys.executable, "-m", "relance", "serve", "--port", str(port)],
        env=env,
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    receiver = Receiver().start()
    try:
        _run(args, env, work, base, receiver)
    finally:
        receiver.stop()
        serve.terminate()
        serve.wait(30)


def _run(
    args: argparse.Namespace, env: dict[str, str], work: Path, base: str, receiver: Receiver
) -> None:
    for _ in range(100):
        try:
            httpx.get(f"{base}/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    company = run_cli(env, work, "company", "create", "Bench")
    made = run_cli(env, work, "client", "create", "--company", str(company["id"]), "--name", "b")
    http = httpx.Client(base_url=base + API, timeout=30)
    token = http.post(
        f"{base}/token",
        data={"grant_type": "client_credentials"},
        auth=(str(made["client_id"]), str(made["client_secret"])),
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    debt = {
        "firstname": "A",
        "lastname": "B",
        "email": "a@b.example",
        "amount": "10.00",
        "currency": "EUR",
    }
    debts = [
        http.post("/debts", json=debt, headers=headers).json()["data"]["id"] for _ in range(50)
    ]
    followups = [
        http.post("/followups", json={"debt_id": d}, headers=headers).json()["data"]["id"]
        for d in debts
        for _ in range(4)
    ]
    create = _lua(
        work / "create.lua", "POST", token, debts, '{"debt_id": "ID", "status": "STATUS"}'
    )
    update = _lua(
        work / "update.lua", "PUT", token, followups, '{"status": "STATUS", "summary": "x"}'
    )
    if args.drain_only:
        print(
            json.dumps({"deliveries_per_second": _drain(env, work, http, headers, receiver, debts)})
        )
        return
    results: dict[str, dict[str, list[float]]] = {"none": {}, "hook": {}}
    for _round in range(args.rounds):
        for mode in ("none", "hook"):
            worker = None
            if mode == "hook":
                hook = {"url": receiver.url, "events": ["*"]}
                hook_id = http.post("/webhooks", json=hook, headers=headers).json()["data"]["id"]
                worker = subprocess.Popen(
                    [sys.executable, "-m", "relance", "worker"], env=env, cwd=work,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            for name, script in (("create", create), ("update", update)):
                rps = _wrk(base, script, args.seconds)
                results[mode].setdefault(name, []).append(rps)
                print(f"{mode:5} {name:6} {rps:8.1f} req/s", flush=True)
            if worker is not None:
                worker.terminate()
                worker.wait(60)
                http.delete(f"/webhooks/{hook_id}", headers=headers)
    summary: dict[str, dict[str, float] | float] = {
        name: {
            "none": max(results["none"][name]),
            "hook": max(results["hook"][name]),
            "ratio": round(max(results["hook"][name]) / max(results["none"][name]), 3),
        }
        for name in ("create", "update")
    }
    summary["deliveries_per_second"] = _drain(env, work, http, headers, receiver, debts)
    print(json.dumps(summary, indent=2))


def _drain(
    env: dict[str, str],
    work: Path,
    http: httpx.Client,
    headers: dict[str, str],
    receiver: Receiver,
    debts: list[str],
) -> float:
    """The worker alone against a backlog of 3,000 followup.updated deliveries."""
    hook = {"url": receiver.url, "events": ["followup.updated"]}
    http.post("/webhooks", json=hook, headers=headers)
    followup = http.post("/followups", json={"debt_id": debts[0]}, headers=headers).json()["data"]
    for n in range(3000):
        http.put(f"/followups/{followup['id']}", json={"summary": f"s{n}"}, headers=headers)
    before = len(receiver.requests())
    started = time.monotonic()
    worker = subprocess.Popen(
        [sys.executable, "-m", "relance", "worker"], env=env, cwd=work,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        receiver.wait_for(before + 3000, timeout=300)
        return round(3000 / (time.monotonic() - started), 1)
    finally:
        worker.terminate()
        worker.wait(60)


if __name__ == "__main__":
    main()
