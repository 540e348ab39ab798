"""The contact rules of SPEC 13, computed here and nowhere else (pure: no I/O, no clock).

Given a company's policy, a debt's time zone and flags, the instants of the debt's earlier
contacts on the same channel and the new contact (its channel and instant), ``violations``
answers ``{rule: message}`` for every rule the contact would break (empty: allowed).

- Channels: a followup's type, with ``call``, ``manual_call`` and ``voicemail`` counted together
  as ``call`` (SPEC 13).
- ``max_attempts``: in no ``window_days``-long window (of consecutive 24-hour days) that holds
  the new contact may the debt have more than ``max_attempts[channel]`` contacts of that
  channel, the new one included. Every window that holds it is checked, so a contact scheduled
  before existing ones cannot push a later week over the limit either.
- ``quiet_hours``: the wall-clock time the debtor sees at the contact's instant, in the debt's
  time zone (``zoneinfo``), must not fall in [start, end); a window whose start is after its end
  crosses midnight (21:00 to 08:00). Going from an instant to local time is always defined, DST
  included: on a spring-forward night the skipped hour is never anybody's local time, on a
  fall-back night the doubled hour is quiet (or not) both times it passes. start == end: none.
  A letter is not delivered at the instant it is recorded: ``postmail`` has no quiet hours.
- ``cease``: the debtor asked in writing to stop: no contact at all.
- ``do_not_contact``: no contact on a channel the debtor refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

CALL_TYPES = ("call", "manual_call", "voicemail")
CHANNELS = ("call", "sms", "email", "whatsapp", "physical", "postmail")
RULES = ("max_attempts", "quiet_hours", "cease", "do_not_contact")
_NO_QUIET_HOURS = ("postmail",)
# SPEC 13's default: Regulation F's seven calls, no limit elsewhere.
DEFAULT_LIMITS: Mapping[str, int | None] = {
    channel: (7 if channel == "call" else None) for channel in CHANNELS
}


def channel_of(followup_type: str) -> str:
    return "call" if followup_type in CALL_TYPES else followup_type


@dataclass(frozen=True, slots=True)
class Policy:
    enforce: bool = False
    # None: no limit on that channel.
    max_attempts: Mapping[str, int | None] = field(
        default_factory=lambda: {
            channel: (7 if channel == "call" else None) for channel in CHANNELS
        }
    )
    window_days: int = 7
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)


@dataclass(frozen=True, slots=True)
class ContactFlags:
    cease: bool = False
    disputed: bool = False
    do_not_contact: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contact:
    channel: str
    at: datetime  # timezone-aware


def violations(
    policy: Policy,
    zone: ZoneInfo,
    flags: ContactFlags,
    earlier: Iterable[datetime],
    contact: Contact,
) -> dict[str, str]:
    """``earlier``: the instants of the debt's other contacts on ``contact.channel`` (any
    order, any distance from the new one)."""
    found: dict[str, str] = {}
    limit = policy.max_attempts.get(contact.channel)
    if limit is not None and busiest_window(earlier, contact.at, policy.window_days) > limit:
        found["max_attempts"] = (
            f"At most {limit} {contact.channel} contacts in {policy.window_days} days"
        )
    if contact.channel not in _NO_QUIET_HOURS and in_quiet_hours(policy, zone, contact.at):
        found["quiet_hours"] = (
            f"No contact between {policy.quiet_start:%H:%M} and {policy.quiet_end:%H:%M} in the "
            f"debtor's time zone ({zone.key})"
        )
    if flags.cease:
        found["cease"] = "The debtor asked to cease all contact"
    if contact.channel in flags.do_not_contact:
        found["do_not_contact"] = f"The debtor asked not to be contacted by {contact.channel}"
    return found


def busiest_window(earlier: Iterable[datetime], at: datetime, window_days: int) -> int:
    """The most contacts, the new one at ``at`` included, in any window [s, s + window_days)
    that holds ``at``. The busiest such window starts at ``at`` or at an earlier contact."""
    span = timedelta(days=window_days)
    near = sorted(instant for instant in earlier if at - span < instant < at + span)
    starts = [instant for instant in near if instant <= at] + [at]
    busiest = 0
    for start in starts:
        inside = sum(1 for instant in near if start <= instant < start + span)
        busiest = max(busiest, inside + 1)
    return busiest


def in_quiet_hours(policy: Policy, zone: ZoneInfo, at: datetime) -> bool:
    start, end = policy.quiet_start, policy.quiet_end
    if start == end:
        return False
    local = at.astimezone(zone).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end
