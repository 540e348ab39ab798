"""One debt's page: the debt, its followups newest first, and the payments they triggered.

Everything is read through the API's own services (``DebtService``, ``FollowupService``,
``PaymentService``), bound to the operator's company: another company's debt is refused the
way the API refuses it (403, 404 for an id that names nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import QueryParams

from relance.debts.payments import PaymentService
from relance.debts.service import DebtService
from relance.followups.service import FollowupService
from relance.history.service import HistoryService
from relance.http.endpoint import OperatorCall
from relance.kit.ids import IdKind

PAGE_SIZE = 50
# Icon and label per followup type (SPEC 3); the icons are plain text symbols.
CHANNELS: dict[str, tuple[str, str]] = {
    "call": ("☎", "Call"),
    "manual_call": ("☎", "Manual call"),
    "voicemail": ("⌨", "Voicemail"),
    "email": ("✉", "Email"),
    "sms": ("✆", "SMS"),
    "whatsapp": ("✆", "WhatsApp"),
    "physical": ("⌂", "Visit"),
    "postmail": ("✉", "Letter"),
}


@dataclass(frozen=True, slots=True)
class Entry:
    followup: dict[str, Any]
    icon: str
    channel: str
    payments: list[dict[str, Any]] = field(default_factory=list)
    # SPEC 12's revisions, the latest HISTORY_SHOWN, oldest first.
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Timeline:
    debt: dict[str, Any]
    entries: list[Entry]
    page: int
    pages: int
    unattributed: list[dict[str, Any]]


# The latest revisions shown under each followup (its full history is the API's, paginated).
HISTORY_SHOWN = 20


async def debt_timeline(call: OperatorCall, debt_id: str, page: int) -> Timeline:
    state, reads = call.state, call.reads
    debt = await DebtService(reads, call.company_id, state.ids).get(debt_id)  # 404, 403
    followups = FollowupService(reads, call.company_id, state.ids, state.media_links, state.cursors)
    query = QueryParams({"limit": str(PAGE_SIZE), "page": str(page), "sort": "-activity_date"})
    listed = await followups.list(query, debt_id)
    payments = PaymentService(
        reads, call.company_id, state.ids, state.settings.attribution_window_days
    )
    paid, _total, _paging = await payments.list_page(debt_id, {"limit": "100"})
    by_followup: dict[str, list[dict[str, Any]]] = {}
    for payment in paid:
        by_followup.setdefault(payment["followup_id"] or "", []).append(payment)
    # The page's followups are the company's (listed under its debt): their revisions in one read.
    keys = [state.ids.decode(IdKind.FOLLOWUP, followup["id"]) for followup in listed.data]
    history = await HistoryService(reads, call.company_id, state.ids).latest_of_many(
        [key for key in keys if key is not None], HISTORY_SHOWN
    )
    entries = []
    for followup, key in zip(listed.data, keys, strict=True):
        icon, channel = CHANNELS.get(followup["type"], ("•", followup["type"]))
        entries.append(
            Entry(
                followup,
                icon,
                channel,
                by_followup.get(followup["id"], []),
                history.get(key or 0, []),
            )
        )
    total = listed.total or 0
    pages = max(1, -(-total // PAGE_SIZE))
    return Timeline(debt, entries, page, pages, by_followup.get("", []))
