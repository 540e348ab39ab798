"""Who changes a followup (SPEC 12's history): the actor of the request or task under way.

Request-scoped, like the request id: the access rule of the request sets it (the API client of
a bearer token, the operator of a dashboard session), public tracking routes and background
tasks act as ``system``. Every write to a followup stores it in ``followups.changed_by``
(``followups.row_sql.changed``), from where the revision trigger copies it (``history/``).
"""

from __future__ import annotations

from contextvars import ContextVar, Token

CLIENT = "client"
OPERATOR = "operator"
SYSTEM = "system"
ACTOR_TYPES = (CLIENT, OPERATOR, SYSTEM)

_SEPARATOR = ":"
_DEFAULT = f"{SYSTEM}{_SEPARATOR}relance"
_ACTOR: ContextVar[str] = ContextVar("relance_actor", default=_DEFAULT)


def act_as(actor_type: str, actor_id: str) -> Token[str]:
    """From now on in this request (or task), changes are made by this actor."""
    assert actor_type in ACTOR_TYPES
    return _ACTOR.set(f"{actor_type}{_SEPARATOR}{actor_id}")


def act_as_default() -> Token[str]:
    """A request starts as ``system`` (observe.access resets it when the request ends)."""
    return _ACTOR.set(_DEFAULT)


def stop_acting(token: Token[str]) -> None:
    _ACTOR.reset(token)


def current_actor() -> str:
    """The stored spelling, ``type:id``."""
    return _ACTOR.get()


def actor_of(stored: str | None) -> dict[str, str | None]:
    """``type:id`` → the wire object ``{"type", "id"}`` (rows written before actors existed
    have none: the system's)."""
    if not stored:
        return {"type": SYSTEM, "id": None}
    actor_type, _, actor_id = stored.partition(_SEPARATOR)
    return {"type": actor_type, "id": actor_id or None}
