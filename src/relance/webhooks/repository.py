"""SQL of webhook endpoints and their delivery log, bound to one company."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.tx import Tx
from relance.kit.ownership import Access
from relance.webhooks.tables import (
    webhook_attempts,
    webhook_deliveries,
    webhook_endpoints,
    webhook_events,
)

w, d, e = webhook_endpoints.c, webhook_deliveries.c, webhook_events.c
_OWNED = (w.id == param("id")) & (w.company_id == param("company_id"))
_INSERT_COLUMNS = ("company_id", "url", "events", "enabled", "description", "secret")
_INSERT = (
    sa.insert(webhook_endpoints)
    .values({n: param(n) for n in (*_INSERT_COLUMNS, "created_at", "updated_at")})
    .returning(*webhook_endpoints.c)
)
_GET = sa.select(webhook_endpoints).where(w.id == param("id"))
_GET_FOR_UPDATE = _GET.with_for_update()
_COUNT = sa.select(sa.func.count()).where(w.company_id == param("company_id"))
_PAGE = (
    sa.select(webhook_endpoints)
    .where(w.company_id == param("company_id"))
    .order_by(w.id)
    .limit(param("limit", type_=sa.Integer))
    .offset(param("offset", type_=sa.Integer))
)
_UPDATE = (
    sa.update(webhook_endpoints)
    .where(_OWNED)
    .values({n: param(n) for n in ("url", "events", "enabled", "description", "updated_at")})
    .returning(*webhook_endpoints.c)
)
_ROTATE = (
    sa.update(webhook_endpoints)
    .where(_OWNED)
    .values(
        secret=param("secret"),
        previous_secret=w.secret,
        previous_secret_until=param("until", type_=w.previous_secret_until.type),
        updated_at=param("now", type_=w.updated_at.type),
    )
    .returning(*webhook_endpoints.c)
)
_DELETE = sa.delete(webhook_endpoints).where(_OWNED)

_DELIVERY = sa.select(webhook_deliveries, e.event_id.label("public_event_id"), e.type).join_from(
    webhook_deliveries, webhook_events, e.id == d.event_id
)
_GET_DELIVERY = _DELIVERY.where(d.id == param("id"))
_COUNT_DELIVERIES = sa.select(sa.func.count()).where(d.endpoint_id == param("endpoint_id"))
_PAGE_DELIVERIES = (
    _DELIVERY.where(d.endpoint_id == param("endpoint_id"))
    .order_by(d.id.desc())
    .limit(param("limit", type_=sa.Integer))
    .offset(param("offset", type_=sa.Integer))
)
_ATTEMPTS = (
    sa.select(webhook_attempts)
    .where(webhook_attempts.c.delivery_id == param("delivery_id"))
    .order_by(webhook_attempts.c.id)
)


class WebhookRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    def _found(self, row: dict[str, Any] | None) -> tuple[Access, dict[str, Any] | None]:
        access = Access.of(None if row is None else row["company_id"], self.company_id)
        return access, row if access is Access.OWNED else None

    async def insert(self, values: dict[str, Any], now: datetime) -> dict[str, Any]:
        params = {**values, "company_id": self.company_id, "created_at": now, "updated_at": now}
        row = await self.tx.fetch_one(_INSERT, params)
        assert row is not None
        return row

    async def get(self, key: int, for_update: bool = False) -> tuple[Access, dict[str, Any] | None]:
        statement = _GET_FOR_UPDATE if for_update else _GET
        return self._found(await self.tx.fetch_one(statement, {"id": key}))

    async def count(self) -> int:
        return int(await self.tx.fetch_val(_COUNT, {"company_id": self.company_id}))

    async def page(self, limit: int, offset: int) -> list[dict[str, Any]]:
        params = {"company_id": self.company_id, "limit": limit, "offset": offset}
        return await self.tx.fetch_all(_PAGE, params)

    async def update(
        self, key: int, values: dict[str, Any], now: datetime
    ) -> dict[str, Any] | None:
        params = {**values, "id": key, "company_id": self.company_id, "updated_at": now}
        return await self.tx.fetch_one(_UPDATE, params)

    async def rotate(
        self, key: int, sealed: str, until: datetime, now: datetime
    ) -> dict[str, Any] | None:
        params = {"id": key, "company_id": self.company_id, "secret": sealed}
        return await self.tx.fetch_one(_ROTATE, {**params, "until": until, "now": now})

    async def delete(self, key: int) -> bool:
        return await self.tx.execute(_DELETE, {"id": key, "company_id": self.company_id}) == 1

    async def delivery(self, key: int) -> tuple[Access, dict[str, Any] | None]:
        return self._found(await self.tx.fetch_one(_GET_DELIVERY, {"id": key}))

    async def count_deliveries(self, endpoint_id: int) -> int:
        return int(await self.tx.fetch_val(_COUNT_DELIVERIES, {"endpoint_id": endpoint_id}))

    async def page_deliveries(
        self, endpoint_id: int, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        params = {"endpoint_id": endpoint_id, "limit": limit, "offset": offset}
        return await self.tx.fetch_all(_PAGE_DELIVERIES, params)

    async def attempts(self, delivery_id: int) -> list[dict[str, Any]]:
        return await self.tx.fetch_all(_ATTEMPTS, {"delivery_id": delivery_id})
