"""The followup rules: ownership, validation, If-Match, debt counters, lists and cursors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from starlette.datastructures import QueryParams

from relance.db.tx import Tx
from relance.debts.errors import DEBT, DebtForbidden
from relance.followups import counters
from relance.followups.errors import FOLLOWUP
from relance.followups.inputs import CreateInput, UpdateInput, parse_create, parse_update
from relance.followups.listing.cursor import CursorCodec, Position
from relance.followups.listing.query import SORTS, ListQuery, parse_list_query
from relance.followups.listing.repository import FollowupListRepository
from relance.followups.repository import (
    ContactCheck,
    Expected,
    FollowupRepository,
    PolicyApplies,
    activity_at,
)
from relance.followups.schemas import DEBT_NOT_FOUND
from relance.followups.serializer import FollowupSerializer, Presented, present
from relance.kit.errors import ApiError, PreconditionFailed, ValidationFailed
from relance.kit.ids import IdCodec
from relance.kit.ownership import Access
from relance.kit.timestamps import utcnow
from relance.media.signing import MediaSigner
from relance.policy.enforcement import CONTACT_FIELDS, contact_violations, override_reason
from relance.policy.errors import ContactPolicyViolated


@dataclass(frozen=True, slots=True)
class ListResult:
    data: list[dict[str, Any]]
    limit: int
    next_cursor: str | None
    total: int | None = None  # page mode only
    page: int | None = None


class FollowupService:
    def __init__(
        self,
        tx: Tx,
        company_id: int,
        ids: IdCodec,
        signer: MediaSigner,
        cursors: CursorCodec,
        *,
        may_override: bool = False,
    ) -> None:
        self.tx = tx
        self.may_override = may_override  # scope followups:override (SPEC 13)
        self.company_id = company_id
        self.ids = ids
        self.signer = signer
        self.cursors = cursors
        self.repo = FollowupRepository(tx, company_id)

    async def get(self, public_id: str) -> Presented:
        key = FOLLOWUP.key_or_raise(self.ids, public_id)
        access, row = await self.repo.get(key)
        FOLLOWUP.check(access)
        assert row is not None
        return self._present(row, utcnow())

    async def create(self, payload: Mapping[str, Any]) -> Presented:
        payload = dict(payload)
        override = override_reason(payload, self.may_override)
        parsed = parse_create(payload, self.ids)
        values = parsed.values
        delta = counters.for_create(values["status"], values["direction"])
        now = utcnow()
        # Counting also proves the debt is the company's, in the same statement.
        try:
            row = await self.repo.insert_counted(parsed.debt_key, values, delta, now)
        except PolicyApplies:
            contact = {**values, "activity_at": activity_at(values, now)}
            used = await self._contact_check(parsed.debt_key, None, override)(contact)
            row = await self.repo.insert_counted(
                parsed.debt_key, values, delta, now, guarded=False, override=used
            )
        if row is None:
            if await self.repo.debt_access(parsed.debt_key) is Access.FOREIGN:
                raise DebtForbidden()
            raise ValidationFailed({"debt_id": DEBT_NOT_FOUND})
        return self._present(row, now)

    async def create_many(self, payloads: Sequence[Mapping[str, Any]]) -> list[ApiError | None]:
        """``create`` for each payload, in this transaction, for bulk import: per payload, None
        when created, else the ApiError ``create`` would raise. The same rules, one statement
        per step for the whole batch: lock the debts, move their counters, insert the rows."""
        outcomes: list[ApiError | None] = []
        parsed: list[CreateInput | None] = []
        for payload in payloads:
            try:
                parsed.append(parse_create(payload, self.ids))
                outcomes.append(None)
            except ValidationFailed as error:
                parsed.append(None)
                outcomes.append(error)
        owners = await self.repo.lock_debts({item.debt_key for item in parsed if item})
        accepted: list[tuple[int, dict[str, Any]]] = []
        for index, item in enumerate(parsed):
            if item is None:
                continue
            owner = owners.get(item.debt_key)
            if owner is None:
                outcomes[index] = ValidationFailed({"debt_id": DEBT_NOT_FOUND})
            elif owner != self.company_id:
                outcomes[index] = DebtForbidden()
            else:
                accepted.append((item.debt_key, item.values))
        if accepted:
            await self.repo.insert_many(accepted, utcnow())
        return outcomes

    async def update(
        self, public_id: str, payload: Mapping[str, Any], versions: tuple[int, ...] | None
    ) -> Presented:
        """404/403, then 400, then 412, then the write. ``versions`` are those If-Match accepts
        (None: any). The If-Match and ``debt_id`` checks run under the write's row lock; when
        the write finds nothing to change, a read tells why."""
        payload = dict(payload)
        override = override_reason(payload, self.may_override)
        parsed = parse_update(payload, self.ids)
        key = FOLLOWUP.key_or_raise(self.ids, public_id)
        if parsed.errors:
            await self._raise_refusal(key, parsed)
        expected = Expected(versions, parsed.debt_id_sent, parsed.debt_key)
        now = utcnow()
        row = None
        check = None
        if CONTACT_FIELDS & parsed.changes.keys():
            check = self._contact_check(None, key, override)
        if versions != ():  # an If-Match that names no version of this followup never matches
            row = await self.repo.update_owned(key, parsed.changes, now, expected, check)
        if row is None:
            await self._raise_refusal(key, parsed)
        return self._present(row, now)

    def _contact_check(
        self, debt_key: int | None, followup_key: int | None, override: str | None
    ) -> ContactCheck:
        """The contact policy's verdict on the followup as a write would leave it: 409 naming
        each broken rule, unless the client overrides them (its reason then goes with the
        write, into the history)."""

        async def check(followup: dict[str, Any]) -> str | None:
            debt = followup["debt_id"] if debt_key is None else debt_key
            broken = await contact_violations(
                self.tx, self.company_id, debt, followup, followup_key
            )
            if not broken:
                return None
            if override is None:
                raise ContactPolicyViolated(broken)
            return override

        return check

    async def _raise_refusal(self, key: int, parsed: UpdateInput) -> NoReturn:
        """Why an update of ``key`` does not apply: 404/403, then 400, else 412."""
        access, current = await self.repo.get(key)
        FOLLOWUP.check(access)
        assert current is not None
        parsed.raise_errors(current["debt_id"])
        raise PreconditionFailed()

    async def list(self, params: QueryParams, debt_id: str | None = None) -> ListResult:
        """The company's followups, or one debt's (404/403 for ``debt_id`` first)."""
        debt_key = None if debt_id is None else DEBT.key_or_raise(self.ids, debt_id)
        query = parse_list_query(params, self.ids, debt_key)
        fingerprint = query.fingerprint(self.company_id)
        if query.cursor is not None:
            position = self.cursors.decode(query.cursor, query.sort, fingerprint)
            return await self._cursor_page(query, position, fingerprint)
        offset = (query.page - 1) * query.limit
        fetched = await self._lists().page(query, offset, query.limit)
        DEBT.check(fetched.access)
        total = int(fetched.total or 0)
        more = bool(fetched.rows) and offset + len(fetched.rows) < total
        next_cursor = self._cursor_after(query, fetched.rows[-1], fingerprint) if more else None
        data = self._serializer(utcnow()).many(fetched.rows)
        return ListResult(data, query.limit, next_cursor, total, query.page)

    async def _cursor_page(
        self, query: ListQuery, position: Position | None, fingerprint: bytes
    ) -> ListResult:
        # One extra row tells whether another page follows, without counting.
        fetched = await self._lists().after(query, position, query.limit + 1)
        DEBT.check(fetched.access)
        rows = fetched.rows[: query.limit]
        more = len(fetched.rows) > query.limit
        next_cursor = self._cursor_after(query, rows[-1], fingerprint) if more else None
        return ListResult(self._serializer(utcnow()).many(rows), query.limit, next_cursor)

    def _cursor_after(self, query: ListQuery, row: Mapping[str, Any], fingerprint: bytes) -> str:
        column, _descending = SORTS[query.sort]
        return self.cursors.encode(Position(query.sort, row[column], row["id"]), fingerprint)

    def _lists(self) -> FollowupListRepository:
        return FollowupListRepository(self.tx, self.company_id)

    def _serializer(self, now: datetime) -> FollowupSerializer:
        return FollowupSerializer(self.ids, self.signer, now)

    def _present(self, row: Mapping[str, Any], now: datetime) -> Presented:
        return present(row, self.ids, self.signer, now)
