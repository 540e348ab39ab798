"""Isolation cases of the followup statistics (SPEC 12)."""

from __future__ import annotations

from tests.isolation.case import IsolationCase
from tests.isolation.messages import API, DEBT_DENIED, DEBT_NOT_FOUND, OK

READ = ("followups:read",)

CASES: list[IsolationCase] = [
    IsolationCase(
        name="stats: another company's debt as the filter",
        method="GET",
        path=f"{API}/stats/followups?debt_id={{debt}}&group_by=type",
        scopes=READ,
        foreign=DEBT_DENIED,
        unknown=DEBT_NOT_FOUND,
        owner=OK,
    ),
]
