"""Tenant isolation: every case of every ``cases_*.py`` module, with foreign and unknown ids.

A company never reads or writes another company's data: the attacker gets the expected refusal,
the response (body and headers) carries none of the foreign tenant's data, every row and stored
file the foreign tenant owns is unchanged (and the attacker's too when the request was refused),
no row of the attacker now points at the foreign tenant's rows, and the foreign token still
works. The ``owner`` variant is the control: the
foreign tenant sending the same request about its own objects is served.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from relance.state import AppState
from tests.auth.helpers import basic, bearer, tokens
from tests.conftest import Tenant
from tests.dashboard.helpers import make_operator, session_cookie, unique_email
from tests.isolation import snapshot
from tests.isolation.case import Expect, IsolationCase
from tests.isolation.conftest import WHOAMI
from tests.isolation.foreign import (
    FOREIGN_MARKER,
    World,
    fill,
    names_foreign_objects,
    placeholders_in,
    resolve,
)


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
        if case.unknown is not None and names_foreign_objects(_placeholders(case)):
            params.append(pytest.param(case, "unknown", id=f"{case.name} [unknown]"))
        if case.owner is not None:
            params.append(pytest.param(case, "owner", id=f"{case.name} [owner]"))
    return params


async def _headers(
    http: httpx.AsyncClient, requester: Tenant, case: IsolationCase, state: AppState
) -> Any:
    if case.auth == "none":
        return {}
    if case.auth == "operator":
        operator = await make_operator(state, requester.company_id, unique_email("isolation"))
        return await session_cookie(state, operator)
    if case.auth == "client":
        return basic(requester.client_id, requester.client_secret)
    if case.scopes:
        issued = await tokens(http, requester, scope=" ".join(case.scopes))
        return bearer(issued["access_token"])
    return requester.headers


async def _send(
    http: httpx.AsyncClient, headers: Any, case: IsolationCase, values: dict[str, str]
) -> httpx.Response:
    return await http.request(
        case.method,
        fill(case.path, values),
        headers={**headers, **(case.headers or {})},
        json=fill(case.json, values),
        data=fill(case.form, values),
        content=case.content,
    )


def _check(response: httpx.Response, expect: Expect) -> None:
    assert response.status_code == expect.status, response.text
    if expect.message is not None:
        assert response.json()["message"] == expect.message
    if expect.message is not None and expect.status >= 400:
        body = response.json()
        # SPEC 1's error envelope; ``details`` only on validation errors.
        assert (body["error"], body["code"]) == (True, expect.status)
        assert body.get("details") == expect.details
    if expect.oauth_error is not None:
        assert response.json()["error"] == expect.oauth_error


def _expectation(case: IsolationCase, variant: str) -> Expect:
    expect = {"foreign": case.foreign, "unknown": case.unknown, "owner": case.owner}[variant]
    assert expect is not None
    return expect


@pytest.mark.parametrize(("case", "variant"), _variants())
async def test_a_company_never_reaches_another_companys_data(
    app: FastAPI, client: httpx.AsyncClient, world: World, case: IsolationCase, variant: str
) -> None:
    state = app.state.relance
    database, media_dir = state.database, state.settings.media_dir
    foreign, attacker = world.foreign.company_id, world.attacker.company_id
    values = await resolve(world, _placeholders(case), variant)
    expect = _expectation(case, variant)
    if variant == "owner":
        headers = await _headers(client, world.foreign, case, state)
        _check(await _send(client, headers, case, values), expect)
        return
    headers = await _headers(client, world.attacker, case, state)
    before = await snapshot.take(database, media_dir, foreign)
    own_before = await snapshot.take(database, media_dir, attacker)

    response = await _send(client, headers, case, values)

    _check(response, expect)
    assert FOREIGN_MARKER.lower() not in response.text.lower()
    assert FOREIGN_MARKER.lower() not in str(response.headers.raw).lower()
    assert await snapshot.take(database, media_dir, foreign) == before
    if expect.status >= 400:  # a refused request changes nothing, not even the caller's rows
        assert await snapshot.take(database, media_dir, attacker) == own_before
    assert await snapshot.cross_references(database, attacker, foreign) == []
    still = await client.get(WHOAMI, headers=world.foreign.headers)
    assert still.status_code == 200
    assert still.json() == {"company_id": foreign}
