"""One page of a list answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A page of results and where it sits.

    Page mode (``page=``) fills ``total``, ``page`` and ``pages``; cursor mode (``cursor=``)
    leaves them None. ``next_cursor`` leads to the following rows (None on the last page, and
    on lists whose endpoint has no cursor mode). Iterating a page iterates its ``data``.
    """

    data: list[T]
    limit: int
    total: int | None = None
    page: int | None = None
    pages: int | None = None
    next_cursor: str | None = None

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    @classmethod
    def from_body(cls, body: Mapping[str, Any], item: Callable[[dict[str, Any]], T]) -> Page[T]:
        pagination: Mapping[str, Any] = body.get("pagination") or {}
        return cls(
            data=[item(row) for row in body.get("data") or []],
            limit=int(pagination.get("limit", 0)),
            total=pagination.get("total"),
            page=pagination.get("page"),
            pages=pagination.get("pages"),
            next_cursor=pagination.get("next_cursor"),
        )
