"""Debt rules: create, read, list, partial update, delete. Raises ApiErrors; never commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from relance.db.tx import Tx
from relance.debts import fields
from relance.debts.amounts import to_cents
from relance.debts.errors import DEBT
from relance.debts.list_params import PageRequest, parse_debt_list
from relance.debts.repository import DebtRepository
from relance.debts.schemas import (
    DEBT_MESSAGES,
    DebtCreate,
    DebtUpdate,
    create_checks,
    due_date_details,
    read_only_details,
)
from relance.debts.serialize import debt_out
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec
from relance.kit.timestamps import utcnow
from relance.kit.validation import validate_body
from relance.policy.debtor import flags_text

EMPTY_UPDATE = "At least one field is required"
CURRENCY_LOCKED = "Currency cannot be changed once payments are recorded"


def validate_create(payload: Mapping[str, Any]) -> DebtCreate:
    return validate_body(DebtCreate, payload, DEBT_MESSAGES, create_checks)


def column_values(model: BaseModel, names: set[str] | None = None) -> dict[str, Any]:
    """The model's fields (all, or those named) as debts columns: cents, metadata as JSON text."""
    values = model.model_dump(include=names)
    if "amount" in values:
        values["amount_cents"] = to_cents(values.pop("amount"))
    if "metadata" in values:
        metadata = values.pop("metadata")
        values["metadata_json"] = None if metadata is None else fields.metadata_text(metadata)
    if "contact_flags" in values:
        values["contact_flags_json"] = flags_text(values.pop("contact_flags"))
    return values


class DebtService:
    def __init__(self, tx: Tx, company_id: int, ids: IdCodec) -> None:
        self.repository = DebtRepository(tx, company_id)
        self.ids = ids

    async def get_row_or_raise(self, public_id: str) -> dict[str, Any]:
        access, row = await self.repository.get(DEBT.key_or_raise(self.ids, public_id))
        DEBT.check(access)
        assert row is not None
        return row

    async def get(self, public_id: str) -> dict[str, Any]:
        return debt_out(await self.get_row_or_raise(public_id), self.ids)

    async def create(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        key = await self.repository.insert(column_values(validate_create(payload)))
        return await self._out(key)

    async def update(self, public_id: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        key = DEBT.key_or_raise(self.ids, public_id)
        access, current = await self.repository.get_for_update(key)
        DEBT.check(access)
        assert current is not None
        if not payload:
            raise ValidationFailed({"body": EMPTY_UPDATE})
        model = validate_body(
            DebtUpdate, payload, DEBT_MESSAGES, lambda raw: update_checks(raw, current)
        )
        changes = column_values(model, set(model.model_fields_set))
        await self.repository.update(current, {**current, **changes}, utcnow())
        return await self._out(key)

    async def delete(self, public_id: str) -> list[str]:
        """Deletes the debt; returns the media keys of its followups, for the caller to remove
        from the store once the deletion has committed."""
        key = DEBT.key_or_raise(self.ids, public_id)
        media_keys = await self.repository.delete(key)
        if media_keys is None:  # the refusal's 404/403 costs a second read
            DEBT.check(await self.repository.access(key))
            return []
        return media_keys

    async def list_page(
        self, query: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], int, PageRequest]:
        filters, paging = parse_debt_list(query)
        total = await self.repository.count(filters)
        rows = await self.repository.page(filters, paging.limit, paging.offset) if total else []
        return [debt_out(row, self.ids) for row in rows], total, paging

    async def changed_since(
        self, since: datetime, after: int, limit: int
    ) -> tuple[list[dict[str, Any]], int | None]:
        """Bulk export, keyset style: the debt objects changed since ``since`` after key
        ``after``, and the key to continue after (None on the last page)."""
        rows = await self.repository.changed_since(since, after, limit)
        last = int(rows[-1]["id"]) if len(rows) == limit else None
        return [debt_out(row, self.ids) for row in rows], last

    async def _out(self, key: int) -> dict[str, Any]:
        _access, row = await self.repository.get(key)
        assert row is not None  # written in this transaction
        return debt_out(row, self.ids)


def update_checks(payload: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, str]:
    """Rules on the debt as it will be after the change, reported with the per-field ones."""
    details = read_only_details(payload)

    def after(name: str) -> Any:
        if name in payload:
            return payload[name]
        value = current[name]
        return value.isoformat() if hasattr(value, "isoformat") else value

    if _blank(after("phone")) and _blank(after("email")):
        details.update({key: fields.PHONE_OR_EMAIL for key in ("phone", "email") if key in payload})
    details.update(due_date_details(after("invoice_date"), after("due_date")))
    new_currency = payload.get("currency")
    changes_currency = (
        isinstance(new_currency, str) and new_currency.strip().upper() != current["currency"]
    )
    if changes_currency and current["amount_paid_cents"]:
        details["currency"] = CURRENCY_LOCKED
    return details


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
