"""Isolation cases of the webhook endpoints (SPEC 8)."""

from __future__ import annotations

from tests.isolation.case import ByIdCases, Expect, IsolationCase
from tests.isolation.messages import API, CREATED, OK

READ = ("webhooks:read",)
WRITE = ("webhooks:write",)
WEBHOOK_DENIED = Expect(403, "Access denied to this webhook")
WEBHOOK_NOT_FOUND = Expect(404, "Webhook not found")
DELIVERY_DENIED = Expect(403, "Access denied to this delivery")
DELIVERY_NOT_FOUND = Expect(404, "Delivery not found")
ACCEPTED = Expect(202)


# Another company's webhook in the path: 403, an unknown one 404; the owner is served.
_by_id = ByIdCases(
    "webhooks", f"{API}/webhooks/{{webhook}}", WEBHOOK_DENIED, WEBHOOK_NOT_FOUND
).case


CASES: list[IsolationCase] = [
    _by_id("read another company's webhook", "GET", "", READ, OK),
    _by_id("change another company's webhook", "PUT", "", WRITE, OK, {"enabled": False}),
    # The webhook is checked before the body: a bad body does not tell a foreign id apart.
    _by_id(
        "change another company's webhook, invalid body",
        "PUT",
        "",
        WRITE,
        Expect(400),
        {"events": []},
    ),
    _by_id("delete another company's webhook", "DELETE", "", WRITE, OK),
    _by_id("rotate another company's webhook secret", "POST", "/rotate-secret", WRITE, OK),
    _by_id("send a test event to another company's webhook", "POST", "/test", WRITE, ACCEPTED),
    _by_id("read another company's delivery log", "GET", "/deliveries", READ, OK),
    _by_id("read another company's delivery", "GET", "/deliveries/{delivery}", READ, OK),
    _by_id(
        "replay another company's delivery",
        "POST",
        "/deliveries/{delivery}/replay",
        WRITE,
        ACCEPTED,
    ),
    IsolationCase(
        name="webhooks: replay another company's delivery through one's own webhook",
        method="POST",
        path=f"{API}/webhooks/{{own_webhook}}/deliveries/{{delivery}}/replay",
        scopes=WRITE,
        foreign=DELIVERY_DENIED,
        unknown=DELIVERY_NOT_FOUND,
    ),
    IsolationCase(
        name="webhooks: read another company's delivery through one's own webhook",
        method="GET",
        path=f"{API}/webhooks/{{own_webhook}}/deliveries/{{delivery}}",
        scopes=READ,
        foreign=DELIVERY_DENIED,
        unknown=DELIVERY_NOT_FOUND,
    ),
    IsolationCase(
        name="webhooks: another company's delivery id used as a webhook id",
        method="GET",
        path=f"{API}/webhooks/{{delivery}}",
        scopes=READ,
        foreign=WEBHOOK_NOT_FOUND,
        unknown=WEBHOOK_NOT_FOUND,
    ),
    IsolationCase(
        name="webhooks: the list shows only the caller's webhooks",
        method="GET",
        path=f"{API}/webhooks?limit=100",
        scopes=READ,
        foreign=OK,
    ),
    IsolationCase(
        name="webhooks: register stays in the caller's company",
        method="POST",
        path=f"{API}/webhooks",
        scopes=WRITE,
        json={"url": "https://93.184.216.34/mine", "events": ["debt.created"]},
        foreign=CREATED,
    ),
]
