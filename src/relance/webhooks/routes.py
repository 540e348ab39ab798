"""HTTP routes of webhooks (SPEC 8): endpoints, secret rotation, test event, delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from starlette.responses import Response

from relance.auth.scopes import WEBHOOKS_READ, WEBHOOKS_WRITE
from relance.db.tx import Tx
from relance.http.endpoint import Call, OperatorCall, reads, writes
from relance.http.responses import created, ok, page
from relance.http.route import api_router
from relance.webhooks import openapi
from relance.webhooks.service import WebhookService

router = api_router("webhooks")

Reader = Annotated[Call, reads(WEBHOOKS_READ)]
Writer = Annotated[Call, writes(WEBHOOKS_WRITE)]
BodilessWriter = Annotated[Call, writes(WEBHOOKS_WRITE, None)]


def service_of(call: Call | OperatorCall, tx: Tx) -> WebhookService:
    """The webhooks of the caller's company: an API client's, or a dashboard operator's."""
    state = call.state
    allow_private = state.settings.webhooks_allow_private
    return WebhookService(
        tx, call.company_id, state.ids, state.webhook_secrets, allow_private, state.resolver
    )


@router.post(
    "/webhooks",
    status_code=201,
    summary="Register a webhook endpoint",
    openapi_extra=openapi.CREATE_BODY,
    responses=openapi.WRITE_ERRORS,
)
async def create_webhook(call: Writer) -> Response:
    """The answer holds the signing secret: it is shown here and after a rotation only."""
    parsed = await service_of(call, call.reads).checked_create(call.body)
    async with call.transaction() as tx:
        data = await service_of(call, tx).create(parsed)
    return created(data, "Webhook created successfully")


@router.get("/webhooks", summary="List the company's webhook endpoints")
async def list_webhooks(request: Request, call: Reader) -> Response:
    rows, total, paging = await service_of(call, call.reads).list_page(dict(request.query_params))
    return page(rows, total, paging.page, paging.limit)


@router.get("/webhooks/{webhook_id}", summary="Get a webhook endpoint")
async def get_webhook(webhook_id: str, call: Reader) -> Response:
    return ok(await service_of(call, call.reads).get(webhook_id))


@router.put(
    "/webhooks/{webhook_id}",
    summary="Change a webhook endpoint (partial)",
    openapi_extra=openapi.UPDATE_BODY,
    responses=openapi.WRITE_ERRORS | openapi.BY_ID_ERRORS,
)
async def update_webhook(webhook_id: str, call: Writer) -> Response:
    parsed = await service_of(call, call.reads).checked_update(webhook_id, call.body)
    async with call.transaction() as tx:
        data = await service_of(call, tx).update(webhook_id, parsed)
    return ok(data, "Webhook updated successfully")


@router.delete("/webhooks/{webhook_id}", summary="Delete a webhook endpoint and its log")
async def delete_webhook(webhook_id: str, call: BodilessWriter) -> Response:
    async with call.transaction() as tx:
        await service_of(call, tx).delete(webhook_id)
    return ok(None, "Webhook deleted successfully")


@router.post("/webhooks/{webhook_id}/rotate-secret", summary="Rotate the signing secret")
async def rotate_secret(webhook_id: str, call: BodilessWriter) -> Response:
    """A new secret, shown once; the old one keeps signing alongside it for 24 hours."""
    async with call.transaction() as tx:
        data = await service_of(call, tx).rotate_secret(webhook_id)
    return ok(data, "Webhook secret rotated")


@router.post("/webhooks/{webhook_id}/test", status_code=202, summary="Send a webhook.test event")
async def send_test(webhook_id: str, call: BodilessWriter) -> Response:
    async with call.transaction() as tx:
        data = await service_of(call, tx).send_test(webhook_id)
    return ok(data, "Test event queued", 202)


@router.get("/webhooks/{webhook_id}/deliveries", summary="The endpoint's deliveries, newest first")
async def list_deliveries(webhook_id: str, request: Request, call: Reader) -> Response:
    service = service_of(call, call.reads)
    rows, total, paging = await service.deliveries(webhook_id, dict(request.query_params))
    return page(rows, total, paging.page, paging.limit)


@router.get(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}",
    summary="One delivery with the log of its attempts",
)
async def get_delivery(webhook_id: str, delivery_id: str, call: Reader) -> Response:
    return ok(await service_of(call, call.reads).delivery(webhook_id, delivery_id))


@router.post(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/replay",
    status_code=202,
    summary="Deliver the same event again (same webhook-id)",
)
async def replay_delivery(webhook_id: str, delivery_id: str, call: BodilessWriter) -> Response:
    async with call.transaction() as tx:
        data = await service_of(call, tx).replay(webhook_id, delivery_id)
    return ok(data, "Delivery queued", 202)
