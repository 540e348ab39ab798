"""Isolation cases of the followups endpoints (SPEC 3): by id, create on a debt, and the lists."""

from __future__ import annotations

from tests.isolation.case import Expect, IsolationCase
from tests.isolation.messages import (
    API,
    CREATED,
    DEBT_DENIED,
    DEBT_NOT_FOUND,
    FOLLOWUP_DENIED,
    FOLLOWUP_NOT_FOUND,
    OK,
)

READ = ("followups:read",)
WRITE = ("followups:write",)

CASES: list[IsolationCase] = [
    IsolationCase(
        name="followups: read another company's followup",
        method="GET",
        path=f"{API}/followups/{{followup}}",
        scopes=READ,
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="followups: read another company's followup's history",
        method="GET",
        path=f"{API}/followups/{{followup}}/history",
        scopes=READ,
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="followups: update another company's followup",
        method="PUT",
        path=f"{API}/followups/{{followup}}",
        scopes=WRITE,
        json={"summary": "Overwritten by the attacker", "status": "cancelled"},
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="followups: create on another company's debt",
        method="POST",
        path=f"{API}/followups",
        scopes=WRITE,
        json={"debt_id": "{debt}", "type": "call", "status": "deal_found"},
        foreign=DEBT_DENIED,
        # decisions.md: a well-formed id of no debt is a body field error, not the resource.
        unknown=Expect(400, "Validation failed", details={"debt_id": "Debt not found"}),
        owner=CREATED,
    ),
    IsolationCase(
        name="followups: move one's own followup onto another company's debt",
        method="PUT",
        path=f"{API}/followups/{{own_followup}}",
        scopes=WRITE,
        json={"debt_id": "{debt}"},
        foreign=Expect(400, "Validation failed", details={"debt_id": "debt_id cannot be changed"}),
        unknown=Expect(400, "Validation failed", details={"debt_id": "debt_id cannot be changed"}),
    ),
    IsolationCase(
        name="followups: list another company's debt's followups",
        method="GET",
        path=f"{API}/followups/debt/{{debt}}",
        scopes=READ,
        foreign=DEBT_DENIED,
        unknown=DEBT_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="followups: list another company's debt's followups, filtered and sorted",
        method="GET",
        path=f"{API}/followups/debt/{{debt}}?status=sent&type=email&sort=-scheduled_at",
        scopes=READ,
        foreign=DEBT_DENIED,
        unknown=DEBT_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="followups: company list filtered on another company's debt",
        method="GET",
        path=f"{API}/followups?debt_id={{debt}}",
        scopes=READ,
        foreign=DEBT_DENIED,
        unknown=DEBT_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="followups: the company list shows only the caller's followups",
        method="GET",
        path=f"{API}/followups?limit=100&type=email",
        scopes=READ,
        foreign=OK,
    ),
    IsolationCase(
        name="followups: another company's debt id used as a followup id",
        method="GET",
        path=f"{API}/followups/{{debt}}",
        scopes=READ,
        foreign=FOLLOWUP_NOT_FOUND,
        unknown=FOLLOWUP_NOT_FOUND,
    ),
    IsolationCase(
        name="followups: another company's followup id used as a debt id",
        method="GET",
        path=f"{API}/followups/debt/{{followup}}",
        scopes=READ,
        foreign=DEBT_NOT_FOUND,
        unknown=DEBT_NOT_FOUND,
    ),
]
