"""The README's ten-line receiver, run as written (secret and port filled in), verifies a real
delivery."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import httpx
from fastapi import FastAPI

from relance.config import Settings
from tests.cli.helpers import free_port
from tests.conftest import Tenant
from tests.webhooks.helpers import API, dispatching, register

README = Path(__file__).resolve().parents[2] / "README.md"


def receiver_code() -> str:
    text = README.read_text()
    found = re.search(r"```python\n(from http\.server .*?)```", text, re.DOTALL)
    assert found is not None, "the README's receiver example is gone"
    return found.group(1)


async def test_the_readme_receiver_verifies_a_delivery(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, settings: Settings
) -> None:
    code = receiver_code()
    assert len(code.strip().splitlines()) <= 12  # ten lines of logic, two of imports
    port = free_port()
    hook = await register(client, tenant, f"http://127.0.0.1:{port}/")
    code = code.replace('"whsec_..."', repr(hook["secret"])).replace("8080", str(port))
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        queued = await client.post(f"{API}/webhooks/{hook['id']}/test", headers=tenant.headers)
        event_id = queued.json()["data"]["event_id"]
        async with dispatching(app.state.relance.database, settings):
            assert process.stdout is not None
            line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 30)
    finally:
        process.kill()
        process.wait()
    assert line.split(" ")[:3] == [event_id, "webhook.test", "0"]
