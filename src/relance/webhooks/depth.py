"""The outbox depth for /metrics: change records not yet turned into events, and deliveries
waiting (pending, or failed with a retry due). Each serving node counts them every
``REFRESH_SECONDS`` (two count queries); a scrape reads the last counts from memory, because a
scrape must not wait on the database."""

from __future__ import annotations

import asyncio
import logging

import sqlalchemy as sa

from relance.db.tx import Database
from relance.webhooks.queue import FAILED, PENDING
from relance.webhooks.tables import webhook_deliveries, webhook_outbox

logger = logging.getLogger("relance.webhooks")

REFRESH_SECONDS = 15.0
_CHANGES = sa.select(sa.func.count()).select_from(webhook_outbox)
_WAITING = (
    sa.select(sa.func.count())
    .select_from(webhook_deliveries)
    .where(sa.or_(webhook_deliveries.c.status == PENDING, webhook_deliveries.c.status == FAILED))
)


class OutboxDepth:
    def __init__(self) -> None:
        self.changes = 0
        self.deliveries = 0

    def levels(self) -> dict[tuple[str, ...], float]:
        return {("changes",): float(self.changes), ("deliveries",): float(self.deliveries)}

    async def refresh(self, database: Database) -> None:
        async with database.read() as tx:
            self.changes = int(await tx.fetch_val(_CHANGES))
            self.deliveries = int(await tx.fetch_val(_WAITING))

    async def refresh_forever(self, database: Database) -> None:
        while True:
            try:
                await self.refresh(database)
            except Exception:  # a database hiccup must not end the loop; the next round retries
                logger.exception("could not count the webhook outbox")
            await asyncio.sleep(REFRESH_SECONDS)
