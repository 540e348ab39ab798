"""Isolation cases of email tracking (SPEC 5): the integrator's API and the public links."""

from __future__ import annotations

from tests.isolation.case import Expect, IsolationCase
from tests.isolation.estate import FOREIGN_MARKER
from tests.isolation.messages import API, FOLLOWUP_DENIED, FOLLOWUP_NOT_FOUND, OK

READ = ("followups:read",)
WRITE = ("followups:write",)
# decisions.md: a bad pixel or click link answers 404 without the JSON envelope.
BAD_LINK = Expect(404)

CASES: list[IsolationCase] = [
    IsolationCase(
        name="tracking: read another company's followup's tracking",
        method="GET",
        path=f"{API}/followups/{{followup}}/tracking",
        scopes=READ,
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="tracking: make click links for another company's followup",
        method="POST",
        path=f"{API}/followups/{{followup}}/tracking/links",
        scopes=WRITE,
        json={"urls": ["https://attacker.example/"]},
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        name="tracking: record an event on another company's followup",
        method="POST",
        path=f"{API}/followups/{{followup}}/events",
        scopes=WRITE,
        json={"event": "email.clicked", "event_id": "attacker-1"},
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=OK,
    ),
    IsolationCase(
        # Were it counted or not, the answer would tell whether that event id was seen.
        name="tracking: replay another company's event id on its followup",
        method="POST",
        path=f"{API}/followups/{{followup}}/events",
        scopes=WRITE,
        json={"event": "email.opened", "event_id": FOREIGN_MARKER},
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=Expect(200, "Event already recorded"),
    ),
    IsolationCase(
        name="tracking: an open pixel signed for one company naming another's followup",
        method="GET",
        path="/t/o/{open_token}",
        auth="none",
        foreign=BAD_LINK,
        unknown=BAD_LINK,
        owner=OK,
    ),
    IsolationCase(
        name="tracking: a click link signed for one company naming another's followup",
        method="GET",
        path="/t/c/{click_token}",
        auth="none",
        foreign=BAD_LINK,
        unknown=BAD_LINK,
        owner=Expect(302),
    ),
]
