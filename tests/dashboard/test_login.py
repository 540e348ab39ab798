"""SPEC 15's door: redirects without a session, the cookie's flags, CSRF on every form, logout,
and the login throttle (10 failures per account per 15 minutes, then a wait)."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from relance.config import Settings
from relance.dashboard.sessions import LOGIN_COOKIE, SESSION_COOKIE
from tests.conftest import Tenant
from tests.dashboard.helpers import (
    PASSWORD,
    csrf_of,
    log_in,
    login_form,
    make_operator,
    unique_email,
)

PAGES = ["/dashboard", "/dashboard/debts", "/dashboard/charts", "/dashboard/debts/anything"]


@pytest.fixture
async def operator(app: FastAPI, tenant: Tenant) -> str:
    email = unique_email("ann")
    await make_operator(app.state.relance, tenant.company_id, email)
    return email


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_without_a_session_redirects_to_the_login_form(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/login"
    forged = await client.get(path, headers={"Cookie": f"{SESSION_COOKIE}=not-a-session"})
    assert forged.headers["location"] == "/dashboard/login"


async def test_login_sets_an_httponly_lax_session_cookie_and_opens_the_pages(
    client: httpx.AsyncClient, operator: str
) -> None:
    form = await client.get("/dashboard/login")
    assert 'name="email"' in form.text
    assert 'name="password"' in form.text
    assert "HttpOnly" in form.headers["set-cookie"]

    response = await log_in(client, f"  {operator.upper()} ", csrf=csrf_of(form.text))

    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/debts"
    cookie = next(
        header
        for header in response.headers.get_list("set-cookie")
        if header.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/dashboard" in cookie
    assert "Secure" not in cookie  # the public URL is http here
    page = await client.get("/dashboard/debts")
    assert page.status_code == 200
    assert operator in page.text
    assert page.headers["cache-control"] == "no-store"


async def test_session_cookie_is_secure_behind_https(
    settings: Settings, tenant: Tenant, client: httpx.AsyncClient
) -> None:
    from relance.app import create_app

    secure = create_app(settings.model_copy(update={"public_url": "https://relance.example"}))
    async with secure.router.lifespan_context(secure):
        email = unique_email("sec")
        await make_operator(secure.state.relance, tenant.company_id, email)
        transport = httpx.ASGITransport(app=secure)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
            form = await http.get("/dashboard/login")
            assert "Secure" in form.headers["set-cookie"]
            response = await log_in(http, email, csrf=csrf_of(form.text))
            assert response.status_code == 303
            assert "Secure" in response.headers["set-cookie"]


async def test_wrong_password_and_unknown_email_read_alike(
    client: httpx.AsyncClient, operator: str
) -> None:
    wrong = await log_in(client, operator, "not the password")
    unknown = await log_in(client, "nobody@example.com", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Wrong email or password." in response.text
        assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert (await client.get("/dashboard/debts")).status_code == 303


@pytest.mark.parametrize("csrf", ["", "0" * 64, "forged"])
async def test_login_without_the_forms_csrf_token_is_refused(
    client: httpx.AsyncClient, operator: str, csrf: str
) -> None:
    await login_form(client)
    response = await log_in(client, operator, csrf=csrf)
    assert response.status_code == 403
    assert "has expired" in response.text
    assert (await client.get("/dashboard/debts")).status_code == 303


async def test_login_token_of_another_browser_is_refused(
    app: FastAPI, client: httpx.AsyncClient, operator: str
) -> None:
    """A token read off one login form does not work with another browser's login cookie."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        their_token = await login_form(other)
    await login_form(client)
    assert (await log_in(client, operator, csrf=their_token)).status_code == 403
    client.cookies.delete(LOGIN_COOKIE)
    assert (await log_in(client, operator, csrf=their_token)).status_code == 403


async def test_logout_needs_the_csrf_token_then_ends_the_session(
    client: httpx.AsyncClient, operator: str
) -> None:
    assert (await log_in(client, operator)).status_code == 303
    page = await client.get("/dashboard/debts")
    session = client.cookies[SESSION_COOKIE]

    refused = await client.post("/dashboard/logout", data={"csrf_token": "0" * 64})
    assert refused.status_code == 403
    assert (await client.get("/dashboard/debts")).status_code == 200  # still logged in

    done = await client.post("/dashboard/logout", data={"csrf_token": csrf_of(page.text)})
    assert done.status_code == 303
    assert done.headers["location"] == "/dashboard/login"
    # The old cookie, replayed, opens nothing: the session ended on the server.
    client.cookies.clear()
    replay = await client.get("/dashboard/debts", headers={"Cookie": f"{SESSION_COOKIE}={session}"})
    assert replay.status_code == 303


async def test_a_form_post_that_is_not_a_form_is_refused_cleanly(
    client: httpx.AsyncClient, operator: str
) -> None:
    assert (await log_in(client, operator)).status_code == 303
    as_json = await client.post("/dashboard/logout", json={"csrf_token": "x"})
    assert as_json.status_code == 415
    huge = await client.post("/dashboard/logout", data={"csrf_token": "x" * 20000})
    assert huge.status_code == 413
    login_json = await client.post(
        "/dashboard/login",
        content=b"\xff\xfe",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert login_json.status_code in (400, 403)


async def test_ten_failures_then_even_the_right_password_waits(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, operator: str
) -> None:
    bob = unique_email("bob")
    await make_operator(app.state.relance, tenant.company_id, bob)
    csrf = await login_form(client)
    for _ in range(10):
        assert (await log_in(client, operator, "wrong password!", csrf)).status_code == 401

    throttled = await log_in(client, operator, PASSWORD, csrf)

    assert throttled.status_code == 429
    assert "Too many failed logins" in throttled.text
    assert 0 < int(throttled.headers["retry-after"]) <= 15 * 60
    assert (await client.get("/dashboard/debts")).status_code == 303
    # Per account: another operator logs in meanwhile.
    assert (await log_in(client, bob, PASSWORD, csrf)).status_code == 303
