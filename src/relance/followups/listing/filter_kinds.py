"""How the followup lists read a filter's query parameter, one reader per kind of filter.

An empty value counts as absent; a ``choices`` filter takes one value, a comma-separated list or
the parameter repeated. A reader raises ValueError on a bad value; the filter's message is then
the 400 detail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from starlette.datastructures import QueryParams

from relance.db.list_filters import Filter
from relance.kit.ids import IdCodec, IdKind
from relance.kit.timestamps import parse_timestamp_seconds

Reader = Callable[[QueryParams, str, IdCodec], Any]
FollowupFilter = Filter[Reader]


def _single(read: Callable[[str, IdCodec], Any]) -> Reader:
    def reader(params: QueryParams, name: str, ids: IdCodec) -> Any:
        raw = params.get(name)
        return read(raw, ids) if raw else None

    return reader


def choices(allowed: Iterable[str]) -> Reader:
    """For a ``many`` filter. Sorted and without duplicates, so one set of choices makes one
    cursor fingerprint."""
    names = frozenset(allowed)

    def reader(params: QueryParams, name: str, ids: IdCodec) -> tuple[str, ...]:
        chosen = {part.strip() for raw in params.getlist(name) for part in raw.split(",")}
        chosen.discard("")
        if not chosen <= names:
            raise ValueError(name)
        return tuple(sorted(chosen))

    return reader


def one_of(allowed: Iterable[str]) -> Reader:
    names = frozenset(allowed)

    def read(raw: str, ids: IdCodec) -> str:
        if raw not in names:
            raise ValueError(raw)
        return raw

    return _single(read)


def encrypted_id(kind: IdKind) -> Reader:
    def read(raw: str, ids: IdCodec) -> int:
        key = ids.decode(kind, raw)
        if key is None:
            raise ValueError(raw)
        return key

    return _single(read)


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


TIMESTAMP = _single(_timestamp)
UPPER_BOUND = _single(_before)
BOOLEAN = _single(_boolean)
