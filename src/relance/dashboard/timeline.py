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
from relance.followups.listing.cursor import codec_for
from relance.followups.service import FollowupService
from relance.http.endpoint import OperatorCall

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
    # SPEC 12's revisions, once ``followup_history`` can read them.
    history: list[dict[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    debt: dict[str, Any]
    entries: list[Entry]
    page: int
    pages: int
    unattributed: list[dict[str, Any]]


async def followup_history(call: OperatorCall, followup_id: str) -> list[dict[str, Any]] | None:
    """EXTENSION POINT for SPEC 12's ``GET /followups/{id}/history``, which does not exist yet.

    When the history service lands, return its revisions for ``followup_id`` here (oldest
    first: ``version``, ``changed_at``, ``actor``, ``changes``) through that service with
    ``call.company_id``; ``templates/debt.html`` already lists them under each followup. Until
    then: None, and the page shows no history rather than anything made up.
    """
    return None


async def debt_timeline(call: OperatorCall, debt_id: str, page: int) -> Timeline:
    state, reads = call.state, call.reads
    debt = await DebtService(reads, call.company_id, state.ids).get(debt_id)  # 404, 403
    followups = FollowupService(
        reads, call.company_id, state.ids, state.media_links, codec_for(state.settings.secret)
    )
    query = QueryParams({"limit": str(PAGE_SIZE), "page": str(page), "sort": "-activity_date"})
    listed = await followups.list(query, debt_id)
    payments = PaymentService(
        reads, call.company_id, state.ids, state.settings.attribution_window_days
    )
    paid, _total, _paging = await payments.list_page(debt_id, {"limit": "100"})
    by_followup: dict[str, list[dict[str, Any]]] = {}
    for payment in paid:
        by_followup.setdefault(payment["followup_id"] or "", []).append(payment)
    entries = []
    for followup in listed.data:
        icon, channel = CHANNELS.get(followup["type"], ("•", followup["type"]))
        entries.append(
            Entry(
                followup,
                icon,
                channel,
                by_followup.get(followup["id"], []),
                await followup_history(call, followup["id"]),
            )
        )
    total = listed.total or 0
    pages = max(1, -(-total // PAGE_SIZE))
    return Timeline(debt, entries, page, pages, by_followup.get("", []))
