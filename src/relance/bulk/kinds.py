"""What differs between followups and debts in bulk: the columns, the JSON reader of the API's
endpoint, the batch limit, the service call that creates a batch, and the pages of an export.

Both go through the services, with the API's own rules: followups through
``FollowupService.create_many`` (``create``'s rules, one statement per step for a whole batch),
debts through ``create_batch``, the code behind ``POST /debts/batch``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.datastructures import QueryParams

from relance.bulk.columns import Columns
from relance.bulk.records import Refusal
from relance.config import Settings
from relance.db.tx import Tx
from relance.debts.batch import MAX_ROWS, create_batch
from relance.debts.schemas import DebtCreate
from relance.debts.service import DebtService
from relance.followups.listing.cursor import codec_for
from relance.followups.schemas import FollowupCreate, FollowupOut
from relance.followups.service import FollowupService
from relance.http.body import loads_exact
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec
from relance.kit.paging import MAX_LIMIT
from relance.media.signing import MediaSigner

Outcomes = list[Refusal | None]  # per payload: None when created


@dataclass(frozen=True, slots=True)
class Page:
    objects: list[dict[str, Any]]
    total: int | None = None  # on an export's first page: how many objects it will hold


@dataclass(frozen=True, slots=True)
class Tenant:
    """The company a bulk command works for, and what its services need."""

    company_id: int
    ids: IdCodec
    settings: Settings


BatchCreate = Callable[[Tx, Tenant, list[dict[str, Any]]], Awaitable[Outcomes]]
ExportPages = Callable[[Tx, Tenant, datetime | None], AsyncIterator[Page]]


@dataclass(frozen=True)
class Kind:
    name: str
    columns: Columns
    loads: Callable[[str], Any]
    max_batch: int
    create: BatchCreate
    pages: ExportPages


def _followups(tx: Tx, tenant: Tenant) -> FollowupService:
    settings = tenant.settings
    signer = MediaSigner(settings.secret, settings.public_url, settings.media_url_ttl)
    return FollowupService(tx, tenant.company_id, tenant.ids, signer, codec_for(settings.secret))


async def _create_followups(tx: Tx, tenant: Tenant, payloads: list[dict[str, Any]]) -> Outcomes:
    outcomes = await _followups(tx, tenant).create_many(payloads)
    return [None if error is None else Refusal.of(error) for error in outcomes]


async def _followup_pages(tx: Tx, tenant: Tenant, since: datetime | None) -> AsyncIterator[Page]:
    """The API's incremental sync: sort=updated_at, updated_since, then its cursors."""
    service = _followups(tx, tenant)
    query = {"sort": "updated_at", "limit": str(MAX_LIMIT)}
    if since is not None:
        query["updated_since"] = since.isoformat()
    result = await service.list(QueryParams(query))
    yield Page(result.data, result.total)
    while result.next_cursor is not None:
        result = await service.list(QueryParams({**query, "cursor": result.next_cursor}))
        yield Page(result.data)


async def _create_debts(tx: Tx, tenant: Tenant, payloads: list[dict[str, Any]]) -> Outcomes:
    service = DebtService(tx, tenant.company_id, tenant.ids)
    result = await create_batch(service, {"debts": payloads})
    outcomes: Outcomes = [None] * len(payloads)
    for failed in result["failed"]:
        outcomes[failed["index"]] = Refusal(ValidationFailed.message, failed["details"])
    return outcomes


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DEBT_PAGE = 500


async def _debt_pages(tx: Tx, tenant: Tenant, since: datetime | None) -> AsyncIterator[Page]:
    service = DebtService(tx, tenant.company_id, tenant.ids)
    since = since or _EPOCH
    total = await service.repository.count_changed_since(since)
    objects, last = await service.changed_since(since, 0, _DEBT_PAGE)
    yield Page(objects, total)
    while last is not None:
        objects, last = await service.changed_since(since, last, _DEBT_PAGE)
        yield Page(objects)


# The debt object's keys in SPEC 4's order (``debts/serialize.debt_out`` builds it).
DEBT_OBJECT_FIELDS = (
    "id", "civility", "firstname", "lastname", "phone", "email", "birthdate", "amount",
    "amount_text", "currency", "object", "internal_id", "invoice_reference", "debtor_reference",
    "invoice_date", "due_date", "address", "street_address", "street_number", "postal_code",
    "city", "country", "status", "nb_reminders", "nb_answered", "summary", "iban",
    "followups_count", "company", "debtor_company", "payment_link", "metadata", "import_date",
    "amount_paid", "amount_remaining",
)  # fmt: skip

FOLLOWUPS = Kind(
    name="followups",
    columns=Columns.of(FollowupCreate, tuple(FollowupOut.model_fields)),
    loads=orjson.loads,  # as POST /followups reads its body
    max_batch=5000,
    create=_create_followups,
    pages=_followup_pages,
)
DEBTS = Kind(
    name="debts",
    columns=Columns.of(DebtCreate, DEBT_OBJECT_FIELDS),
    loads=loads_exact,  # as POST /debts reads its body: amounts as exact decimals
    max_batch=MAX_ROWS,
    create=_create_debts,
    pages=_debt_pages,
)
KINDS = {kind.name: kind for kind in (FOLLOWUPS, DEBTS)}
