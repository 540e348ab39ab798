"""Tenant isolation: every case of every ``cases_*.py`` module, with foreign and unknown ids.

A company never reads or writes another company's data: the attacker gets the expected refusal,
the response carries none of the foreign tenant's data, every row the foreign tenant owns is
unchanged, and its access token still works.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from relance.auth.principal import Authenticated
from tests.auth.helpers import basic, bearer, tokens
from tests.conftest import Factory
from tests.isolation import snapshot
from tests.isolation.case import Expect, IsolationCase
from tests.isolation.foreign import FOREIGN_MARKER, World, fill, placeholders_in, resolve

WHOAMI = "/isolation/whoami"


def collect_cases() -> list[IsolationCase]:
    package = importlib.import_module("tests.isolation")
    cases: list[IsolationCase] = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("cases_"):
            cases.extend(importlib.import_module(f"{package.__name__}.{module.name}").CASES)
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "isolation case names must be unique"
    return cases


def _placeholders(case: IsolationCase) -> list[str]:
    return placeholders_in(case.path, case.json, case.form)


def _variants() -> list[Any]:
    params = []
    for case in collect_cases():
        params.append(pytest.param(case, "foreign", id=f"{case.name} [foreign]"))
        if case.unknown is not None and _placeholders(case):
            params.append(pytest.param(case, "unknown", id=f"{case.name} [unknown]"))
    return params


async def _whoami(principal: Authenticated) -> dict[str, int]:
    return {"company_id": principal.company_id}


@pytest.fixture
async def world(app: FastAPI, factory: Factory) -> World:
    app.add_api_route(WHOAMI, _whoami, methods=["GET"])
    attacker = await factory.make_tenant(name="Attacker Co")
    foreign = await factory.make_tenant(name=f"{FOREIGN_MARKER} Co")
    return World(factory, attacker, foreign)


async def _send(
    http: httpx.AsyncClient, world: World, case: IsolationCase, values: dict[str, str]
) -> httpx.Response:
    attacker = world.attacker
    if case.auth == "client":
        headers = basic(attacker.client_id, attacker.client_secret)
    elif case.scopes:
        issued = await tokens(http, attacker, scope=" ".join(case.scopes))
        headers = bearer(issued["access_token"])
    else:
        headers = attacker.headers
    return await http.request(
        case.method,
        fill(case.path, values),
        headers=headers,
        json=fill(case.json, values),
        data=fill(case.form, values),
    )


def _check(response: httpx.Response, expect: Expect) -> None:
    assert response.status_code == expect.status, response.text
    if expect.message is not None:
        assert response.json()["message"] == expect.message
    if expect.oauth_error is not None:
        assert response.json()["error"] == expect.oauth_error


@pytest.mark.parametrize(("case", "variant"), _variants())
async def test_a_company_never_reaches_another_companys_data(
    app: FastAPI, client: httpx.AsyncClient, world: World, case: IsolationCase, variant: str
) -> None:
    database = app.state.relance.database
    values = await resolve(world, _placeholders(case), variant)
    before = await snapshot.take(database, world.foreign.company_id)

    response = await _send(client, world, case, values)

    expect = case.foreign if variant == "foreign" else case.unknown
    assert expect is not None
    _check(response, expect)
    assert FOREIGN_MARKER.lower() not in response.text.lower()
    assert await snapshot.take(database, world.foreign.company_id) == before
    still = await client.get(WHOAMI, headers=world.foreign.headers)
    assert still.status_code == 200
    assert still.json() == {"company_id": world.foreign.company_id}
