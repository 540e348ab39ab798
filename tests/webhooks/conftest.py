"""Webhook tests send to receivers on loopback over http: private targets are allowed here
(tests of the refusals build their own settings)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relance.config import Settings
from tests.webhooks.receiver import Receiver


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhooks_allow_private": True})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()
