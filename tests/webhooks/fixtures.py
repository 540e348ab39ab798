"""Fixtures for tests that deliver webhooks to a receiver on loopback (tests/webhooks/ and the
packages whose tests also need deliveries): import them into a conftest or test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relance.config import Settings
from tests.webhooks.receiver import Receiver


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A receiver on loopback is a private address: allowed here (tests of the refusals build
    their own settings)."""
    return settings.model_copy(update={"webhooks_allow_private": True})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()
