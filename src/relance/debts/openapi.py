"""OpenAPI descriptions of the debt and payment routes: bodies and the objects they answer.

Bodies are parsed by hand with the exact-number reader, so FastAPI cannot infer them; the
request schemas come from the same pydantic models that validate them. The response models
exist only for the document: responses are built from rows (``serialize.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from relance.debts import statuses
from relance.debts.batch import MAX_ROWS
from relance.debts.schemas import DebtCreate, DebtUpdate, PaymentCreate
from relance.http.openapi import error_responses, json_body, query_parameter
from relance.kit.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE

Status = Literal[statuses.ALL]  # type: ignore[valid-type]


class DebtOut(BaseModel):
    id: str
    civility: str | None
    firstname: str
    lastname: str
    phone: str | None
    email: str | None
    birthdate: date | None
    amount: float = Field(description="Exact, two decimals")
    amount_text: str
    currency: str
    object: str | None
    internal_id: str | None
    invoice_reference: str | None
    debtor_reference: str | None
    invoice_date: date | None
    due_date: date | None
    address: str | None
    street_address: str | None
    street_number: str | None
    postal_code: str | None
    city: str | None
    country: str | None
    status: Status
    nb_reminders: int
    nb_answered: int
    summary: str | None
    iban: str | None
    followups_count: int
    company: str | None
    debtor_company: str | None
    payment_link: str | None
    metadata: dict[str, Any] | None
    import_date: datetime
    amount_paid: float
    amount_remaining: float = Field(description="Negative when overpaid")


class PaymentOut(BaseModel):
    id: str
    debt_id: str | None
    followup_id: str | None = Field(description="The followup the payment was attributed to")
    amount: float
    currency: str
    paid_at: datetime
    reference: str | None
    created_at: datetime


class Pagination(BaseModel):
    total: int
    page: int
    limit: int
    pages: int
    next_cursor: None


class DebtEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: DebtOut


class DeletedEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: None


class DebtListEnvelope(BaseModel):
    error: Literal[False]
    data: list[DebtOut]
    pagination: Pagination


class PaymentEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: PaymentOut


class PaymentListEnvelope(BaseModel):
    error: Literal[False]
    data: list[PaymentOut]
    pagination: Pagination


class BatchCreated(BaseModel):
    index: int
    id: str
    internal_id: str | None


class BatchFailed(BaseModel):
    index: int
    details: dict[str, str]


class BatchResult(BaseModel):
    total: int
    created_count: int
    failed_count: int
    created: list[BatchCreated]
    failed: list[BatchFailed]


class BatchEnvelope(BaseModel):
    error: Literal[False]
    message: str
    data: BatchResult


class BatchIn(BaseModel):
    """POST /debts/batch: up to 1,000 debts; each row is validated on its own."""

    # Any row is accepted into the batch: one that is not a valid debt (not even an object)
    # is reported in ``failed`` with its messages, and the others are created.
    debts: list[Any] = Field(
        min_length=1,
        max_length=MAX_ROWS,
        description="Debt objects as for POST /debts (see DebtCreate)",
    )


def answer(status: int, model: type[BaseModel], description: str) -> dict[int | str, Any]:
    return {status: {"model": model, "description": description}}


_PAGING = [
    query_parameter(
        "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Page"
    ),
    query_parameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "Rows per page",
    ),
]
_TEXT = {"type": "string", "minLength": 1}
_TIME = {"type": "string", "format": "date-time", "minLength": 1}
_AMOUNT = {"type": "string", "pattern": r"^\d{1,13}(\.\d{1,2})?$"}
DEBT_LIST_PARAMETERS = {
    "parameters": [
        *_PAGING,
        query_parameter(
            "status", _TEXT, "One status or a comma-separated list (full or short form)"
        ),
        query_parameter("currency", _TEXT, "ISO 4217 code"),
        query_parameter("min_amount", _AMOUNT, "At least this amount"),
        query_parameter("max_amount", _AMOUNT, "At most this amount"),
        query_parameter("created_after", _TIME, "Created at or after (ISO 8601)"),
        query_parameter("created_before", _TIME, "Created at or before (ISO 8601)"),
        query_parameter("q", {"type": "string", "minLength": 1, "maxLength": 200}, "Search text"),
    ]
}
PAYMENT_LIST_PARAMETERS = {"parameters": _PAGING}
QUERY_ERRORS = error_responses(400)

CREATE_BODY = json_body(DebtCreate)
UPDATE_BODY = json_body(DebtUpdate)
BATCH_BODY = json_body(BatchIn)
PAYMENT_BODY = json_body(PaymentCreate)
