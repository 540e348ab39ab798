"""Running a keyed POST once (SPEC 9): claim the key, answer, store the answer, all in the
write's own transaction.

The claim is the transaction's first statement: an INSERT on the (company, key) primary key.
A concurrent request with the same key waits on that row until the first commits, then finds
the stored answer and replays it (PostgreSQL's unique-index wait; SQLite's single writer), so any
number of nodes create one object. The answer is stored before COMMIT: a crash keeps both the
write and its answer, or neither. A refusal (4xx raised by the service) rolls the write back and
is stored on its own; a 5xx is never stored, so a retry runs again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from starlette.responses import Response

from relance.db.transaction import write_transaction
from relance.db.tx import Database, Tx
from relance.http.errors import render
from relance.idempotency.errors import KeyInProgress, KeyReused
from relance.idempotency.keys import RETENTION
from relance.idempotency.repository import IdempotencyRepository, StoredAnswer
from relance.kit.errors import ApiError
from relance.kit.timestamps import utcnow
from relance.observe.metrics import IDEMPOTENT_REPLAYS

REPLAYED_HEADER = "Idempotent-Replayed"
# What a replay repeats besides status and body (SPEC 9: status, body, ETag).
_KEPT_HEADERS = ("content-type", "etag", "location")

Respond = Callable[[Tx], Awaitable[Response]]


class _Found(Exception):
    """Leaves the claiming transaction (rolling it back) with the answer already stored."""

    def __init__(self, answer: StoredAnswer | None) -> None:
        self.answer = answer


async def answer_once(
    database: Database, company_id: int, key: str, fingerprint: str, respond: Respond
) -> Response:
    now = utcnow()
    cutoff = now - RETENTION
    try:
        async with write_transaction(database) as tx:
            keys = IdempotencyRepository(tx, company_id)
            if not await keys.claim(key, fingerprint, now, cutoff):
                raise _Found(await keys.find(key, cutoff))
            response = await respond(tx)
            if response.status_code >= 500:
                raise _Unstored(response)
            await keys.store(key, _answer(fingerprint, response))
        return response
    except _Found as found:
        return _replay(found.answer, fingerprint)
    except _Unstored as unstored:
        return unstored.response
    except ApiError as error:
        if error.status >= 500:
            raise
        refusal = render(error)
        await _store_refusal(database, company_id, key, fingerprint, refusal, now, cutoff)
        return refusal


class _Unstored(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


async def _store_refusal(
    database: Database,
    company_id: int,
    key: str,
    fingerprint: str,
    refusal: Response,
    now: datetime,
    cutoff: datetime,
) -> None:
    """The write rolled back; the refusal is kept so a retry gets the same answer (unless a
    retry already claimed the key meanwhile: then its own answer stands)."""
    async with write_transaction(database) as tx:
        answer = _answer(fingerprint, refusal)
        await IdempotencyRepository(tx, company_id).claim(key, fingerprint, now, cutoff, answer)


def _answer(fingerprint: str, response: Response) -> StoredAnswer:
    headers = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
    return StoredAnswer(fingerprint, response.status_code, headers, bytes(response.body))


def _replay(answer: StoredAnswer | None, fingerprint: str) -> Response:
    if answer is None:  # a live row without an answer is never committed; refuse safely
        raise KeyInProgress()
    if answer.fingerprint != fingerprint:
        raise KeyReused()
    IDEMPOTENT_REPLAYS.inc()
    headers = {**answer.headers, REPLAYED_HEADER: "true"}
    return Response(answer.body, status_code=answer.status_code, headers=headers)
