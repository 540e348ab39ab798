"""Walking a list to its end: which call fetches the page after this one."""

from __future__ import annotations

from typing import TypeVar

from relance_client._core.call import Call
from relance_client.models.page import Page

T = TypeVar("T")

# The largest page the API serves (SPEC 1): the fewest round trips for a full walk.
WALK_PAGE_SIZE = 100


def first_page(call: Call[Page[T]]) -> Call[Page[T]]:
    params = dict(call.params)
    params.setdefault("limit", str(WALK_PAGE_SIZE))
    return call.with_params(params)


def next_page(call: Call[Page[T]], page: Page[T]) -> Call[Page[T]] | None:
    """The call for the rows after ``page``, or None when ``page`` was the last.

    A ``next_cursor`` is always followed: keyset paging skips and repeats nothing while rows are
    inserted, and page 10,000 costs what page 1 costs. Without one, a page-mode answer (it has
    ``page`` and ``pages``) of a list that has no cursor mode is followed by page number; a
    cursor-mode answer without one was the last page.
    """
    params = {name: value for name, value in call.params.items() if name not in ("page", "cursor")}
    if page.next_cursor is not None:
        # The server refuses `page` next to `cursor`; filters and sort stay, sealed in it.
        return call.with_params({**params, "cursor": page.next_cursor})
    if page.page is None or page.pages is None or page.page >= page.pages or not page.data:
        return None
    return call.with_params({**params, "page": str(page.page + 1)})
