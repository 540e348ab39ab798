"""The dashboard's door: the login form, logging in and out, and its static files."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from relance.dashboard import render
from relance.dashboard.errors import LOGIN_PATH
from relance.dashboard.forms import read_form
from relance.dashboard.login import check_password, log_out, open_session
from relance.dashboard.sessions import (
    COOKIE_PATH,
    LOGIN_COOKIE,
    LOGIN_FORM_LIFETIME,
    SESSION_COOKIE,
    SESSION_LIFETIME,
    check_csrf,
    csrf_token,
    is_secure,
    new_token,
)
from relance.dashboard.throttle import LoginThrottle
from relance.http.endpoint import OperatorCall, PublicCall, operator, public
from relance.http.route import api_router
from relance.kit.errors import NotFound

router = api_router("dashboard")

Visitor = Annotated[PublicCall, public()]
LoginForm = Annotated[PublicCall, public(body=read_form)]
OperatorForm = Annotated[OperatorCall, operator(form=True)]
HOME = "/dashboard/debts"
WRONG_CREDENTIALS = "Wrong email or password."


def _set_cookie(call: PublicCall, response: Response, name: str, value: str, seconds: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=seconds,
        path=COOKIE_PATH,
        secure=is_secure(call.state.settings.public_url),
        httponly=True,
        samesite="lax",
    )


def _login_page(
    call: PublicCall, nonce: str, status: int = 200, error: str | None = None, email: str = ""
) -> Response:
    """The form, with a CSRF token bound to the ``nonce`` kept in the login cookie."""
    response = render.page(
        "login.html",
        status,
        title="Log in",
        csrf_token=csrf_token(call.state.settings.secret, nonce),
        error=error,
        email=email,
    )
    _set_cookie(call, response, LOGIN_COOKIE, nonce, int(LOGIN_FORM_LIFETIME.total_seconds()))
    return response


@router.get("/dashboard/login")
async def login_form(call: Visitor) -> Response:
    return _login_page(call, new_token())


@router.post("/dashboard/login")
async def log_in(request: Request, call: LoginForm) -> Response:
    form: dict[str, str] = call.body
    nonce = request.cookies.get(LOGIN_COOKIE)
    check_csrf(call.state.settings.secret, nonce, form.get("csrf_token"))  # 403 page
    assert nonce is not None
    email, password = form.get("email", ""), form.get("password", "")
    throttle = LoginThrottle(call.state.rate_guard)
    verdict = await check_password(call.reads, throttle, email, password)
    if verdict.wait_seconds:
        minutes = -(-verdict.wait_seconds // 60)
        message = f"Too many failed logins for this account. Try again in {minutes} minutes."
        response = _login_page(call, nonce, 429, message, email)
        response.headers["Retry-After"] = str(verdict.wait_seconds)
        return response
    if verdict.operator is None:
        return _login_page(call, nonce, 401, WRONG_CREDENTIALS, email)
    async with call.transaction() as tx:
        token = await open_session(tx, verdict.operator)
    response = RedirectResponse(HOME, status_code=303)
    _set_cookie(call, response, SESSION_COOKIE, token, int(SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/dashboard/logout")
async def log_out_route(call: OperatorForm) -> Response:
    async with call.transaction() as tx:
        await log_out(tx, call.session.token)
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


@router.get("/dashboard/static/{name}")
async def static_file(name: str, call: Visitor) -> Response:
    content_type = render.STATIC_FILES.get(name)
    if content_type is None:
        raise NotFound()
    # The pages ask for it under its content hash (?v=...): a new release is a new URL.
    headers = {"Cache-Control": "public, max-age=86400"}
    return Response(render.static_file(name), media_type=content_type, headers=headers)
