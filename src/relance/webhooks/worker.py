"""``relance worker``: one dispatcher in its own process until SIGTERM or SIGINT, after which
the deliveries in flight finish and are recorded before it exits (SPEC 8 and 11)."""

from __future__ import annotations

import asyncio
import logging
import signal

from relance.config import Settings
from relance.db.connect import create_database
from relance.webhooks.dispatcher import Dispatcher

logger = logging.getLogger("relance.webhooks")


async def run_worker(settings: Settings) -> int:
    """Runs until a signal; returns the number of delivery attempts made."""
    pool = settings.webhook_concurrency // 4 + 2  # sends wait on receivers, not on the database
    database = create_database(settings.effective_database_url, pool)
    await database.connect()
    dispatcher = Dispatcher(database, settings)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, dispatcher.stop)
    logger.info("relance worker started")
    try:
        await dispatcher.run()
    finally:
        await database.close()
    logger.info("relance worker stopped after %d delivery attempts", dispatcher.sent)
    return dispatcher.sent
