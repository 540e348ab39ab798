"""The two tenants of the isolation tests, the foreign one with its estate."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from relance.auth.principal import Authenticated
from tests.conftest import Factory
from tests.isolation.estate import FOREIGN_MARKER, build_estate
from tests.isolation.foreign import World

# A route answering who the token belongs to: the foreign tenant's token must still work.
WHOAMI = "/isolation/whoami"


async def _whoami(principal: Authenticated) -> dict[str, int]:
    return {"company_id": principal.company_id}


@pytest.fixture
async def world(app: FastAPI, factory: Factory) -> World:
    app.add_api_route(WHOAMI, _whoami, methods=["GET"])
    attacker = await factory.make_tenant(name="Attacker Co")
    foreign = await factory.make_tenant(name=f"{FOREIGN_MARKER} Co")
    return World(factory, attacker, foreign, await build_estate(factory, foreign))
