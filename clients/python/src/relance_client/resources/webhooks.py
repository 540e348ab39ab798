"""``client.webhooks``: endpoints that receive signed events, and their deliveries (SPEC 8)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relance_client._core.call import (
    Answer,
    Call,
    data_of,
    get,
    nothing,
    page_of,
    segment,
    send_json,
)
from relance_client._core.methods import D, Resource, operation, walk
from relance_client.models.page import Page
from relance_client.models.webhook import Webhook, WebhookDelivery


def _path(webhook_id: str, tail: str = "") -> str:
    return f"/webhooks/{segment(webhook_id)}{tail}"


def _create(url: str, events: Sequence[str], description: str | None = None) -> Call[Webhook]:
    """Register an endpoint for ``events`` (``["*"]`` for all). The answer's ``secret`` is
    shown only now: keep it to verify deliveries with :func:`~relance_client.verify_webhook`."""
    payload: dict[str, Any] = {"url": url, "events": list(events)}
    if description is not None:
        payload["description"] = description
    return send_json("POST", "/webhooks", data_of(Webhook.from_wire), payload)


def _list(*, limit: int | None = None, page: int | None = None) -> Call[Page[Webhook]]:
    """One page of the company's webhook endpoints."""
    return get("/webhooks", page_of(Webhook.from_wire), {"limit": limit, "page": page})


def _get(webhook_id: str) -> Call[Webhook]:
    """One webhook endpoint."""
    return get(_path(webhook_id), data_of(Webhook.from_wire))


def _update(
    webhook_id: str,
    *,
    url: str | None = None,
    events: Sequence[str] | None = None,
    enabled: bool | None = None,
    description: str | None = None,
) -> Call[Webhook]:
    """Change the settings given (those left None are unchanged)."""
    changes: dict[str, Any] = {
        "url": url,
        "events": None if events is None else list(events),
        "enabled": enabled,
        "description": description,
    }
    payload = {name: value for name, value in changes.items() if value is not None}
    return send_json("PUT", _path(webhook_id), data_of(Webhook.from_wire), payload)


def _delete(webhook_id: str) -> Call[None]:
    """Remove an endpoint; it receives nothing more."""
    return Call("DELETE", _path(webhook_id), nothing)


def _rotate_secret(webhook_id: str) -> Call[Webhook]:
    """A new signing secret (in the answer's ``secret``); the old one keeps signing alongside it
    for 24 h, so receivers can switch without losing a delivery."""
    return send_json("POST", _path(webhook_id, "/rotate-secret"), data_of(Webhook.from_wire), {})


def _test(webhook_id: str) -> Call[Any]:
    """Send a ``webhook.test`` event to the endpoint; returns the answer's ``data``."""
    return send_json("POST", _path(webhook_id, "/test"), _data_or_none, {})


def _deliveries(
    webhook_id: str, *, limit: int | None = None, page: int | None = None
) -> Call[Page[WebhookDelivery]]:
    """One page of an endpoint's deliveries, newest first."""
    params = {"limit": limit, "page": page}
    return get(_path(webhook_id, "/deliveries"), page_of(WebhookDelivery.from_wire), params)


def _replay(webhook_id: str, delivery_id: str) -> Call[Any]:
    """Deliver the same event again (same ``webhook-id``, so receivers de-duplicate it)."""
    path = _path(webhook_id, f"/deliveries/{segment(delivery_id)}/replay")
    return send_json("POST", path, _data_or_none, {})


def _data_or_none(answer: Answer) -> Any:
    return answer.body.get("data") if isinstance(answer.body, dict) else None


class Webhooks(Resource[D]):
    """Webhook endpoints (scopes webhooks:read / webhooks:write)."""

    create = operation(_create)
    list = operation(_list)
    iter_all = walk(_list, """Every webhook endpoint, fetched page after page as you iterate.""")
    get = operation(_get)
    update = operation(_update)
    delete = operation(_delete)
    rotate_secret = operation(_rotate_secret)
    test = operation(_test)
    deliveries = operation(_deliveries)
    iter_deliveries = walk(
        _deliveries, """Every delivery of an endpoint, newest first, page after page."""
    )
    replay = operation(_replay)
