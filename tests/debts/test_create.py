"""POST /debts and GET /debts/{id}: the debt object and every validation rule of SPEC 4."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS, create_debt, debt_body, exact

DEBT_KEYS = [
    "id", "civility", "firstname", "lastname", "phone", "email", "birthdate", "amount",
    "amount_text", "currency", "object", "internal_id", "invoice_reference", "debtor_reference",
    "invoice_date", "due_date", "address", "street_address", "street_number", "postal_code",
    "city", "country", "status", "nb_reminders", "nb_answered", "summary", "iban",
    "followups_count", "company", "debtor_company", "payment_link", "metadata", "import_date",
    "amount_paid", "amount_remaining",
    "timezone", "contact_flags", "legal_hold",  # SPEC 13, after the GetBill object
]  # fmt: skip


async def post(client: httpx.AsyncClient, tenant: Tenant, body: Any) -> httpx.Response:
    return await client.post(DEBTS, json=body, headers=tenant.headers)


async def test_create_returns_the_debt_object_in_spec_order(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await post(client, tenant, debt_body(internal_id="INV-1", metadata={"k": "v"}))
    assert response.status_code == 201
    body = response.json()
    assert body["error"] is False
    assert body["message"] == "Debt created successfully"
    data = body["data"]
    assert list(data) == DEBT_KEYS
    assert data["status"] == "status.default.pending"
    assert data["company"] == "Acme"
    assert data["metadata"] == {"k": "v"}
    assert (data["nb_reminders"], data["nb_answered"], data["followups_count"]) == (0, 0, 0)
    assert data["import_date"].endswith("+00:00")
    assert len(data["id"]) == 22


async def test_amounts_go_out_as_exact_numbers_with_two_decimals(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    raw = b'{"firstname": "A", "lastname": "B", "email": "a@example.com", "currency": "EUR",'
    raw += b' "amount": 9999999999999.99}'
    response = await client.post(
        DEBTS, content=raw, headers={**tenant.headers, "content-type": "application/json"}
    )
    assert response.status_code == 201, response.text
    assert '"amount":9999999999999.99,' in response.text
    data = exact(response)["data"]
    assert data["amount"] == Decimal("9999999999999.99")
    assert data["amount_paid"] == Decimal("0.00")
    assert data["amount_remaining"] == Decimal("9999999999999.99")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1500", "1 500,00 €"),
        (1500.5, "1 500,50 €"),
        ("0.05", "0,05 €"),
        ("1234567.89", "1 234 567,89 €"),
    ],
)
async def test_amount_text_is_french_style(
    client: httpx.AsyncClient, tenant: Tenant, amount: Any, text: str
) -> None:
    data = await create_debt(client, tenant, amount=amount)
    assert data["amount_text"] == text


async def test_amount_text_uses_the_currency_symbol(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    data = await create_debt(client, tenant, amount="10", currency="usd")
    assert data["currency"] == "USD"
    assert data["amount_text"] == "10,00 $US"


async def test_get_returns_the_created_debt(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await create_debt(client, tenant, city="Lyon")
    response = await client.get(f"{DEBTS}/{created['id']}", headers=tenant.headers)
    assert response.status_code == 200
    assert response.json() == {"error": False, "message": "Success", "data": created}


@pytest.mark.parametrize("debt_id", ["nope", "A" * 22, None])
async def test_get_malformed_or_unknown_id_is_404(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory, debt_id: str | None
) -> None:
    if debt_id is None:  # well formed, but no such debt
        debt_id = factory.state.ids.encode(IdKind.DEBT, 10**12)
    response = await client.get(f"{DEBTS}/{debt_id}", headers=tenant.headers)
    assert response.status_code == 404
    assert response.json()["message"] == "Debt not found"


async def test_followup_id_is_not_a_debt_id(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory
) -> None:
    created = await create_debt(client, tenant)
    key = factory.state.ids.decode(IdKind.DEBT, created["id"])
    assert key is not None
    as_followup = factory.state.ids.encode(IdKind.FOLLOWUP, key)
    response = await client.get(f"{DEBTS}/{as_followup}", headers=tenant.headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+1 650-253-0000", "+16502530000"),
    ],
)
async def test_phone_is_normalised_to_e164_with_france_as_default(
    client: httpx.AsyncClient, tenant: Tenant, given: str, stored: str
) -> None:
    data = await create_debt(client, tenant, phone=given, email=...)
    assert data["phone"] == stored
    assert data["email"] is None


async def test_email_iban_and_text_are_normalised(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    data = await create_debt(
        client,
        tenant,
        email="Jean.Dupont@EXAMPLE.com",
        iban="fr14 2004 1010 0505 0001 3m02 606",
        city="  Paris ",
    )
    assert data["email"] == "Jean.Dupont@example.com"
    assert data["iban"] == "FR1420041010050500013M02606"
    assert data["city"] == "Paris"


BAD_DATE = "Invalid date format. Use YYYY-MM-DD"
BAD_URL = "Invalid URL. Use an absolute http(s) URL"
BIG_METADATA = "Metadata must be at most 16384 characters of JSON"
INVALID_FIELDS: list[tuple[dict[str, Any], str, str]] = [
    ({"firstname": ...}, "firstname", "First name is required"),
    ({"firstname": "  "}, "firstname", "First name is required"),
    ({"firstname": None}, "firstname", "First name is required"),
    ({"lastname": ...}, "lastname", "Last name is required"),
    ({"firstname": "x" * 101}, "firstname", "Must be at most 100 characters"),
    ({"firstname": 12}, "firstname", "Must be a string"),
    ({"amount": ...}, "amount", "Amount is required"),
    ({"amount": 0}, "amount", "Amount must be greater than 0"),
    ({"amount": "-5"}, "amount", "Amount must be greater than 0"),
    ({"amount": 10.005}, "amount", "Amount must have at most 2 decimal places"),
    ({"amount": "10.001"}, "amount", "Amount must have at most 2 decimal places"),
    ({"amount": "ten"}, "amount", "Amount must be a number"),
    ({"amount": True}, "amount", "Amount must be a number"),
    ({"amount": "1e400"}, "amount", "Amount must be a number"),
    ({"amount": 10**14}, "amount", "Amount is too large"),
    ({"currency": ...}, "currency", "Currency is required"),
    ({"currency": "EURO"}, "currency", "Invalid currency. Use an ISO 4217 code"),
    ({"currency": "ABC"}, "currency", "Invalid currency. Use an ISO 4217 code"),
    ({"phone": "12", "email": ...}, "phone", "Invalid phone number"),
    ({"phone": "+33 1"}, "phone", "Invalid phone number"),
    ({"email": "not-an-email"}, "email", "Invalid email address"),
    ({"email": "a@b"}, "email", "Invalid email address"),
    ({"email": ...}, "phone", "A phone or an email is required"),
    ({"email": None, "phone": ""}, "email", "A phone or an email is required"),
    ({"iban": "FR14 2004 1010 0505 0001 3M02 607"}, "iban", "Invalid IBAN"),
    ({"birthdate": "01/02/1990"}, "birthdate", BAD_DATE),
    ({"birthdate": "2024-02-30"}, "birthdate", BAD_DATE),
    ({"invoice_date": "2024-01-01T00:00:00Z"}, "invoice_date", BAD_DATE),
    (
        {"invoice_date": "2024-03-01", "due_date": "2024-02-28"},
        "due_date",
        "Due date cannot be before invoice date",
    ),
    ({"payment_link": "ftp://pay.example.com"}, "payment_link", BAD_URL),
    ({"payment_link": "/relative"}, "payment_link", BAD_URL),
    ({"metadata": [1, 2]}, "metadata", "Metadata must be an object"),
    ({"metadata": {"k": "x" * 20000}}, "metadata", BIG_METADATA),
    ({"status": "status.default.paid"}, "status", "Field is read-only"),
    ({"amount_paid": 10}, "amount_paid", "Field is read-only"),
    ({"id": "abc"}, "id", "Field is read-only"),
    ({"colour": "blue"}, "colour", "Unknown field"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field", "message"), INVALID_FIELDS)
async def test_create_rejects_invalid_field(
    client: httpx.AsyncClient, tenant: Tenant, change: dict[str, Any], field: str, message: str
) -> None:
    response = await post(client, tenant, debt_body(**change))
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["message"] == "Validation failed"
    assert body["code"] == 400
    assert body["details"][field] == message


async def test_due_date_equal_to_invoice_date_is_accepted(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    data = await create_debt(client, tenant, invoice_date="2024-03-01", due_date="2024-03-01")
    assert (data["invoice_date"], data["due_date"]) == ("2024-03-01", "2024-03-01")


async def test_every_offending_field_is_reported_at_once(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = {"amount": "0.001", "currency": "XX", "phone": "1", "iban": "FR00", "zzz": 1}
    response = await post(client, tenant, body)
    assert response.json()["details"] == {
        "firstname": "First name is required",
        "lastname": "Last name is required",
        "amount": "Amount must have at most 2 decimal places",
        "currency": "Invalid currency. Use an ISO 4217 code",
        "phone": "Invalid phone number",
        "iban": "Invalid IBAN",
        "zzz": "Unknown field",
    }


async def test_a_json_number_is_read_from_its_text_not_as_a_float(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    # As a binary float this is exactly 0.1; its text has far more than 2 decimals.
    raw = (
        b'{"firstname": "A", "lastname": "B", "email": "a@example.com", "currency": "EUR",'
        b' "amount": 0.1000000000000000055511151231257827}'
    )
    headers = {**tenant.headers, "content-type": "application/json"}
    response = await client.post(DEBTS, content=raw, headers=headers)
    assert response.json()["details"] == {"amount": "Amount must have at most 2 decimal places"}


@pytest.mark.parametrize("raw", [b"[1, 2]", b"{bad json", b'{"amount": NaN}', b"\xff\xfe"])
async def test_non_object_body_is_invalid_json(
    client: httpx.AsyncClient, tenant: Tenant, raw: bytes
) -> None:
    headers = {**tenant.headers, "content-type": "application/json"}
    response = await client.post(DEBTS, content=raw, headers=headers)
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid JSON payload"


async def test_non_json_content_type_is_415(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.post(DEBTS, data={"firstname": "A"}, headers=tenant.headers)
    assert response.status_code == 415


async def test_create_needs_debts_write_scope(client: httpx.AsyncClient, factory: Factory) -> None:
    reader = await factory.make_tenant(scopes=["debts:read"])
    response = await post(client, reader, debt_body())
    assert response.status_code == 403
    assert response.json()["message"] == 'Required scope "debts:write" not found in token'


async def test_read_needs_debts_read_scope(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    created = await create_debt(client, tenant)
    writer = await factory.make_tenant(scopes=["debts:write"])
    for url in (f"{DEBTS}/{created['id']}", DEBTS):
        response = await client.get(url, headers=writer.headers)
        assert response.status_code == 403
        assert response.json()["message"] == 'Required scope "debts:read" not found in token'


async def test_debts_need_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get(DEBTS)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_counters_are_read_from_the_debt_row(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory
) -> None:
    debt_id = await factory.make_debt(tenant, followups_count=3, nb_reminders=2, nb_answered=1)
    data = (await client.get(f"{DEBTS}/{debt_id}", headers=tenant.headers)).json()["data"]
    assert (data["followups_count"], data["nb_reminders"], data["nb_answered"]) == (3, 2, 1)
