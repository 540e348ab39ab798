"""The dashboard's pages, for the operator's one company: debts, a debt's timeline, charts.

Each page reads through the API's services and repositories with the session's company. A
refusal they raise (404, 403, a bad filter) becomes an HTML page with the same status.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from relance.dashboard import render
from relance.dashboard.charts import charts, days_between, totals
from relance.dashboard.rates import RatesRepository
from relance.dashboard.timeline import debt_timeline
from relance.debts import statuses
from relance.debts.service import DebtService
from relance.http.endpoint import OperatorCall, operator
from relance.http.route import api_router
from relance.kit.errors import ApiError, ValidationFailed
from relance.kit.timestamps import utcnow

router = api_router("dashboard")

Operator = Annotated[OperatorCall, operator()]
DEBTS_PER_PAGE = "25"
PERIODS = (7, 30, 90)  # days a chart may cover
BAD_PAGE = "Page must be a positive integer"


async def or_refusal(call: OperatorCall, build: Callable[[], Awaitable[Response]]) -> Response:
    """The page, or the refusal the services raised as a page of its own (never JSON here)."""
    try:
        return await build()
    except ApiError as error:
        if error.status >= 500:
            raise
        details = list((error.details or {}).items())
        return render.page(
            "error.html",
            error.status,
            title=f"Error {error.status}",
            message=error.message,
            details=details,
            session=call.session,
        )


@router.get("/dashboard")
async def home(call: Operator) -> Response:
    return RedirectResponse("/dashboard/debts", status_code=303)


@router.get("/dashboard/debts")
async def debts_page(request: Request, call: Operator) -> Response:
    # The form sends every field; an empty one means "any".
    chosen = {
        name: value
        for name, value in request.query_params.items()
        if name in ("q", "status", "page") and value
    }

    async def build() -> Response:
        service = DebtService(call.reads, call.company_id, call.state.ids)
        rows, total, paging = await service.list_page({**chosen, "limit": DEBTS_PER_PAGE})
        return render.page(
            "debts.html",
            title="Debts",
            session=call.session,
            debts=rows,
            total=total,
            page=paging.page,
            pages=max(1, -(-total // paging.limit)),
            q=chosen.get("q", ""),
            chosen_status=chosen.get("status", ""),
            statuses=[status.removeprefix(statuses.PREFIX) for status in statuses.ALL],
        )

    return await or_refusal(call, build)


@router.get("/dashboard/debts/{debt_id}")
async def debt_page(debt_id: str, request: Request, call: Operator) -> Response:
    async def build() -> Response:
        page = _page_number(request.query_params.get("page", "1"))
        timeline = await debt_timeline(call, debt_id, page)
        return render.page(
            "debt.html",
            title=f"{timeline.debt['firstname']} {timeline.debt['lastname']}",
            session=call.session,
            timeline=timeline,
        )

    return await or_refusal(call, build)


@router.get("/dashboard/charts")
async def charts_page(request: Request, call: Operator) -> Response:
    async def build() -> Response:
        days = _period(request.query_params.get("days", "30"))
        today = utcnow().date()
        shown = days_between(today - timedelta(days=days - 1), today)
        until = utcnow().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        since = until - timedelta(days=days)
        entries = await RatesRepository(call.reads, call.company_id).per_channel_and_day(
            since, until
        )
        return render.page(
            "charts.html",
            title="Charts",
            session=call.session,
            charts=charts(entries, shown),
            totals=totals(entries),
            days=days,
            periods=PERIODS,
        )

    return await or_refusal(call, build)


def _page_number(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 1_000_000:
        raise _invalid("page", BAD_PAGE)
    return int(text)


def _period(text: str) -> int:
    if text not in {str(days) for days in PERIODS}:
        raise _invalid("days", "Must be one of " + ", ".join(map(str, PERIODS)))
    return int(text)


def _invalid(name: str, message: str) -> ApiError:
    return ValidationFailed({name: message})
