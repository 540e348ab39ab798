"""What the observe middleware costs a request: the same relance app with and without it,
served alike (one uvicorn worker on core 0, access lines written as JSON to a file), loaded by
wrk on core 1, in alternating rounds of one run. The figure is the server process's CPU time
per request (utime + stime over wrk's request count), which other load on the machine changes
far less than requests per second; the least disturbed run of each side is compared.

    .venv/bin/python -m bench.observe_cost [--seconds 10] [--rounds 3]

Two requests: GET /health/live (almost nothing else, so the middleware's share is largest)
and GET /external-api/v1/debts/{id} (a bearer token, a rate-limit hit and one SQLite read).
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
import urllib.request
from pathlib import Path

from bench.servers import free_port
from relance.observe.logs import logging_config

_UVICORN = ["--host", "127.0.0.1", "--loop", "uvloop", "--http", "httptools", "--no-access-log"]
APPS = {"with": "relance.asgi:app", "without": "bench.without_observe:app"}


def _relance(env: dict[str, str], *args: str) -> dict[str, object]:
    relance = Path(sys.executable).with_name("relance")
    out = subprocess.run([str(relance), *args, "--json"], env=env, capture_output=True, check=True)
    parsed: dict[str, object] = json.loads(out.stdout)
    return parsed


def _serve(app: str, port: int, env: dict[str, str], work: Path) -> subprocess.Popen[bytes]:
    log = (work / f"{app.split(':')[0]}.log").open("ab")
    command = ["taskset", "-c", "0", sys.executable, "-m", "uvicorn", app, *_UVICORN]
    command += ["--port", str(port), "--log-config", str(work / "logging.json")]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{app} did not start")


def _cpu_seconds(pid: int) -> float:
    """utime + stime of the server process: its CPU, whatever else runs on the machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wrk(url: str, seconds: int, token: str, pid: int) -> float:
    """Microseconds of server CPU per request over one wrk run."""
    command = ["taskset", "-c", "1", "wrk", "-t1", "-c8", f"-d{seconds}s", url]
    command += ["-H", f"Authorization: Bearer {token}"]
    before = _cpu_seconds(pid)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    spent = _cpu_seconds(pid) - before
    found = re.search(r"(\d+) requests in", out)
    assert found, out
    return spent / int(found.group(1)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="relance-observe-cost-"))
    (work / "logging.json").write_text(json.dumps(logging_config()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELANCE_")}
    env |= {"RELANCE_DATA_DIR": str(work / "data"), "RELANCE_RATE_LIMIT_READS": "100000000"}
    _relance(env, "db", "upgrade")
    demo = _relance(env, "demo")
    ports = {"with": free_port(), "without": free_port()}
    debt = str(demo["debt_ids"][0])  # type: ignore[index]
    paths = {"live": "/health/live", "debt": f"/external-api/v1/debts/{debt}"}
    results: dict[str, dict[str, list[float]]] = {p: {"with": [], "without": []} for p in paths}
    servers: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, app in APPS.items():
            servers[name] = _serve(app, ports[name], env, work)
        token = _token(ports["with"], str(demo["client_id"]), str(demo["client_secret"]))
        for _ in range(options.rounds):
            for path_name, path in paths.items():
                for name in ("without", "with"):
                    url = f"http://127.0.0.1:{ports[name]}{path}"
                    pid = servers[name].pid
                    results[path_name][name].append(_wrk(url, options.seconds, token, pid))
    finally:
        for process in servers.values():
            process.terminate()
            process.wait()
    for path_name, by_app in results.items():
        best = {name: min(costs) for name, costs in by_app.items()}  # least disturbed run
        extra = best["with"] - best["without"]
        share = 100 * extra / best["without"]
        runs = json.dumps({k: [round(c) for c in v] for k, v in by_app.items()})
        print(
            f"{paths[path_name]}: {best['without']:.0f} µs CPU a request without the middleware, "
            f"{best['with']:.0f} µs with it: +{extra:.0f} µs ({share:.1f} %); every run: {runs}"
        )


def _token(port: int, client_id: str, secret: str) -> str:
    form = f"grant_type=client_credentials&client_id={client_id}&client_secret={secret}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}/token", data=form.encode())
    with urllib.request.urlopen(request) as answer:
        return str(json.loads(answer.read())["access_token"])


if __name__ == "__main__":
    main()
