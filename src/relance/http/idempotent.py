"""Running a keyed POST once (SPEC 9): claim the key, answer, store the answer, all in the
write's own transaction.

The claim is the transaction's first statement (``idempotency.claiming``): an INSERT on the
(company, key) primary key, or a CTE of the write itself when that is one statement (the
followup create on PostgreSQL, which then keeps its row instead of its answer: a replay
rebuilds the answer with the builder registered for that kind of row). A concurrent request with
the same key waits on that row until the first commits, then finds the stored answer and
replays it (PostgreSQL's unique-index wait; SQLite's single writer), so any number of nodes
create one object. The answer is stored before COMMIT: a crash keeps both the write and its
answer, or neither. A refusal (4xx raised by the service) rolls the write back and is stored
on its own; a 5xx is never stored, so a retry runs again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.responses import Response

from relance.db.transaction import write_transaction
from relance.db.tx import Tx
from relance.http.errors import render
from relance.idempotency.claiming import ClaimingTx, KeyClaim, KeyTaken
from relance.idempotency.errors import KeyInProgress, KeyReused
from relance.idempotency.keys import RETENTION, RequestPrint
from relance.idempotency.repository import IdempotencyRepository, KeptRow, StoredAnswer
from relance.kit.errors import ApiError
from relance.kit.timestamps import utcnow
from relance.observe.metrics import IDEMPOTENT_REPLAYS
from relance.state import AppState

REPLAYED_HEADER = "Idempotent-Replayed"
# What a replay repeats besides status and body (SPEC 9: status, body, ETag).
_KEPT_HEADERS = ("content-type", "etag", "location")

Respond = Callable[[Tx], Awaitable[Response]]
# The first answer again, from the row a one-statement create kept (``KeptRow.kind``).
Rebuild = Callable[[AppState, Mapping[str, Any]], Response]
_REBUILDS: dict[str, Rebuild] = {}


def rebuilds(kind: str) -> Callable[[Rebuild], Rebuild]:
    """Registers the builder of the answer for rows kept under ``kind``; it must answer what
    the route answered, byte for byte (the replay tests compare them)."""

    def register(build: Rebuild) -> Rebuild:
        _REBUILDS[kind] = build
        return build

    return register


class _Found(Exception):
    """Leaves the claiming transaction (rolling it back) with the answer already stored."""

    def __init__(self, answer: StoredAnswer | None) -> None:
        self.answer = answer


async def answer_once(
    state: AppState,
    company_id: int,
    key: str,
    request_print: RequestPrint,
    respond: Respond,
    *,
    claim_first: bool = True,
) -> Response:
    """``claim_first=False`` lets the route's first statement claim the key itself (it is
    still claimed before any other statement: ``ClaimingTx``)."""
    database = state.database
    fingerprint = request_print.value
    now = utcnow()
    cutoff = now - RETENTION
    # SQLite: the transaction holds the database's one write lock from its first statement to
    # COMMIT, so nobody can claim the key in between; a route that lets its statements claim
    # (the followup create) claims at the end, with its answer, in one statement instead of two.
    # A retry that finds the key held there rolls its work back and replays.
    claim_last = not claim_first and database.dialect_name == "sqlite"
    try:
        async with write_transaction(database) as tx:
            keys = IdempotencyRepository(tx, company_id)
            claim = KeyClaim(keys, key, fingerprint, now, cutoff)
            try:
                if claim_first:
                    await claim.make()
                response = await respond(tx if claim_last else ClaimingTx(tx, claim))
                if response.status_code >= 500:
                    raise _Unstored(response)
                if claim_last:
                    answer = _answer(fingerprint, response)
                    if not await keys.claim(key, fingerprint, now, cutoff, answer):
                        raise KeyTaken()
                elif not claim.answered:
                    await claim.make()
                    await keys.store(key, _answer(fingerprint, response))
            except KeyTaken:
                raise _Found(await keys.find(key, cutoff)) from None
        return response
    except _Found as found:
        return _replay(state, found.answer, request_print)
    except _Unstored as unstored:
        return unstored.response
    except ApiError as error:
        if error.status >= 500:
            raise
        refusal = render(error)
        async with write_transaction(database) as tx:
            keys = IdempotencyRepository(tx, company_id)
            if await keys.claim(key, fingerprint, now, cutoff, _answer(fingerprint, refusal)):
                return refusal
            stored = await keys.find(key, cutoff)
        # The key was held: by a request that ran meanwhile, or (a route that refused before
        # its first statement claimed anything) by an earlier one, whose answer stands.
        return _replay(state, stored, request_print)


class _Unstored(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _answer(fingerprint: str, response: Response) -> StoredAnswer:
    headers = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
    return StoredAnswer(fingerprint, response.status_code, headers, bytes(response.body))


def _replay(state: AppState, answer: StoredAnswer | None, request_print: RequestPrint) -> Response:
    if answer is None:  # a live row without an answer is never committed; refuse safely
        raise KeyInProgress()
    if not request_print.matches(answer.fingerprint):
        raise KeyReused()
    IDEMPOTENT_REPLAYS.inc()
    if answer.kept is not None:
        response = _rebuilt(state, answer.kept)
        response.headers[REPLAYED_HEADER] = "true"
        return response
    headers = {**answer.headers, REPLAYED_HEADER: "true"}
    return Response(answer.body, status_code=answer.status_code, headers=headers)


def _rebuilt(state: AppState, kept: KeptRow) -> Response:
    return _REBUILDS[kept.kind](state, kept.row)
