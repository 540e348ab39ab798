"""Generates the seeded rows: realistic followups and their debts, with exact debt counters.

Rows are built from a few thousand random templates (status, type, direction, texts...) so the
generator stays cheap per row; ids ascend with creation time, debts interleave as in real life.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any, NamedTuple

from bench.config import Size
from bench.relance_api import NOT_EXECUTED, is_answered, is_reminder

EXECUTED = (
    "sent",
    "delivered",
    "deal_found",
    "no_answer",
    "deal_not_found",
    "bad_behavior",
    "failed",
    "in_progress",
)
TYPES = ("call", "email", "sms", "whatsapp", "voicemail", "manual_call", "physical", "postmail")
TYPE_WEIGHTS = (40, 25, 15, 8, 5, 4, 2, 1)
SPAN = timedelta(days=730)

FOLLOWUP_COLUMNS = (
    "id",
    "company_id",
    "debt_id",
    "status",
    "type",
    "call_date",
    "scheduled_at",
    "summary",
    "notes",
    "call_id",
    "duration_ms",
    "disconnection_reason",
    "direction",
    "phone_number_used",
    "is_retry",
    "processed_at",
    "triggered_payment",
    "email_open_count",
    "email_first_opened_at",
    "email_click_count",
    "activity_at",
    "created_at",
    "updated_at",
    "version",
)
DEBT_COLUMNS = (
    "id",
    "company_id",
    "firstname",
    "lastname",
    "phone",
    "email",
    "amount_cents",
    "currency",
    "internal_id",
    "invoice_reference",
    "status",
    "amount_paid_cents",
    "followups_count",
    "nb_reminders",
    "nb_answered",
    "created_at",
    "updated_at",
)
SUMMARIES = (
    None,
    None,
    "Debtor promised to pay by Friday",
    "Left a voicemail",
    "Payment plan agreed: 3 instalments",
    "Wrong number",
    "Debtor disputes the amount",
    "Reminder sent",
    "No answer after 6 rings",
    "Asked to call back next week",
)
REASONS = (None, "customer_hangup", "agent_hangup", "voicemail_reached", "no_answer", "busy")
FIRSTNAMES = ("Marie", "Jean", "Sophie", "Pierre", "Camille", "Luc", "Chloé", "Hugo")
LASTNAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")


class Template(NamedTuple):
    status: str
    type: str
    direction: str | None
    summary: str | None
    notes: str | None
    duration_ms: int | None
    reason: str | None
    is_retry: bool
    triggered_payment: bool
    opens: int
    clicks: int
    executed: bool
    reminder: int
    answered: int


def _template(rng: random.Random) -> Template:
    kind = rng.random()
    status = (
        rng.choice(EXECUTED)
        if kind < 0.75
        else "scheduled"
        if kind < 0.85
        else "on_hold"
        if kind < 0.93
        else "cancelled"
    )
    type_ = rng.choices(TYPES, TYPE_WEIGHTS)[0]
    direction = rng.choices(("outbound", "inbound", None), (80, 15, 5))[0]
    executed = status not in NOT_EXECUTED
    is_call = type_ in ("call", "manual_call", "voicemail")
    opens = rng.choice((0, 0, 1, 2, 5)) if type_ == "email" and executed else 0
    return Template(
        status=status,
        type=type_,
        direction=direction,
        summary=rng.choice(SUMMARIES),
        notes="Full transcript of the conversation. " * rng.randint(1, 20)
        if rng.random() < 0.1
        else None,
        duration_ms=rng.randint(5_000, 600_000) if is_call and executed else None,
        reason=rng.choice(REASONS) if is_call and executed else None,
        is_retry=rng.random() < 0.1,
        triggered_payment=executed and rng.random() < 0.03,
        opens=opens,
        clicks=min(opens, rng.choice((0, 0, 1))),
        executed=executed,
        # relance's own counter rules (SPEC 4), so the seeded counters are what relance keeps.
        reminder=int(is_reminder(status, direction)),
        answered=int(is_answered(status)),
    )


class FollowupGenerator:
    """Streams followup records in id order and tallies each debt's counters on the way."""

    def __init__(self, size: Size, now: datetime, seed: int = 7) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.start = now - SPAN
        self.templates = [_template(self.rng) for _ in range(4096)]
        count = size.debts + 1
        self.followups_count = [0] * count
        self.nb_reminders = [0] * count
        self.nb_answered = [0] * count
        self._cum_weights = list(accumulate(self._debt_weights()))
        self._debt_ids = range(1, size.debts + 1)

    def _debt_weights(self) -> list[float]:
        """Heavy debts first (ids 1..5), then the full-page ones, then the long tail."""
        size = self.size
        heavy, full = size.heavy_debts, size.full_page_debts
        rest_debts = size.debts - heavy - full
        rest = size.followups - heavy * size.heavy_size - full * 60
        return [float(size.heavy_size)] * heavy + [60.0] * full + [rest / rest_debts] * rest_debts

    def company_of(self, debt_id: int) -> int:
        return (debt_id - 1) % self.size.companies + 1

    def chunks(self, chunk_size: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
        first = 1
        while first <= self.size.followups:
            last = min(first + chunk_size - 1, self.size.followups)
            debts = self.rng.choices(
                self._debt_ids, cum_weights=self._cum_weights, k=last - first + 1
            )
            yield [
                self._row(i, debt) for i, debt in zip(range(first, last + 1), debts, strict=True)
            ]
            first = last + 1

    def _row(self, followup_id: int, debt_id: int) -> tuple[Any, ...]:
        rng, tpl = self.rng, self.templates[self.rng.getrandbits(12)]
        created = self.start + SPAN * (followup_id / self.size.followups)
        call_date = scheduled = first_open = None
        if tpl.executed:
            call_date = created - timedelta(seconds=rng.randint(0, 3600))
            if tpl.opens:
                first_open = created + timedelta(hours=2)
        elif tpl.status == "scheduled":
            scheduled = created + timedelta(days=rng.randint(1, 30))
        self.followups_count[debt_id] += 1
        self.nb_reminders[debt_id] += tpl.reminder
        self.nb_answered[debt_id] += tpl.answered
        is_call = tpl.duration_ms is not None
        return (
            followup_id,
            self.company_of(debt_id),
            debt_id,
            tpl.status,
            tpl.type,
            call_date,
            scheduled,
            tpl.summary,
            tpl.notes,
            f"call_{followup_id}" if is_call else None,
            tpl.duration_ms,
            tpl.reason,
            tpl.direction,
            "+33612345678" if is_call else None,
            tpl.is_retry,
            created,
            tpl.triggered_payment,
            tpl.opens,
            first_open,
            tpl.clicks,
            call_date or scheduled or created,
            created,
            created,
            1,
        )

    def debt_chunks(self, chunk_size: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
        """Debt records with the counters tallied while streaming the followups."""
        created = self.start - timedelta(days=30)
        for first in range(1, self.size.debts + 1, chunk_size):
            last = min(first + chunk_size - 1, self.size.debts)
            yield [self._debt(debt_id, created) for debt_id in range(first, last + 1)]

    def _debt(self, debt_id: int, created: datetime) -> tuple[Any, ...]:
        first, last = FIRSTNAMES[debt_id % 8], LASTNAMES[debt_id // 8 % 8]
        return (
            debt_id,
            self.company_of(debt_id),
            first,
            last,
            "+33612345678",
            f"debtor{debt_id}@example.com",
            10_000 + debt_id % 500_000,
            "EUR",
            f"INT-{debt_id}",
            f"INV-{debt_id}",
            "status.default.pending",
            0,
            self.followups_count[debt_id],
            self.nb_reminders[debt_id],
            self.nb_answered[debt_id],
            created,
            created,
        )


def seed_time() -> datetime:
    """Data ends one day ago, whole seconds, so reruns on the same day produce the same rows."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=1)
