"""The two tenants of the isolation tests, the foreign one with its estate."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import FastAPI
from starlette.responses import Response

from relance.auth.scopes import FOLLOWUPS_READ
from relance.http.endpoint import Call, reads
from relance.http.responses import json_response
from relance.http.route import api_router
from tests.conftest import Factory
from tests.isolation.estate import FOREIGN_MARKER, build_estate
from tests.isolation.foreign import World

# A route answering who the token belongs to: the foreign tenant's token must still work.
WHOAMI = "/isolation/whoami"


async def _whoami(call: Annotated[Call, reads(FOLLOWUPS_READ)]) -> Response:
    return json_response({"company_id": call.company_id})


@pytest.fixture
async def world(app: FastAPI, factory: Factory) -> World:
    router = api_router("isolation")
    router.add_api_route(WHOAMI, _whoami, methods=["GET"])
    app.include_router(router)
    attacker = await factory.make_tenant(name="Attacker Co")
    foreign = await factory.make_tenant(name=f"{FOREIGN_MARKER} Co")
    return World(factory, attacker, foreign, await build_estate(factory, foreign))
