"""The bodies of POST and PUT /webhooks: every offending field named at once (SPEC 1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from relance.kit.errors import ValidationFailed
from relance.webhooks.targets import Target, TargetRefused, parse_target

EVENT_TYPES = (
    "followup.created",
    "followup.updated",
    "followup.completed",
    "followup.failed",
    "debt.created",
    "debt.updated",
    "debt.status_changed",
    "debt.deleted",
    "payment.received",
    "webhook.test",
)
ALL_EVENTS = "*"
FIELDS = ("url", "events", "description", "enabled")
INVALID_EVENTS = 'Must be a non-empty list of event types, or ["*"]. Valid types are: ' + ", ".join(
    EVENT_TYPES
)


@dataclass
class WebhookInput:
    """The fields sent, checked; ``target`` is the parsed url (its addresses are checked by the
    service, which resolves them)."""

    values: dict[str, Any] = field(default_factory=dict)
    target: Target | None = None


def parse_webhook(payload: Mapping[str, Any], allow_private: bool, create: bool) -> WebhookInput:
    details: dict[str, str] = {key: "Unknown field" for key in payload if key not in FIELDS}
    parsed = WebhookInput()
    if create:
        for name in ("url", "events"):
            if name not in payload:
                details[name] = "Field is required"
    elif not payload:
        details["body"] = "At least one field is required"
    if "url" in payload:
        try:
            parsed.target = parse_target(payload["url"], allow_private)
            parsed.values["url"] = payload["url"]
        except TargetRefused as refused:
            details["url"] = str(refused)
    if "events" in payload:
        events = _events(payload["events"])
        if events is None:
            details["events"] = INVALID_EVENTS
        else:
            parsed.values["events"] = events
    if "description" in payload:
        description = payload["description"]
        if description is not None and (not isinstance(description, str) or len(description) > 500):
            details["description"] = "Must be a string of at most 500 characters, or null"
        else:
            parsed.values["description"] = description
    if "enabled" in payload:
        if not isinstance(payload["enabled"], bool):
            details["enabled"] = "Must be a boolean"
        else:
            parsed.values["enabled"] = payload["enabled"]
    if details:
        raise ValidationFailed(details)
    return parsed


def _events(value: Any) -> list[str] | None:
    if not isinstance(value, list) or not value:
        return None
    if value == [ALL_EVENTS]:
        return value
    if not all(isinstance(item, str) and item in EVENT_TYPES for item in value):
        return None
    return list(dict.fromkeys(value))
