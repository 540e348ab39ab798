"""What one list filter is: how it reads its query parameter, binds its values and describes
itself. The followup filters are a table of these (``filters.py``).

A filter's value is ``None`` (or ``()`` for a list) when its parameter is absent or empty. Its
*arity* is what a statement depends on: 0 when absent, else how many values it binds. Statements
are cached per arity, never per value, so every value stays a bind parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param
from starlette.datastructures import QueryParams

from relance.kit.ids import IdCodec, IdKind
from relance.kit.timestamps import parse_timestamp_seconds

Condition = Callable[[list[sa.BindParameter[Any]]], sa.ColumnElement[bool]]


class Single:
    """One value read from one raw string; ``read`` raises ValueError when it is not valid."""

    __slots__ = ("read",)
    absent: Any = None

    def __init__(self, read: Callable[[str, IdCodec], Any]) -> None:
        self.read = read

    def parse(self, params: QueryParams, name: str, ids: IdCodec) -> Any:
        raw = params.get(name)
        return self.read(raw, ids) if raw else None

    @staticmethod
    def arity(value: Any) -> int:
        return 0 if value is None else 1

    @staticmethod
    def binds(bind: str, value: Any) -> Iterable[tuple[str, Any]]:
        return ((bind, value),)

    @staticmethod
    def names(bind: str, arity: int) -> list[str]:
        return [bind]


class Choices:
    """Values among ``allowed``: one, a comma-separated list, or the parameter repeated. Kept
    sorted and without duplicates, so one set of choices makes one cursor fingerprint."""

    __slots__ = ("allowed",)
    absent: Any = ()

    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed = frozenset(allowed)

    def parse(self, params: QueryParams, name: str, ids: IdCodec) -> tuple[str, ...]:
        chosen = {part.strip() for raw in params.getlist(name) for part in raw.split(",")}
        chosen.discard("")
        if not chosen <= self.allowed:
            raise ValueError(name)
        return tuple(sorted(chosen))

    @staticmethod
    def arity(value: tuple[str, ...]) -> int:
        return len(value)

    @staticmethod
    def binds(bind: str, value: tuple[str, ...]) -> Iterable[tuple[str, Any]]:
        return ((f"{bind}_{i}", one) for i, one in enumerate(value))

    @staticmethod
    def names(bind: str, arity: int) -> list[str]:
        return [f"{bind}_{i}" for i in range(arity)]


Kind = Single | Choices


@dataclass(frozen=True, slots=True)
class Filter:
    """One list filter. ``where`` gets its bind parameters (one per value) and returns the SQL
    condition; ``message`` is the 400 detail of a bad value. A ``scope`` filter (the debt)
    narrows the list to an object rather than filtering rows: the object's counter stays a
    valid total, and a route that names the object in its path takes the value from there."""

    name: str
    kind: Kind
    message: str
    where: Condition
    schema: Mapping[str, Any]
    description: str
    bind: str = ""  # bind parameter (prefix of a list's); the query parameter name by default
    scope: bool = False

    @property
    def bind_name(self) -> str:
        return self.bind or self.name

    def condition(self, arity: int) -> sa.ColumnElement[bool]:
        return self.where([param(name) for name in self.kind.names(self.bind_name, arity)])


# Readers of the single-valued kinds.


def one_of(allowed: Iterable[str]) -> Single:
    names = frozenset(allowed)

    def read(raw: str, ids: IdCodec) -> str:
        if raw not in names:
            raise ValueError(raw)
        return raw

    return Single(read)


def _timestamp(raw: str, ids: IdCodec) -> datetime:
    return parse_timestamp_seconds(raw)


def _before(raw: str, ids: IdCodec) -> datetime:
    # Inclusive to the second the wire shows (stored times may carry microseconds), and a bare
    # date covers its whole day: the value is the exclusive bound just past that.
    moment = parse_timestamp_seconds(raw)
    return moment + (timedelta(days=1) if len(raw) == 10 else timedelta(seconds=1))


_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _boolean(raw: str, ids: IdCodec) -> bool:
    value = _BOOLEANS.get(raw.lower())
    if value is None:
        raise ValueError(raw)
    return value


def encrypted_id(kind: IdKind) -> Single:
    def read(raw: str, ids: IdCodec) -> int:
        key = ids.decode(kind, raw)
        if key is None:
            raise ValueError(raw)
        return key

    return Single(read)


TIMESTAMP = Single(_timestamp)
UPPER_BOUND = Single(_before)
BOOLEAN = Single(_boolean)
