"""HAProxy (Debian's package) in front of relance nodes, as an operator would run it: round
robin, health checks on /health/ready, a failed connection retried on the other node, and
/metrics kept off the public side."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.cli.helpers import free_port

CONFIG = """\
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch
frontend api
    bind 127.0.0.1:{port}
    http-request deny if {{ path /metrics }}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 300ms fall 2 rise 2
{servers}
"""


@contextmanager
def balancing(cwd: Path, node_bases: list[str], port: int | None = None) -> Iterator[str]:
    """A running haproxy in front of ``node_bases``; yields its base URL."""
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    port = port or free_port()
    servers = "\n".join(
        f"    server node{i} {base.removeprefix('http://')} check"
        for i, base in enumerate(node_bases)
    )
    config = cwd / "haproxy.cfg"
    config.write_text(CONFIG.format(port=port, servers=servers))
    log = (cwd / "haproxy.log").open("wb")
    process = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{base}/health/live", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, (cwd / "haproxy.log").read_text()
            assert time.monotonic() < deadline, "haproxy did not start"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
