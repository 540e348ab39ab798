"""The dispatcher: fans the outbox out into deliveries and sends them, until asked to stop.

``relance worker`` runs one per process (any number of processes on PostgreSQL); on the
embedded SQLite default ``relance serve`` runs one in its own event loop (app.py). Each pass:
fan out a batch of outbox changes, claim as many due deliveries as there are free sending
slots (leased, committed), send each in its own task and record the outcome. ``stop()`` ends the
claiming; ``run()`` returns once the deliveries in flight are recorded (SIGTERM, SPEC 11).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import timedelta
from typing import Any

from relance.config import Settings
from relance.db.transaction import write_transaction
from relance.db.tx import Database
from relance.kit.ids import IdCodec
from relance.kit.timestamps import utcnow
from relance.media.signing import MediaSigner
from relance.webhooks import queue
from relance.webhooks.events import EventBuilder
from relance.webhooks.fanout import fan_out
from relance.webhooks.schedule import RetrySchedule
from relance.webhooks.secret_box import SecretBox
from relance.webhooks.sender import Attempt, new_client, send
from relance.webhooks.signing import delivery_headers
from relance.webhooks.targets import Resolver, system_resolver

logger = logging.getLogger("relance.webhooks")
FAN_OUT_BATCH = 200


class Dispatcher:
    def __init__(
        self, database: Database, settings: Settings, resolve: Resolver = system_resolver
    ) -> None:
        self.database = database
        self.settings = settings
        self.resolve = resolve
        secret = settings.secret
        media = MediaSigner(secret, settings.public_url, settings.media_url_ttl)
        self.builder = EventBuilder(IdCodec(secret), media)
        self.box = SecretBox(secret)
        self.schedule = RetrySchedule(
            settings.webhook_backoff_base,
            settings.webhook_backoff_cap,
            settings.webhook_retry_window,
        )
        self._stopping = asyncio.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        # Claims are made in batches of at least a quarter of the slots: claiming each freed
        # slot alone cost a transaction per delivery (measured: 61 → see decisions.md).
        self._batch = max(1, settings.webhook_concurrency // 4)
        self._slots_freed = asyncio.Event()
        self.sent = 0  # attempts made, for the operator's log line and the benchmarks

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        async with new_client() as client:
            while not self._stopping.is_set():
                try:
                    busy = await self._pass(client)
                except Exception:  # the database may be away for a while: retry, never die
                    logger.exception("webhook dispatcher pass failed")
                    busy = False
                if not busy:
                    await self._idle()
            if self._in_flight:
                await asyncio.wait(self._in_flight)

    async def _pass(self, client: Any) -> bool:
        async with write_transaction(self.database) as tx:
            fanned = await fan_out(tx, self.builder, FAN_OUT_BATCH, utcnow())
        free = self.settings.webhook_concurrency - len(self._in_flight)
        if free < self._batch:
            return fanned == FAN_OUT_BATCH
        lease = uuid.uuid4().hex
        now = utcnow()
        until = now + timedelta(seconds=self.settings.webhook_lease_seconds)
        async with write_transaction(self.database) as tx:
            claimed = await queue.claim(tx, lease, free, now, until)
        for delivery in claimed:
            task = asyncio.create_task(self._deliver(client, delivery, lease))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)
        return fanned == FAN_OUT_BATCH or len(claimed) == free

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        if self.settings.webhook_concurrency - len(self._in_flight) >= self._batch:
            self._slots_freed.set()

    async def _idle(self) -> None:
        """Until the next poll, a batch of free slots or stop(), whichever comes first."""
        self._slots_freed.clear()
        waits = [asyncio.ensure_future(self._stopping.wait())]
        if self._in_flight:
            waits.append(asyncio.ensure_future(self._slots_freed.wait()))
        await asyncio.wait(
            waits, timeout=self.settings.webhook_poll_seconds, return_when=asyncio.FIRST_COMPLETED
        )
        for waiting in waits:
            if not waiting.done():
                waiting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiting

    async def _deliver(self, client: Any, delivery: dict[str, Any], lease: str) -> None:
        try:
            attempt = await send(
                client,
                delivery["url"],
                self._headers(delivery),
                delivery["body"].encode(),
                self.settings.webhook_timeout,
                self.settings.webhooks_allow_private,
                self.resolve,
            )
            self.sent += 1
            await self._record(delivery, lease, attempt)
        except Exception:  # recorded next time: the lease ends and the delivery comes back
            logger.exception("webhook delivery %s could not be recorded", delivery["id"])

    def _headers(self, delivery: dict[str, Any]) -> dict[str, str]:
        now = utcnow()
        secrets = [self.box.open(delivery["secret"])]
        until = delivery["previous_secret_until"]
        if delivery["previous_secret"] and until is not None and until > now:
            secrets.append(self.box.open(delivery["previous_secret"]))
        body = delivery["body"].encode()
        return delivery_headers(secrets, delivery["public_event_id"], int(now.timestamp()), body)

    async def _record(self, delivery: dict[str, Any], lease: str, attempt: Attempt) -> None:
        now = utcnow()
        outcome: dict[str, Any] = {
            "status_code": attempt.status_code,
            "error": attempt.error,
            "duration_ms": attempt.duration_ms,
            "delivered_at": None,
            "next_attempt_at": now,
        }
        if attempt.succeeded:
            outcome |= {"status": queue.SUCCEEDED, "delivered_at": now}
        else:
            retry_at = self.schedule.next_attempt(
                delivery["attempts"] + 1, delivery["created_at"], now
            )
            if retry_at is None:
                outcome["status"] = queue.EXHAUSTED
            else:
                outcome |= {"status": queue.FAILED, "next_attempt_at": retry_at}
        async with write_transaction(self.database) as tx:
            await queue.record_attempt(tx, delivery, lease, outcome, now)
