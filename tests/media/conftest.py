"""Media tests run with a small upload limit, so the limit is cheap to cross."""

from __future__ import annotations

import pytest

from relance.config import Settings

MAX_BYTES = 64 * 1024


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"media_max_bytes": MAX_BYTES})
