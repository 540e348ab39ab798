"""Enforcing the contact policy on a followup write (SPEC 13), at no cost when it is off.

The followup writes carry ``policy_allows()`` in their WHERE (bind ``check_policy``): with no
enforced policy they run as before, in one statement; when the company enforces one, they
write nothing and say so (``policy_applies()``), and the service runs the checked path:
``contact_violations`` locks the debt (so two contacts on one debt are checked one after the
other), reads the policy and the debt's other contacts on the channel, and asks the rules.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.auth.errors import MissingScope
from relance.auth.scopes import FOLLOWUPS_OVERRIDE
from relance.db.tx import Tx
from relance.debts.tables import debts
from relance.followups.tables import followups
from relance.kit.errors import ValidationFailed
from relance.kit.text import single_line_problem
from relance.policy import document
from relance.policy.debtor import contact_flags, zone_of
from relance.policy.repository import PolicyRepository
from relance.policy.rules import CALL_TYPES, Contact, channel_of, violations
from relance.policy.tables import contact_policies

_ENFORCED = sa.exists(
    sa.select(contact_policies.c.company_id).where(
        contact_policies.c.company_id == param("company_id"), contact_policies.c.enforce
    )
)
_CHECK = param("check_policy", type_=sa.Boolean)
POLICY_ENFORCED = sa.select(_ENFORCED.label("enforced"))
# Not a contact: a followup called off. Every other status was, or will be, one.
NOT_A_CONTACT = "cancelled"
# What an update must send to change a contact (its channel, its instant, whether it is one).
CONTACT_FIELDS = frozenset({"type", "status", "call_date", "scheduled_at"})
OVERRIDE_REASON_MAX = 500


def policy_allows() -> sa.ColumnElement[bool]:
    """For a write's WHERE: true unless the policy is to be checked and is enforced."""
    return sa.or_(sa.not_(_CHECK), sa.not_(_ENFORCED))


def policy_applies() -> sa.Label[Any]:
    """For a gated write's result: it wrote nothing because the policy must be checked."""
    return sa.and_(_CHECK, _ENFORCED).label("policy_applies")


_LOCK_DEBT = (
    sa.select(debts.c.timezone, debts.c.country, debts.c.contact_flags_json)
    .where(debts.c.id == param("debt_id"), debts.c.company_id == param("company_id"))
    .with_for_update()
)


async def contact_violations(
    tx: Tx,
    company_id: int,
    debt_key: int,
    followup: dict[str, Any],
    followup_key: int | None = None,
) -> dict[str, str]:
    """The rules ``followup`` (its ``type``, ``status`` and ``activity_at``, as it would be
    written) breaks on the company's debt ``debt_key`` ({} when none, when the policy is not
    enforced or the debt is not the company's: the write then refuses as it always did).
    ``followup_key``: the followup being updated, not one of its own earlier contacts."""
    if followup["status"] == NOT_A_CONTACT:
        return {}
    policy = document.stored(await PolicyRepository(tx, company_id).document())
    if not policy.enforce:
        return {}
    debt = await tx.fetch_one(_LOCK_DEBT, {"debt_id": debt_key, "company_id": company_id})
    if debt is None:
        return {}
    channel = channel_of(followup["type"])
    at: datetime = followup["activity_at"]
    span = timedelta(days=policy.window_days)
    earlier = await _contacts(tx, debt_key, channel, at - span, at + span, followup_key)
    zone = zone_of(debt["timezone"], debt["country"])
    flags = contact_flags(debt["contact_flags_json"])
    return violations(policy, zone, flags, earlier, Contact(channel, at))


def _types(channel: str) -> tuple[str, ...]:
    return CALL_TYPES if channel == "call" else (channel,)


_CONTACTS: dict[tuple[str, ...], sa.Select[Any]] = {}


async def _contacts(
    tx: Tx, debt_key: int, channel: str, since: datetime, until: datetime, skip: int | None
) -> list[datetime]:
    types = _types(channel)
    query = _CONTACTS.get(types)
    if query is None:  # one statement per channel, built once
        query = _CONTACTS[types] = sa.select(followups.c.activity_at).where(
            followups.c.debt_id == param("debt_id"),
            # The channel's types as literals: statements are compiled once, without expanding
            # binds (they come from rules.CHANNELS / CALL_TYPES, never from a request).
            sa.or_(*(followups.c.type == sa.literal_column(f"'{kind}'") for kind in types)),
            followups.c.status != NOT_A_CONTACT,
            followups.c.activity_at > param("since", type_=followups.c.activity_at.type),
            followups.c.activity_at < param("until", type_=followups.c.activity_at.type),
            followups.c.id != param("skip"),
        )
    params = {"debt_id": debt_key, "since": since, "until": until, "skip": skip or 0}
    return [row["activity_at"] for row in await tx.fetch_all(query, params)]


async def enforced(tx: Tx, company_id: int) -> bool:
    return bool(
        await tx.fetch_val(POLICY_ENFORCED, {"company_id": company_id, "check_policy": True})
    )


def override_reason(payload: dict[str, Any], may_override: bool) -> str | None:
    """Takes ``policy_override`` out of ``payload`` (it is not a followup field): its reason,
    or None when absent. 403 for a client without ``followups:override``, 400 when malformed."""
    if "policy_override" not in payload:
        return None
    given = payload.pop("policy_override")
    reason = given.get("reason") if isinstance(given, dict) else None
    field = "policy_override.reason"
    if not may_override:
        raise MissingScope(FOLLOWUPS_OVERRIDE)
    if not isinstance(given, dict) or set(given) - {"reason"}:
        raise ValidationFailed({"policy_override": 'Must be an object: {"reason": "..."}'})
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationFailed({field: "A reason is required"})
    problem = single_line_problem(reason)
    if problem is not None:
        raise ValidationFailed({field: problem})
    if len(reason.strip()) > OVERRIDE_REASON_MAX:
        raise ValidationFailed({field: f"Must be at most {OVERRIDE_REASON_MAX} characters"})
    return reason.strip()
