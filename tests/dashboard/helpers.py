"""Dashboard test helpers: operators made through the real repository, logins through the form."""

from __future__ import annotations

import re
import secrets

import httpx

from relance.dashboard import repository
from relance.dashboard.login import open_session
from relance.dashboard.passwords import hash_password
from relance.dashboard.sessions import SESSION_COOKIE
from relance.db.transaction import write_transaction
from relance.kit.timestamps import utcnow
from relance.state import AppState

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


async def make_operator(
    state: AppState, company_id: int, email: str, password: str = PASSWORD
) -> dict[str, object]:
    async with write_transaction(state.database) as tx:
        return await repository.insert_operator(
            tx, company_id, email, hash_password(password), utcnow()
        )


async def session_cookie(state: AppState, operator: dict[str, object]) -> dict[str, str]:
    """A live session for ``operator``, as the Cookie header a browser would send."""
    async with write_transaction(state.database) as tx:
        token = await open_session(tx, dict(operator))
    return {"Cookie": f"{SESSION_COOKIE}={token}"}


def unique_email(name: str) -> str:
    """Operators' emails are unique across companies, and the test database is shared."""
    return f"{name}-{secrets.token_hex(4)}@example.com"


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found is not None, html
    return found.group(1)


async def login_form(http: httpx.AsyncClient) -> str:
    """Opens the login form (its cookie lands in the client's jar); returns its CSRF token."""
    response = await http.get("/dashboard/login")
    assert response.status_code == 200
    return csrf_of(response.text)


async def log_in(
    http: httpx.AsyncClient, email: str, password: str = PASSWORD, csrf: str | None = None
) -> httpx.Response:
    token = csrf if csrf is not None else await login_form(http)
    form = {"email": email, "password": password, "csrf_token": token}
    return await http.post("/dashboard/login", data=form)
