"""Input models for debts and payments; messages follow SPEC 1 (one plain message per field)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from relance.debts import fields, statuses
from relance.debts.amounts import parse_amount
from relance.policy.debtor import check_flags, check_zone

FirstName = Annotated[str, BeforeValidator(fields.required_text("First name", 100))]
LastName = Annotated[str, BeforeValidator(fields.required_text("Last name", 100))]
Amount = Annotated[Decimal, BeforeValidator(parse_amount)]
Currency = Annotated[str, BeforeValidator(fields.nullable(fields.currency))]
Phone = Annotated[str | None, BeforeValidator(fields.nullable(fields.phone))]
Email = Annotated[str | None, BeforeValidator(fields.nullable(fields.email))]
Iban = Annotated[str | None, BeforeValidator(fields.nullable(fields.iban))]
Day = Annotated[date | None, BeforeValidator(fields.nullable(fields.calendar_date))]
Url = Annotated[str | None, BeforeValidator(fields.nullable(fields.http_url))]
Metadata = Annotated[dict[str, Any] | None, BeforeValidator(fields.metadata)]
TimeZone = Annotated[str | None, BeforeValidator(fields.nullable(check_zone))]
Flags = Annotated[dict[str, Any] | None, BeforeValidator(fields.nullable_object(check_flags))]
Flag = Annotated[bool, BeforeValidator(fields.boolean)]
Timestamp = Annotated[datetime, BeforeValidator(fields.nullable(fields.timestamp))]
Text20 = Annotated[str | None, BeforeValidator(fields.optional_text(20))]
Text100 = Annotated[str | None, BeforeValidator(fields.optional_text(100))]
Text200 = Annotated[str | None, BeforeValidator(fields.optional_text(200))]
Text255 = Annotated[str | None, BeforeValidator(fields.optional_text(255))]
# Free text: tabs and line breaks allowed (an address, a summary); the rest are single-line.
Address = Annotated[str | None, BeforeValidator(fields.optional_text(500, multiline=True))]
LongText = Annotated[str | None, BeforeValidator(fields.optional_text(20000, multiline=True))]
# PUT: absent means unchanged, but an explicit null is refused for these (they cannot be empty).
NewFirstName = Annotated[str | None, BeforeValidator(fields.required_text("First name", 100))]
NewLastName = Annotated[str | None, BeforeValidator(fields.required_text("Last name", 100))]
NewAmount = Annotated[Decimal | None, BeforeValidator(fields.not_null("Amount", parse_amount))]
NewCurrency = Annotated[
    str | None, BeforeValidator(fields.not_null("Currency", fields.nullable(fields.currency)))
]
NewStatus = Annotated[str | None, BeforeValidator(statuses.settable)]


class _DebtFields(BaseModel):
    """The writable debt fields besides the required ones, in the order of the debt object."""

    model_config = ConfigDict(extra="forbid")

    civility: Text20 = None
    phone: Phone = None
    email: Email = None
    birthdate: Day = None
    object: Text255 = None
    internal_id: Text100 = None
    invoice_reference: Text100 = None
    debtor_reference: Text100 = None
    invoice_date: Day = None
    due_date: Day = None
    address: Address = None
    street_address: Text255 = None
    street_number: Text20 = None
    postal_code: Text20 = None
    city: Text100 = None
    country: Text100 = None
    summary: LongText = None
    iban: Iban = None
    debtor_company: Text200 = None
    payment_link: Url = None
    metadata: Metadata = None
    timezone: TimeZone = None
    contact_flags: Flags = None
    legal_hold: Flag = False


class DebtCreate(_DebtFields):
    firstname: FirstName
    lastname: LastName
    amount: Amount
    currency: Currency


class DebtUpdate(_DebtFields):
    """Partial: only the fields sent change (``model_fields_set``); null clears a nullable one."""

    firstname: NewFirstName = None
    lastname: NewLastName = None
    amount: NewAmount = None
    currency: NewCurrency = None
    status: NewStatus = None


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Amount
    currency: Currency
    paid_at: Annotated[Timestamp, AfterValidator(fields.not_in_future)]
    reference: Text255 = None
    followup_id: Annotated[str | None, BeforeValidator(fields.nullable(str))] = None


# Keys of the debt object that only the server writes.
SERVER_MANAGED = frozenset(
    {
        "id", "amount_text", "nb_reminders", "nb_answered", "followups_count", "company",
        "import_date", "amount_paid", "amount_remaining",
    }
)  # fmt: skip
READ_ONLY = "Field is read-only"

DEBT_MESSAGES = {
    ("firstname", "missing"): "First name is required",
    ("lastname", "missing"): "Last name is required",
    ("amount", "missing"): "Amount is required",
    ("currency", "missing"): "Currency is required",
}
PAYMENT_MESSAGES = {
    ("amount", "missing"): "Amount is required",
    ("currency", "missing"): "Currency is required",
    ("paid_at", "missing"): "Payment date is required",
}


def read_only_details(
    payload: Mapping[str, Any], also: frozenset[str] = frozenset()
) -> dict[str, str]:
    return {key: READ_ONLY for key in payload if key in SERVER_MANAGED or key in also}


def due_date_details(invoice_date: Any, due_date: Any) -> dict[str, str]:
    invoice, due = fields.lenient_date(invoice_date), fields.lenient_date(due_date)
    if invoice is not None and due is not None and due < invoice:
        return {"due_date": fields.DUE_BEFORE_INVOICE}
    return {}


def create_checks(payload: Mapping[str, Any]) -> dict[str, str]:
    """Rules across fields, reported together with the per-field ones."""
    details = read_only_details(payload, also=frozenset({"status"}))
    if _blank(payload.get("phone")) and _blank(payload.get("email")):
        details["phone"] = details["email"] = fields.PHONE_OR_EMAIL
    details.update(due_date_details(payload.get("invoice_date"), payload.get("due_date")))
    return details


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
