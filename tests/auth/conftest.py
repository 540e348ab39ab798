"""Fixtures of the auth tests."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from tests.auth.helpers import mount_probes


@pytest.fixture
def probes(app: FastAPI) -> FastAPI:
    mount_probes(app)
    return app
