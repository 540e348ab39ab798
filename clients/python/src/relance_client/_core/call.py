"""A description of one API operation: what to send and how to read the answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx

from relance_client._core import wire_json
from relance_client.models.page import Page

T = TypeVar("T")
Item = Callable[[dict[str, Any]], T]


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful answer: its decoded JSON body (None when empty) and its headers."""

    body: Any
    headers: httpx.Headers


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """``path`` is relative to ``/external-api/v1``; ``read`` turns the answer into the
    result."""

    method: str
    path: str
    read: Callable[[Answer], T]
    params: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def with_params(self, params: Mapping[str, str]) -> Call[T]:
        return replace(self, params=params)


def segment(value: str) -> str:
    """One path segment, escaped so an id can never change the route."""
    return quote(value, safe="")


def data_of(item: Item[T]) -> Callable[[Answer], T]:
    """Reads ``{"data": {...}}`` as one ``item``."""
    return lambda answer: item(answer.body["data"])


def page_of(item: Item[T]) -> Callable[[Answer], Page[T]]:
    """Reads a list answer as a :class:`Page` of ``item``."""
    return lambda answer: Page.from_body(answer.body, item)


def nothing(_answer: Answer) -> None:
    return None


def get(path: str, read: Callable[[Answer], T], params: dict[str, Any] | None = None) -> Call[T]:
    return Call("GET", path, read, params=wire_json.query(params or {}))


def send_json(
    method: str,
    path: str,
    read: Callable[[Answer], T],
    payload: Any,
    headers: Mapping[str, str] | None = None,
) -> Call[T]:
    """A call with a JSON body (POST, PUT)."""
    return Call(
        method,
        path,
        read,
        body=wire_json.dumps(payload),
        content_type="application/json",
        headers=dict(headers or {}),
    )
