"""The policy as the API shows and takes it (SPEC 13) and its checks: 400 naming each field.

A PUT replaces the policy; a key it leaves out takes its default, and so does a channel left
out of ``max_attempts`` (7 calls, no limit elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Any

import orjson

from relance.kit.errors import ValidationFailed
from relance.policy.rules import CHANNELS, DEFAULT_LIMITS, Policy

MAX_WINDOW_DAYS = 366
_HOUR = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_KEYS = ("enforce", "max_attempts", "window_days", "quiet_hours")
NOT_A_COUNT = "Must be a whole number, 0 or more, or null (no limit)"


def wire(policy: Policy) -> dict[str, Any]:
    return {
        "enforce": policy.enforce,
        "max_attempts": {channel: policy.max_attempts.get(channel) for channel in CHANNELS},
        "window_days": policy.window_days,
        "quiet_hours": {
            "start": f"{policy.quiet_start:%H:%M}",
            "end": f"{policy.quiet_end:%H:%M}",
        },
    }


def stored(text: str | None) -> Policy:
    """The stored document (``wire`` as JSON, checked when it was put) → Policy."""
    if text is None:
        return Policy()
    return _policy(orjson.loads(text), {})


def parse(body: Mapping[str, Any]) -> Policy:
    details: dict[str, str] = {}
    for key in body:
        if key not in _KEYS:
            details[key] = "Unknown field"
    policy = _policy(body, details)
    if details:
        raise ValidationFailed(details)
    return policy


def _policy(body: Mapping[str, Any], details: dict[str, str]) -> Policy:
    defaults = Policy()
    enforce = body.get("enforce", defaults.enforce)
    if not isinstance(enforce, bool):
        details["enforce"] = "Must be true or false"
    limits = _limits(body.get("max_attempts", {}), details)
    window = body.get("window_days", defaults.window_days)
    if (
        isinstance(window, bool)
        or not isinstance(window, int)
        or not 1 <= window <= MAX_WINDOW_DAYS
    ):
        details["window_days"] = f"Must be a whole number of days from 1 to {MAX_WINDOW_DAYS}"
    start, end = _quiet_hours(body.get("quiet_hours", {}), defaults, details)
    if details:
        return defaults
    return Policy(enforce, limits, window, start, end)


def _limits(value: Any, details: dict[str, str]) -> dict[str, int | None]:
    limits = dict(DEFAULT_LIMITS)
    if not isinstance(value, dict):
        details["max_attempts"] = "Must be an object: a count (or null) per channel"
        return limits
    for channel, count in value.items():
        field = f"max_attempts.{channel}"
        if channel not in CHANNELS:
            details[field] = f"Unknown channel. Use one of {', '.join(CHANNELS)}"
        elif count is not None and (not _whole(count) or not 0 <= count <= 10_000):
            details[field] = NOT_A_COUNT
        else:
            limits[channel] = count
    return limits


def _quiet_hours(value: Any, defaults: Policy, details: dict[str, str]) -> tuple[time, time]:
    hours = {"start": defaults.quiet_start, "end": defaults.quiet_end}
    if not isinstance(value, dict):
        details["quiet_hours"] = 'Must be an object: {"start": "HH:MM", "end": "HH:MM"}'
        return hours["start"], hours["end"]
    for key, given in value.items():
        field = f"quiet_hours.{key}"
        if key not in hours:
            details[field] = "Unknown field"
            continue
        matched = _HOUR.fullmatch(given) if isinstance(given, str) else None
        if matched is None:
            details[field] = "Must be a time of day as HH:MM, 00:00 to 23:59"
        else:
            hours[key] = time(int(matched.group(1)), int(matched.group(2)))
    return hours["start"], hours["end"]


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
