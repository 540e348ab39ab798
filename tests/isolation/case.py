"""One row of the tenant-isolation matrix: a request that names another company's objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Expect:
    """What the requester gets back: a status and, optionally, the SPEC message, the validation
    ``details`` or the OAuth error."""

    status: int
    message: str | None = None
    oauth_error: str | None = None
    details: Mapping[str, str] | None = None


@dataclass(frozen=True)
class IsolationCase:
    """A request made by the attacker tenant with the foreign tenant's objects in it.

    ``path`` (query string included), string values of ``json`` (at any depth) and values of
    ``form`` may hold placeholders such as ``{debt}`` or ``{followup}``; each is replaced by an
    object the foreign tenant owns (builders in ``tests/isolation/foreign.py``), or, in the
    ``unknown`` variant, by a well-formed value that names nothing. ``{own_debt}`` and
    ``{own_followup}`` are the attacker's own objects in every variant.
    """

    name: str
    method: str
    path: str
    # SPEC 1: a valid id of another company is 403 ("Access denied to this debt").
    foreign: Expect
    # SPEC 1: an id that names nothing is 404. None skips that variant; cases without a foreign
    # placeholder have no unknown variant.
    unknown: Expect | None = Expect(404)
    # The control: the foreign tenant sends the same request about its own objects and gets
    # this, which proves the refusal above is about the tenant, not a malformed request.
    # None skips it (cases naming the attacker's own objects never have one).
    owner: Expect | None = None
    # What the token holds: exactly what the route requires, so a refusal is about the tenant,
    # never a missing scope. Empty: every scope.
    scopes: tuple[str, ...] = ()
    json: Mapping[str, Any] | None = None
    form: Mapping[str, str] | None = None
    # A raw body (uploads), sent with ``headers``.
    content: bytes | None = None
    headers: Mapping[str, str] | None = None
    # "bearer": the requester's access token; "client": its client credentials (HTTP Basic),
    # for the OAuth endpoints; "none": public links; "operator": a dashboard session cookie of
    # an operator of the requester's company (SPEC 15).
    auth: Literal["bearer", "client", "none", "operator"] = "bearer"


@dataclass(frozen=True)
class ByIdCases:
    """The cases of one kind of object named in the path (``path`` holds its placeholder):
    another company's object answers ``foreign``, an unknown one ``unknown``, and the owner
    sending the same request is served with the case's ``owner``."""

    domain: str
    path: str
    foreign: Expect
    unknown: Expect

    def case(
        self,
        name: str,
        method: str,
        suffix: str,
        scopes: tuple[str, ...],
        owner: Expect,
        json: dict[str, Any] | None = None,
    ) -> IsolationCase:
        return IsolationCase(
            name=f"{self.domain}: {name}",
            method=method,
            path=f"{self.path}{suffix}",
            scopes=scopes,
            json=json,
            foreign=self.foreign,
            unknown=self.unknown,
            owner=owner,
        )
