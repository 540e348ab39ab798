"""Expired keys are deleted in the background (an expired row is also taken over when its key
comes back, so correctness never waits for this; it only keeps the table small)."""

from __future__ import annotations

import asyncio
import logging

from relance.db.transaction import write_transaction
from relance.db.tx import Database
from relance.idempotency.keys import RETENTION
from relance.idempotency.repository import prune
from relance.kit.timestamps import utcnow

logger = logging.getLogger("relance.idempotency")

PRUNE_EVERY_SECONDS = 600.0


async def prune_expired(database: Database) -> int:
    async with write_transaction(database) as tx:
        return await prune(tx, utcnow() - RETENTION)


async def prune_forever(database: Database, every: float = PRUNE_EVERY_SECONDS) -> None:
    """Runs for the server's life (every node; deleting twice is harmless). Sleeps first: a
    starting node writes nothing, and keys live 24 hours anyway."""
    while True:
        await asyncio.sleep(every)
        try:
            await prune_expired(database)
        except Exception:  # a database hiccup must not end the loop; the next round retries
            logger.exception("could not prune expired idempotency keys")
