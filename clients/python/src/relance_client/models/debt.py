"""The debt object (SPEC 4), the fields a caller may write, and a batch's outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict

from relance_client.models._wire import from_wire


@dataclass(frozen=True, slots=True, kw_only=True)
class Debt:
    """A debt, the GetBill debt object. Amounts are exact ``Decimal``; ``raw`` is the object
    exactly as the API sent it."""

    id: str
    civility: str | None
    firstname: str | None
    lastname: str | None
    phone: str | None
    email: str | None
    birthdate: date | None
    amount: Decimal
    amount_text: str | None
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
    status: str
    nb_reminders: int
    nb_answered: int
    summary: str | None
    iban: str | None
    followups_count: int
    company: str | None
    debtor_company: str | None
    payment_link: str | None
    metadata: dict[str, Any] | None
    import_date: datetime | None
    amount_paid: Decimal
    amount_remaining: Decimal
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Debt:
        return from_wire(cls, data)


class DebtFields(TypedDict, total=False):
    """Writable debt fields. Create needs ``firstname``, ``lastname``, ``amount``, ``currency``
    and a ``phone`` or an ``email``; update changes only the keys given. Give amounts as
    ``Decimal`` or a string (``"120.50"``), never a float, to keep them exact."""

    civility: str | None
    firstname: str
    lastname: str
    phone: str | None
    email: str | None
    birthdate: date | str | None
    amount: Decimal | str | int
    currency: str
    object: str | None
    internal_id: str | None
    invoice_reference: str | None
    debtor_reference: str | None
    invoice_date: date | str | None
    due_date: date | str | None
    address: str | None
    street_address: str | None
    street_number: str | None
    postal_code: str | None
    city: str | None
    country: str | None
    status: str
    summary: str | None
    iban: str | None
    debtor_company: str | None
    payment_link: str | None
    metadata: dict[str, Any] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchCreated:
    """A row of a batch that was created: its position in the request and its new id."""

    index: int
    id: str
    internal_id: str | None
    raw: dict[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchFailed:
    """A row of a batch that was refused: its position and field → message."""

    index: int
    details: dict[str, str]
    raw: dict[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """The outcome of ``POST /debts/batch``: one bad row never loses the good ones."""

    total: int
    created_count: int
    failed_count: int
    created: list[BatchCreated]
    failed: list[BatchFailed]
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> BatchResult:
        return from_wire(cls, data)
