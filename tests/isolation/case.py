"""One row of the tenant-isolation matrix: a request that names another company's objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Expect:
    """What the attacker gets back: a status and, optionally, the SPEC message or OAuth error."""

    status: int
    message: str | None = None
    oauth_error: str | None = None


@dataclass(frozen=True)
class IsolationCase:
    """A request made by the attacker tenant with the foreign tenant's objects in it.

    ``path``, string values of ``json`` and values of ``form`` may hold placeholders such as
    ``{debt}`` or ``{followup}``; each is replaced by an object the foreign tenant owns (builders
    in ``tests/isolation/foreign.py``), or, in the ``unknown`` variant, by a well-formed value
    that names nothing.
    """

    name: str
    method: str
    path: str
    # SPEC 1: a valid id of another company is 403 ("Access denied to this debt").
    foreign: Expect
    # SPEC 1: an id that names nothing is 404. None skips that variant; placeholder-free cases
    # have no unknown variant.
    unknown: Expect | None = Expect(404)
    # What the attacker's token holds: exactly what the route requires, so a refusal is about
    # the tenant, never a missing scope. Empty: every scope.
    scopes: tuple[str, ...] = ()
    json: Mapping[str, Any] | None = None
    form: Mapping[str, str] | None = None
    # "bearer": the attacker's access token; "client": its client credentials (HTTP Basic),
    # for the OAuth endpoints.
    auth: Literal["bearer", "client"] = "bearer"
