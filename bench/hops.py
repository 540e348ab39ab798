"""How many times relance hands work to a SQLite connection's thread per request (hops), and how
many statements it runs on the event loop's thread instead (a begun write's later statements).

    python -m bench.hops [--size 100k]

Each ``SqliteWorker.call`` is one hop: a queue put, a thread wake-up, a future resolved back on
the event loop; each ``SqliteWorker.run_here`` is a statement run without one. The SQLite
baseline makes one hop per statement, its BEGIN riding with the first (list 1, create 3,
update 1, token 2).
Runs relance in-process (httpx's ASGI transport) on the bench's SQLite file, one warm-up and
one counted request per scenario, then undoes the writes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bench.config import RESULTS_DIR, SQLITE_SIZES, Size, bench_secret
from bench.relance_api import create_relance_app
from bench.sqlite_samples import undo_bench_writes
from bench.sqlite_seed import connect
from bench.tokens import write_tokens
from relance.db.sqlite_worker import SqliteWorker

_calls: list[str] = []
_here: list[str] = []
_original_call = SqliteWorker.call
_original_here = SqliteWorker.run_here


def _name(job: Callable[..., Any]) -> str:
    return str(getattr(getattr(job, "func", job), "__name__", repr(job)))


async def _counted(self: SqliteWorker, job: Callable[..., Any]) -> Any:
    _calls.append(_name(job))
    return await _original_call(self, job)


def _counted_here(self: SqliteWorker, job: Callable[..., Any]) -> Any:
    _here.append(_name(job))
    return _original_here(self, job)


def _first(size: Size, name: str) -> list[str]:
    return (size.data_dir / name).read_text().splitlines()[0].split()


async def _count(size: Size) -> None:
    tokens = dict(line.split() for line in (size.data_dir / "tokens.txt").read_text().splitlines())
    company, debt = _first(size, "debts_full.txt")
    owner, followup = _first(size, "followups.txt")
    _number, client_id, secret = _first(size, "clients.txt")
    app = create_relance_app()
    requests: dict[str, Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]] = {
        "list_debt": lambda c: c.get(
            f"/external-api/v1/followups/debt/{debt}?limit=50",
            headers={"Authorization": f"Bearer {tokens[company]}"},
        ),
        "create": lambda c: c.post(
            "/external-api/v1/followups",
            headers={"Authorization": f"Bearer {tokens[company]}"},
            json={
                "debt_id": debt,
                "status": "sent",
                "type": "email",
                "direction": "outbound",
                "call_date": "2025-03-01T10:00:00Z",
            },
        ),
        "update": lambda c: c.put(
            f"/external-api/v1/followups/{followup}",
            headers={"Authorization": f"Bearer {tokens[owner]}"},
            json={"summary": "Second attempt", "is_retry": True},
        ),
        "token": lambda c: c.post(
            "/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        ),
    }
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
    ):
        for name, send in requests.items():
            await send(client)  # warm-up: statement caches, pool
            _calls.clear()
            _here.clear()
            response = await send(client)
            print(
                f"{name}: HTTP {response.status_code}, {len(_calls)} hops "
                f"({', '.join(_calls)}), {len(_here)} statements on the loop's thread"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SQLITE_SIZES), default="100k")
    size = SQLITE_SIZES[parser.parse_args().size]
    os.environ.update(
        RELANCE_DATABASE_URL=size.dsn,
        RELANCE_SECRET_KEY=bench_secret(),
        RELANCE_DATA_DIR=str(RESULTS_DIR / "relance-data"),
    )
    write_tokens(size)
    SqliteWorker.call = _counted  # type: ignore[method-assign]
    SqliteWorker.run_here = _counted_here  # type: ignore[method-assign]
    try:
        asyncio.run(_count(size))
    finally:
        SqliteWorker.call = _original_call  # type: ignore[method-assign]
        SqliteWorker.run_here = _original_here  # type: ignore[method-assign]
        connection = connect(size)
        try:
            undo_bench_writes(connection, size)
        finally:
            connection.close()


if __name__ == "__main__":
    main()
