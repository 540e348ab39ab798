"""OpenAPI description of the erasure endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from relance.history.openapi import Actor
from relance.http.openapi import error_responses, json_body
from relance.kit.errors import ErrorEnvelope


class EraseRequest(BaseModel):
    """Exactly one of: the debts (up to 1,000), or every debt of the company with this email,
    or with this phone number (E.164 after normalisation)."""

    model_config = ConfigDict(extra="forbid")

    debt_ids: list[str] | None = None
    email: str | None = None
    phone: str | None = None


class Receipt(BaseModel):
    """What was erased: how many debts, followups and stored media objects, which fields (by
    name; never a value), when and by whom. Amounts, dates, statuses and counts are kept."""

    id: str
    erased_at: datetime
    actor: Actor
    debts: int
    followups: int
    media_objects: int
    fields: list[str]


class ReceiptEnvelope(BaseModel):
    error: bool
    message: str
    data: Receipt


BODY = json_body(EraseRequest)
ERASE_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"model": ReceiptEnvelope, "description": "Erased: the receipt"},
    **error_responses(400, 401, 403, 415),
    409: {"model": ErrorEnvelope, "description": "A debt is on legal hold (``details.debt_ids``)"},
}
RECEIPT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": ReceiptEnvelope, "description": "The receipt of an erasure"},
    **error_responses(401, 403, 404),
}
