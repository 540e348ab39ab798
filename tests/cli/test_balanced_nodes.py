"""SPEC 10 and 11, the README's "Operating several nodes": HAProxy in front of two
``relance serve`` nodes on one database (PostgreSQL, with Redis for the limits; on the SQLite
pass one shared file) and one S3 bucket (moto's server). Through the balancer: uploads served
by both nodes with ranges, ids, tokens and links valid everywhere, a revoked client refused on
both nodes within the bound, a node killed mid-run while the other keeps answering, a deleted
debt's objects gone from the bucket; /metrics scraped from each node."""

from __future__ import annotations

import json
import signal
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

from tests import backends
from tests.cli.balancer import balancing
from tests.cli.helpers import Served, free_port, run_cli, server_env, serving_logged
from tests.media.helpers import MP3, PDF, S3Server
from tests.ratelimit.helpers import REDIS_URL

API = "/external-api/v1"
RECORDING = MP3 * 8  # ~80 kB
REVOCATION_BOUND = 0.5  # RELANCE_REVOCATION_REFRESH_SECONDS of the nodes


def _token(http: httpx.Client, client_id: str, secret: str) -> dict[str, str]:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    answer = http.post("/token", data=form)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _client(env: dict[str, str], cwd: Path, company: str, name: str) -> tuple[str, str]:
    made = run_cli(env, cwd, "client", "create", "--company", company, "--name", name)
    return str(made["client_id"]), str(made["client_secret"])


def _media_lines(node: Served) -> int:
    lines = [json.loads(line) for line in node.log_path.read_text().splitlines()]
    return sum(line.get("route") == "/media/{token}" for line in lines)


def _counted(page: str, route: str) -> float:
    return sum(
        float(row.rsplit(" ", 1)[1])
        for row in page.splitlines()
        if row.startswith("relance_http_requests_total{") and f'route="{route}"' in row
    )


def test_two_nodes_behind_haproxy_are_one_service(
    tmp_path: Path,
    database_url: str,
    s3_server: S3Server,
    s3_bucket: str,
) -> None:
    env = server_env(tmp_path / "relance-data", database_url)
    env |= s3_server.env()
    env["RELANCE_MEDIA_STORE"] = f"s3://{s3_bucket}/media"
    env["RELANCE_REVOCATION_REFRESH_SECONDS"] = str(REVOCATION_BOUND)
    if backends.backend() == "postgresql":
        env["RELANCE_REDIS_URL"] = REDIS_URL
    ports = [free_port(), free_port()]
    with ExitStack() as stack:
        run_cli(env, tmp_path, "db", "upgrade")
        company = str(run_cli(env, tmp_path, "company", "create", "Balanced")["id"])
        client_id, secret = _client(env, tmp_path, company, "main")
        doomed_id, doomed_secret = _client(env, tmp_path, company, "doomed")
        # Links must name the balancer: the nodes learn its address before they start.
        lb_port = free_port()
        env["RELANCE_PUBLIC_URL"] = f"http://127.0.0.1:{lb_port}"
        nodes = [stack.enter_context(serving_logged(tmp_path, env, port)) for port in ports]
        lb = stack.enter_context(balancing(tmp_path, [n.base for n in nodes], lb_port))
        http = stack.enter_context(httpx.Client(base_url=lb, timeout=30))
        headers = _token(http, client_id, secret)

        # Write through the balancer: a debt, two followups, a recording and a PDF.
        debt = http.post(
            f"{API}/debts",
            json={
                "firstname": "Ada",
                "lastname": "B",
                "email": "a@example.com",
                "amount": 50,
                "currency": "EUR",
            },
            headers=headers,
        )
        assert debt.status_code == 201, debt.text
        debt_id = debt.json()["data"]["id"]
        followups = [
            http.post(
                f"{API}/followups", json={"debt_id": debt_id, "type": "call"}, headers=headers
            ).json()["data"]["id"]
            for _ in range(2)
        ]
        audio = http.put(
            f"{API}/followups/{followups[0]}/recording",
            content=RECORDING,
            headers={**headers, "Content-Type": "audio/mpeg"},
        )
        assert audio.status_code == 200, audio.text
        document = http.put(
            f"{API}/followups/{followups[1]}/document",
            content=PDF,
            headers={**headers, "Content-Type": "application/pdf"},
        )
        assert document.status_code == 200, document.text
        assert len(s3_server.keys(s3_bucket)) == 2
        audio_url, pdf_url = audio.json()["data"]["audio_url"], document.json()["data"]["pdf_url"]
        assert audio_url.startswith(f"{lb}/media/")

        # Read many times: round robin sends them to both nodes; ids and links work on each.
        for i in range(12):
            start = 1000 * i
            part = http.get(audio_url, headers={"Range": f"bytes={start}-{start + 4999}"})
            assert part.status_code == 206
            assert part.content == RECORDING[start : start + 5000]
            assert http.get(pdf_url).content == PDF
            got = http.get(f"{API}/followups/{followups[i % 2]}", headers=headers)
            assert got.status_code == 200, got.text
        assert all(_media_lines(node) > 0 for node in nodes)
        scraped = [httpx.get(f"{node.base}/metrics").text for node in nodes]
        assert all(_counted(page, "/media/{token}") > 0 for page in scraped)
        assert all("relance_db_pool_connections" in page for page in scraped)
        assert http.get("/metrics").status_code == 403  # not on the public side

        # A revoked client is refused by every node within the bound.
        doomed = _token(http, doomed_id, doomed_secret)
        run_cli(env, tmp_path, "client", "revoke", doomed_id)
        time.sleep(REVOCATION_BOUND * 3)
        for node in nodes:
            refused = httpx.get(f"{node.base}{API}/debts/{debt_id}", headers=doomed)
            assert refused.status_code == 401

        # One node dies mid-run; the other keeps answering (only a request in flight on the
        # dead node may be lost).
        failures, answered = 0, 0
        for i in range(40):
            if i == 10:
                nodes[0].process.send_signal(signal.SIGKILL)
                nodes[0].process.wait()
            try:
                status = http.get(f"{API}/debts/{debt_id}", headers=headers).status_code
            except httpx.TransportError:
                status = 0
            answered += status == 200
            failures += status != 200
        assert failures <= 1
        assert answered >= 39
        assert http.get(audio_url).content == RECORDING

        # Deleting the debt removes its objects from the bucket.
        deleted = http.delete(f"{API}/debts/{debt_id}", headers=headers)
        assert deleted.status_code == 200, deleted.text
        assert s3_server.keys(s3_bucket) == []
        assert http.get(audio_url).status_code == 404
