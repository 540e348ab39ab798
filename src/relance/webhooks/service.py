"""Webhook endpoint rules (SPEC 8): register, list, change, delete, rotate the secret, send a
test event, read the delivery log, replay a delivery. Takes public ids; never commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import orjson

from relance.db.tx import Tx
from relance.debts.list_params import PageRequest, parse_page_only
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec
from relance.kit.timestamps import utcnow
from relance.webhooks import queue
from relance.webhooks.errors import DELIVERY, WEBHOOK, DeliveryNotFound
from relance.webhooks.events import Event
from relance.webhooks.fanout import event_body, new_event_id
from relance.webhooks.inputs import WebhookInput, parse_webhook
from relance.webhooks.repository import WebhookRepository
from relance.webhooks.secret_box import SecretBox, new_secret
from relance.webhooks.serialize import attempt_out, delivery_out, endpoint_out
from relance.webhooks.targets import Resolver, TargetRefused, checked_addresses

# After a rotation the old secret signs next to the new one for this long (SPEC 8).
ROTATION_OVERLAP = timedelta(hours=24)
TEST_EVENT = "webhook.test"


class WebhookService:
    def __init__(
        self,
        tx: Tx,
        company_id: int,
        ids: IdCodec,
        box: SecretBox,
        allow_private: bool,
        resolve: Resolver,
    ) -> None:
        self.repository = WebhookRepository(tx, company_id)
        self.tx = tx
        self.company_id = company_id
        self.ids = ids
        self.box = box
        self.allow_private = allow_private
        self.resolve = resolve

    async def checked_create(self, payload: Mapping[str, Any]) -> WebhookInput:
        """The body of a create, its url resolved and checked: before the write transaction
        (a DNS lookup must not hold SQLite's write lock)."""
        return await self._checked(parse_webhook(payload, self.allow_private, create=True))

    async def checked_update(self, public_id: str, payload: Mapping[str, Any]) -> WebhookInput:
        """404/403, then the body of an update, checked like a create's."""
        await self._endpoint(public_id)
        return await self._checked(parse_webhook(payload, self.allow_private, create=False))

    async def create(self, parsed: WebhookInput) -> dict[str, Any]:
        secret = new_secret()
        values = {
            "url": parsed.values["url"],
            "events": orjson.dumps(parsed.values["events"]).decode(),
            "enabled": parsed.values.get("enabled", True),
            "description": parsed.values.get("description"),
            "secret": self.box.seal(secret),
        }
        row = await self.repository.insert(values, utcnow())
        return endpoint_out(row, self.ids, secret)

    async def get(self, public_id: str) -> dict[str, Any]:
        return endpoint_out(await self._endpoint(public_id), self.ids)

    async def list_page(
        self, query: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], int, PageRequest]:
        paging = parse_page_only(query)
        total = await self.repository.count()
        rows = await self.repository.page(paging.limit, paging.offset) if total else []
        return [endpoint_out(row, self.ids) for row in rows], total, paging

    async def update(self, public_id: str, parsed: WebhookInput) -> dict[str, Any]:
        current = await self._endpoint(public_id, for_update=True)
        values = {
            "url": current["url"],
            "events": current["events"],
            "enabled": current["enabled"],
            "description": current["description"],
        } | parsed.values
        if "events" in parsed.values:
            values["events"] = orjson.dumps(parsed.values["events"]).decode()
        row = await self.repository.update(current["id"], values, utcnow())
        assert row is not None  # locked above
        return endpoint_out(row, self.ids)

    async def delete(self, public_id: str) -> None:
        row = await self._endpoint(public_id)
        await self.repository.delete(row["id"])

    async def rotate_secret(self, public_id: str) -> dict[str, Any]:
        current = await self._endpoint(public_id, for_update=True)
        secret, now = new_secret(), utcnow()
        sealed = self.box.seal(secret)
        row = await self.repository.rotate(current["id"], sealed, now + ROTATION_OVERLAP, now)
        assert row is not None
        return endpoint_out(row, self.ids, secret)

    async def send_test(self, public_id: str) -> dict[str, Any]:
        endpoint = await self._endpoint(public_id)
        now = utcnow()
        event_id = new_event_id()
        data = {"webhook_id": public_id, "message": "This is a test event from relance"}
        body = event_body(event_id, Event(TEST_EVENT, data), now, 0)
        key = await queue.insert_event(self.tx, self.company_id, event_id, TEST_EVENT, body, now)
        row = await queue.insert_delivery(self.tx, self.company_id, endpoint["id"], key, now)
        return delivery_out(row | {"public_event_id": event_id, "type": TEST_EVENT}, self.ids)

    async def deliveries(
        self, public_id: str, query: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], int, PageRequest]:
        endpoint = await self._endpoint(public_id)
        paging = parse_page_only(query)
        total = await self.repository.count_deliveries(endpoint["id"])
        rows = []
        if total:
            rows = await self.repository.page_deliveries(
                endpoint["id"], paging.limit, paging.offset
            )
        return [delivery_out(row, self.ids) for row in rows], total, paging

    async def delivery(self, public_id: str, delivery_id: str) -> dict[str, Any]:
        row = await self._delivery(public_id, delivery_id)
        attempts = await self.repository.attempts(row["id"])
        return delivery_out(row, self.ids) | {"attempt_log": [attempt_out(a) for a in attempts]}

    async def replay(self, public_id: str, delivery_id: str) -> dict[str, Any]:
        """A new delivery of the same event (same body, same webhook-id), due now."""
        row = await self._delivery(public_id, delivery_id)
        now = utcnow()
        new = await queue.insert_delivery(
            self.tx, self.company_id, row["endpoint_id"], row["event_id"], now
        )
        return delivery_out(
            new | {"public_event_id": row["public_event_id"], "type": row["type"]}, self.ids
        )

    async def _endpoint(self, public_id: str, for_update: bool = False) -> dict[str, Any]:
        access, row = await self.repository.get(
            WEBHOOK.key_or_raise(self.ids, public_id), for_update
        )
        WEBHOOK.check(access)
        assert row is not None
        return row

    async def _delivery(self, public_id: str, delivery_id: str) -> dict[str, Any]:
        endpoint = await self._endpoint(public_id)
        access, row = await self.repository.delivery(DELIVERY.key_or_raise(self.ids, delivery_id))
        DELIVERY.check(access)
        assert row is not None
        if row["endpoint_id"] != endpoint["id"]:  # the company's, but another endpoint's
            raise DeliveryNotFound()
        return row

    async def _checked(self, parsed: WebhookInput) -> WebhookInput:
        """The url's addresses, resolved now, must be public (unless private ones are allowed)."""
        if parsed.target is not None and not self.allow_private:
            try:
                await checked_addresses(parsed.target, self.allow_private, self.resolve)
            except TargetRefused as refused:
                raise ValidationFailed({"url": str(refused)}) from None
        return parsed
