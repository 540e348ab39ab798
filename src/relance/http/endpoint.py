"""How every endpoint is declared: its access rule, its body and its way to the database.

An endpoint takes exactly one dependency made here, stated in its signature with the rule:

    @router.put("/followups/{followup_id}")
    async def update_followup(
        followup_id: str, call: Annotated[Call, writes(scopes.FOLLOWUPS_WRITE)]
    ) -> Response:
        async with call.transaction() as tx:
            result = await FollowupService(tx, ...).update(followup_id, call.body, ...)
        return ok(result.data, "Followup updated successfully")

- ``reads(scope)``: a bearer token (401), counted against the client's read limit (429), holding
  ``scope`` (403); ``call.reads`` runs each statement on a pooled connection without BEGIN.
- ``writes(scope, body=read_json_object)``: the same against the write limit, then a POST's
  ``Idempotency-Key`` (400), then the body (415/400, before any connection is taken);
  ``body=None`` leaves the stream to the route (uploads). ``call.transaction()`` is the write
  transaction (``db.transaction``, the one place that commits); the route answers after it has
  committed, so a client never sees 201 for a write that failed to commit. A keyed POST runs
  through ``http.idempotent``: ``call.transaction()`` then joins the transaction that claimed
  the key, so the write and its stored answer commit together.
- ``public(body=None)``: no bearer token (OAuth endpoints, signed media and tracking links).
- ``operator(form=False)``: a dashboard page (SPEC 15): a live session cookie instead of a token
  (none: a redirect to the login form); ``form=True`` reads the HTML form and refuses it (403
  page) unless its ``csrf_token`` is the session's. ``call.company_id`` is the operator's.

Each dependency is a plain coroutine of the Request: the house route class (``http.route``)
calls it without FastAPI's per-request solving, and no generator holds a connection. It carries
its ``AccessRule``, from which ``http.openapi`` documents the operation (security, body errors).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, Request
from starlette.responses import Response

from relance.auth.principal import Principal, authenticate, require_scope
from relance.dashboard.forms import read_form
from relance.dashboard.sessions import SESSION_COOKIE, OperatorSession, check_csrf, live_session
from relance.db.transaction import write_transaction
from relance.db.tx import StatementTx, Tx
from relance.http.body import read_json_object
from relance.http.idempotent import answer_once
from relance.http.rate_headers import remember
from relance.http.request_headers import header_value
from relance.idempotency.keys import RequestPrint, fingerprint, parse_key
from relance.kit.actors import CLIENT, OPERATOR, act_as
from relance.kit.ids import IdKind
from relance.observe.access import note_caller
from relance.ratelimit.errors import RateLimited
from relance.state import AppState, get_state

BodyReader = Callable[[Request], Awaitable[Any]]
Run = Callable[[], Awaitable[Response]]
_READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True, slots=True)
class AccessRule:
    """What an endpoint demands: a bearer token with ``scope`` (None: public) and its body."""

    scope: str | None
    body: BodyReader | None


@dataclass(slots=True)
class PublicCall:
    """One request's context: the app's shared objects and its parsed body (None if unread)."""

    state: AppState
    body: Any
    # Set by an access rule that must run around the endpoint (a keyed POST's claim).
    around: Callable[[Run], Awaitable[Response]] | None = field(default=None, kw_only=True)
    # The transaction the endpoint's writes join instead of opening their own.
    joined: Tx | None = field(default=None, kw_only=True)

    @property
    def reads(self) -> Tx:
        """Each statement alone on a pooled connection: no connection is held across a route.
        Inside a keyed POST, the claiming transaction: requests waiting on the same key hold
        pooled connections, so taking one more could wait on them forever."""
        if self.joined is not None:
            return self.joined
        return StatementTx(self.state.database)

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        if self.joined is not None:
            return nullcontext(self.joined)
        return write_transaction(self.state.database)


@dataclass(slots=True)
class Call(PublicCall):
    """An authorised request: also who calls (company, client, scopes)."""

    principal: Principal

    @property
    def company_id(self) -> int:
        return self.principal.company_id


@dataclass(slots=True)
class OperatorCall(PublicCall):
    """A dashboard request: the operator's session (its one company, its forms' CSRF token)."""

    session: OperatorSession

    @property
    def company_id(self) -> int:
        return self.session.company_id


def reads(scope: str) -> Any:
    """The access rule of a read endpoint: a token with ``scope``, within the read limit."""

    async def dependency(request: Request) -> Call:
        state, principal = await _admitted(request, scope)
        return Call(state, None, principal)

    return _named(dependency, f"reads_{scope}", AccessRule(scope, None))


def writes(
    scope: str, body: BodyReader | None = read_json_object, *, claim_first: bool = True
) -> Any:
    """The access rule of a write endpoint: a token with ``scope``, within the write limit,
    then the Idempotency-Key of a POST and the body. ``claim_first=False``: the route's first
    statement may claim the key itself (``http.idempotent.answer_once``)."""

    async def dependency(request: Request) -> Call:
        state, principal = await _admitted(request, scope)
        key = None
        method: str = request.scope["method"]  # Request.method: a property and a cast() call
        if method == "POST":  # SPEC 9: the key means something on POST only
            key = parse_key(header_value(request, b"idempotency-key"))
        parsed = None if body is None else await body(request)
        call = Call(state, parsed, principal)
        if key is not None:
            request_print = fingerprint(method, _url_path(request), parsed)
            call.around = _once(call, key, request_print, claim_first)
        return call

    return _named(dependency, f"writes_{scope}", AccessRule(scope, body))


def public(body: BodyReader | None = None) -> Any:
    """No bearer token: the route checks what the request carries (a signed link, a secret)."""

    async def dependency(request: Request) -> PublicCall:
        parsed = None if body is None else await body(request)
        return PublicCall(get_state(request), parsed)

    return _named(dependency, "public", AccessRule(None, body))


def operator(form: bool = False) -> Any:
    """The access rule of a dashboard page: the session cookie, then a form's CSRF token."""

    async def dependency(request: Request) -> OperatorCall:
        state = get_state(request)
        token = request.cookies.get(SESSION_COOKIE)
        session = await live_session(StatementTx(state.database), state.settings.secret, token)
        act_as(OPERATOR, session.email)
        parsed = None
        if form:
            parsed = await read_form(request)
            check_csrf(state.settings.secret, session.token, parsed.get("csrf_token"))
        return OperatorCall(state, parsed, session=session)

    # No bearer scope; dashboard pages stay out of the OpenAPI document.
    return _named(dependency, "operator_form" if form else "operator", AccessRule(None, None))


async def _admitted(request: Request, scope: str) -> tuple[AppState, Principal]:
    """401, then 429 (the request counts against its client's limit), then 403."""
    principal = await authenticate(request)
    state = get_state(request)
    company = state.ids.encode(IdKind.COMPANY, principal.company_id)
    note_caller(request.scope, principal.client_id, company)  # for the access line
    writes = request.scope["method"] not in _READ_METHODS
    window = await state.rate_guard.check(principal.client_id, writes, state.database)
    if window is not None:
        remember(request.scope, window)
        if not window.allowed:
            raise RateLimited(window, time.time())
    require_scope(principal, scope)
    act_as(CLIENT, principal.client_id)
    return state, principal


def _url_path(request: Request) -> str:
    """``request.url.path`` (what fingerprints were made of), without building the whole URL
    (2 % of a keyed create's CPU): the same text unless the path holds what a URL escapes."""
    path: str = request.scope["path"]
    if "?" in path or "#" in path or "\\" in path:
        return request.url.path
    return path


def _once(
    call: Call, key: str, request_print: RequestPrint, claim_first: bool
) -> Callable[[Run], Awaitable[Response]]:
    async def around(run: Run) -> Response:
        async def respond(tx: Tx) -> Response:
            call.joined = tx
            try:
                return await run()
            finally:
                call.joined = None

        return await answer_once(
            call.state, call.company_id, key, request_print, respond, claim_first=claim_first
        )

    return around


def _named(
    dependency: Callable[[Request], Awaitable[PublicCall]], name: str, rule: AccessRule
) -> Any:
    dependency.__name__ = name.replace(":", "_")
    setattr(dependency, ACCESS_RULE, rule)
    return Depends(dependency)


ACCESS_RULE = "access_rule"


def access_rule_of(dependency: object) -> AccessRule | None:
    """The rule a dependency made here carries; None for anything else."""
    rule = getattr(dependency, ACCESS_RULE, None)
    return rule if isinstance(rule, AccessRule) else None
