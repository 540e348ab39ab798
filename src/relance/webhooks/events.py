"""Outbox changes → SPEC 8 events: the type(s), ``data`` as the API returns the object (the
API's own serializers), and ``changes: {field: [old, new]}`` in the same wire form.

| change              | events                                                                |
|---------------------|-----------------------------------------------------------------------|
| followup created    | followup.created, + followup.completed / followup.failed by status    |
| followup updated    | followup.updated, + completed / failed when the status becomes one    |
| debt created        | debt.created                                                          |
| debt updated        | debt.updated, + debt.status_changed when the status changed           |
| debt deleted        | debt.deleted (data: the debt as it was)                               |
| payment recorded    | payment.received (data: the payment), debt.updated, + status_changed  |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from relance.debts.serialize import debt_out, payment_out
from relance.debts.tables import debts, payments
from relance.followups.serializer import FollowupSerializer
from relance.followups.tables import followups
from relance.kit.ids import IdCodec
from relance.media.signing import MediaSigner
from relance.webhooks import outbox
from relance.webhooks.rows import loads, typed_row

COMPLETED = frozenset({"deal_found", "delivered", "sent"})
FAILED = frozenset({"failed", "no_answer"})
# Server bookkeeping that moves on every write: not a change a receiver acts on.
_NOT_CHANGES = frozenset({"processed_at", "media_urls_expire_at"})
# Wire fields whose value is a signed link: compared by what is stored behind them.
_MEDIA = {"audio_url": ("audio_url", "audio_key"), "pdf_url": ("pdf_key",)}


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    data: dict[str, Any]
    changes: dict[str, list[Any]] = field(default_factory=dict)


class EventBuilder:
    def __init__(self, ids: IdCodec, signer: MediaSigner) -> None:
        self.ids = ids
        self.signer = signer

    def events(self, change: Mapping[str, Any], company_name: str, now: datetime) -> list[Event]:
        kind, new, old = change["kind"], loads(change["new"]), loads(change["old"])
        if kind in (outbox.FOLLOWUP_CREATED, outbox.FOLLOWUP_UPDATED):
            return self._followup(kind, new, old, now)
        if kind == outbox.PAYMENT_RECEIVED:
            payment = payment_out(typed_row(payments, new["payment"]), self.ids)
            debt_events = self._debt(outbox.DEBT_UPDATED, new["debt"], old["debt"], company_name)
            return [Event("payment.received", payment), *debt_events]
        return self._debt(kind, new, old, company_name)

    def _followup(
        self, kind: str, new: dict[str, Any], old: dict[str, Any], now: datetime
    ) -> list[Event]:
        serialize = FollowupSerializer(self.ids, self.signer, now)
        after = typed_row(followups, new)
        data = serialize(after)
        if kind == outbox.FOLLOWUP_CREATED:
            found = [Event("followup.created", data)]
            became = after["status"]
        else:
            before = {**after, **typed_row(followups, old)}
            changes = _changes(serialize(before), data, before, after)
            found = [Event("followup.updated", data, changes)]
            became = after["status"] if "status" in changes else None
        if became in COMPLETED:
            found.append(Event("followup.completed", data, found[0].changes))
        elif became in FAILED:
            found.append(Event("followup.failed", data, found[0].changes))
        return found

    def _debt(
        self, kind: str, new: dict[str, Any], old: dict[str, Any], company_name: str
    ) -> list[Event]:
        after = {**typed_row(debts, new), "company": company_name}
        data = debt_out(after, self.ids)
        if kind != outbox.DEBT_UPDATED:
            return [Event(kind, data)]
        before = {**after, **typed_row(debts, old)}
        changes = _changes(debt_out(before, self.ids), data, before, after)
        found = [Event("debt.updated", data, changes)]
        if "status" in changes:
            found.append(Event("debt.status_changed", data, {"status": changes["status"]}))
        return found


def _changes(
    old_wire: Mapping[str, Any],
    new_wire: Mapping[str, Any],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name, value in new_wire.items():
        if name in _NOT_CHANGES:
            continue
        if name in _MEDIA:
            moved = any(before.get(column) != after.get(column) for column in _MEDIA[name])
        else:
            moved = _wire(old_wire.get(name)) != _wire(value)
        if moved:
            changes[name] = [old_wire.get(name), value]
    return changes


def _wire(value: Any) -> bytes:
    """The value as the wire spells it (amounts are orjson Fragments, equal only by identity)."""
    return orjson.dumps(value, option=orjson.OPT_OMIT_MICROSECONDS)
