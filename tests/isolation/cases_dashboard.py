"""Isolation cases of the dashboard (SPEC 15): an operator's session shows its company only.

A refusal is an HTML page with the API's status (403 for another company's debt, 404 for an id
that names nothing); lists and charts simply hold none of the other company's rows, which the
matrix checks by looking for the foreign tenant's marker in the page.
"""

from __future__ import annotations

from tests.isolation.case import Expect, IsolationCase

PAGE = Expect(200)


def _page(name: str, path: str) -> IsolationCase:
    """A page naming no object: the attacker is served its own data, the owner its own."""
    return IsolationCase(
        name=f"dashboard: {name}",
        method="GET",
        path=path,
        foreign=PAGE,
        unknown=None,
        owner=PAGE,
        auth="operator",
    )


def _object_page(name: str, path: str) -> IsolationCase:
    """A page naming another company's object: 403, an unknown one 404 (HTML pages)."""
    return IsolationCase(
        name=f"dashboard: {name}",
        method="GET",
        path=path,
        foreign=Expect(403),
        unknown=Expect(404),
        owner=PAGE,
        auth="operator",
    )


CASES: list[IsolationCase] = [
    _object_page("open another company's debt timeline", "/dashboard/debts/{debt}"),
    _object_page("another company's debt timeline, page 2", "/dashboard/debts/{debt}?page=2"),
    _object_page(
        "open another company's webhook and its delivery log", "/dashboard/webhooks/{webhook}"
    ),
    _page("list debts", "/dashboard/debts"),
    _page("list webhooks", "/dashboard/webhooks"),
    _page("search debts by the other company's email domain", "/dashboard/debts?q=example.com"),
    _page("filter debts by status", "/dashboard/debts?status=pending"),
    _page("charts over 90 days", "/dashboard/charts?days=90"),
]
