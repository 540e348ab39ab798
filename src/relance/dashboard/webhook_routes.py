"""The dashboard's webhooks pages (SPEC 15): the company's endpoints, one endpoint's delivery
log, and a Replay button that queues the same delivery again.

They read and replay through ``WebhookService``, the service the API's webhook routes use, with
the session's company: another company's webhook or delivery is the API's 403, an unknown one
its 404, both as HTML pages.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from relance.dashboard import render
from relance.dashboard.routes import BAD_PAGE, or_refusal
from relance.http.endpoint import OperatorCall, operator
from relance.http.route import api_router
from relance.kit.errors import ValidationFailed
from relance.webhooks.routes import service_of

router = api_router("dashboard")

Operator = Annotated[OperatorCall, operator()]
OperatorForm = Annotated[OperatorCall, operator(form=True)]
PER_PAGE = "20"


def _paging(request: Request) -> dict[str, str]:
    """The page asked for, checked here so a bad one names ``page`` (the service's own message
    would name it too, but for the API's ``limit`` as well, which these pages never send)."""
    page = request.query_params.get("page", "1")
    if not page.isascii() or not page.isdigit() or not 1 <= int(page) <= 1_000_000:
        raise ValidationFailed({"page": BAD_PAGE})
    return {"page": page, "limit": PER_PAGE}


@router.get("/dashboard/webhooks")
async def webhooks_page(request: Request, call: Operator) -> Response:
    async def build() -> Response:
        service = service_of(call, call.reads)
        rows, total, paging = await service.list_page(_paging(request))
        return render.page(
            "webhooks.html",
            title="Webhooks",
            session=call.session,
            webhooks=rows,
            total=total,
            page=paging.page,
            pages=max(1, -(-total // paging.limit)),
        )

    return await or_refusal(call, build)


@router.get("/dashboard/webhooks/{webhook_id}")
async def webhook_page(webhook_id: str, request: Request, call: Operator) -> Response:
    async def build() -> Response:
        service = service_of(call, call.reads)
        webhook = await service.get(webhook_id)
        rows, total, paging = await service.deliveries(webhook_id, _paging(request))
        return render.page(
            "webhook.html",
            title="Webhooks",
            session=call.session,
            webhook=webhook,
            deliveries=rows,
            total=total,
            page=paging.page,
            pages=max(1, -(-total // paging.limit)),
            replayed=request.query_params.get("replayed", ""),
        )

    return await or_refusal(call, build)


@router.post("/dashboard/webhooks/{webhook_id}/deliveries/{delivery_id}/replay")
async def replay_delivery(webhook_id: str, delivery_id: str, call: OperatorForm) -> Response:
    """The API's replay (a new delivery of the same event, due now), then back to the log with
    the new delivery marked."""

    async def build() -> Response:
        async with call.transaction() as tx:
            replayed = await service_of(call, tx).replay(webhook_id, delivery_id)
        query = urlencode({"replayed": replayed["id"]})
        return RedirectResponse(f"/dashboard/webhooks/{webhook_id}?{query}", status_code=303)

    return await or_refusal(call, build)
