"""One real `relance serve` for the whole run; per test, fresh clients and a loopback proxy."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from relance_client import AsyncRelance, Debt, Relance, RetryPolicy

from loopback_proxy import LoopbackProxy
from relance_server import Credentials, RelanceServer

# Short waits so the retry tests stay fast; the logic is the same as with the defaults.
FAST_RETRY = RetryPolicy(max_retries=3, backoff=0.05, max_backoff=0.2)

# A valid (empty) WAV file: the server checks an upload's magic bytes.
WAV = b"RIFF" + (36).to_bytes(4, "little") + b"WAVEfmt " + bytes(24) + b"data" + bytes(4)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RelanceServer]:
    running = RelanceServer(tmp_path_factory.mktemp("relance"))
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def credentials(server: RelanceServer) -> Credentials:
    return server.new_client()


@pytest.fixture
def client(server: RelanceServer, credentials: Credentials) -> Iterator[Relance]:
    with Relance(
        server.base_url, credentials.client_id, credentials.client_secret, retry=FAST_RETRY
    ) as relance:
        yield relance


@pytest.fixture
async def async_client(
    server: RelanceServer, credentials: Credentials
) -> AsyncIterator[AsyncRelance]:
    async with AsyncRelance(
        server.base_url, credentials.client_id, credentials.client_secret, retry=FAST_RETRY
    ) as relance:
        yield relance


@pytest.fixture
def proxy(server: RelanceServer) -> Iterator[LoopbackProxy]:
    running = LoopbackProxy(server.base_url).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def proxied(proxy: LoopbackProxy, credentials: Credentials) -> Iterator[Relance]:
    """A client that reaches the server through the proxy."""
    with Relance(
        proxy.base_url, credentials.client_id, credentials.client_secret, retry=FAST_RETRY
    ) as relance:
        yield relance


@pytest.fixture
def debt(client: Relance) -> Debt:
    return client.debts.create(
        firstname="Ada", lastname="Martin", amount="120.50", currency="EUR", phone="0612345678"
    )
