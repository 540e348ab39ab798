"""PUT /debts/{id} (partial, restricted status) and DELETE /debts/{id} (payments outlive it)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from relance.kit.timestamps import utcnow
from tests.conftest import Factory, Tenant
from tests.debts.helpers import DEBTS, create_debt, debt_row, make_followup_at, payment_rows
from tests.followups.helpers import followups_of_company


async def put(client: httpx.AsyncClient, tenant: Tenant, debt_id: str, body: Any) -> httpx.Response:
    return await client.put(f"{DEBTS}/{debt_id}", json=body, headers=tenant.headers)


async def test_update_changes_only_the_fields_sent(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant, city="Lyon", internal_id="A-1")
    response = await put(client, tenant, debt["id"], {"city": "Paris", "amount": "99.90"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message"] == "Debt updated successfully"
    changed = body["data"]
    assert changed["city"] == "Paris"
    assert changed["amount"] == 99.9
    assert changed["amount_text"] == "99,90 €"
    unchanged = {k: v for k, v in changed.items() if k not in ("city", "amount", "amount_text")}
    before = {k: v for k, v in debt.items() if k not in ("city", "amount", "amount_text")}
    assert unchanged == {**before, "amount_remaining": 99.9}


async def test_update_persists(client: httpx.AsyncClient, tenant: Tenant) -> None:
    debt = await create_debt(client, tenant)
    await put(client, tenant, debt["id"], {"lastname": "Martin"})
    response = await client.get(f"{DEBTS}/{debt['id']}", headers=tenant.headers)
    assert response.json()["data"]["lastname"] == "Martin"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("status.default.paid", "status.default.paid"),
        ("paid", "status.default.paid"),
        ("in_progress", "status.default.in_progress"),
        ("status.default.on_hold", "status.default.on_hold"),
        ("failed", "status.default.failed"),
        ("archived", "status.default.archived"),
    ],
)
async def test_update_sets_an_allowed_status_in_either_form(
    client: httpx.AsyncClient, tenant: Tenant, given: str, stored: str
) -> None:
    debt = await create_debt(client, tenant)
    response = await put(client, tenant, debt["id"], {"status": given})
    assert response.json()["data"]["status"] == stored


@pytest.mark.parametrize(
    "status", ["pending", "status.default.partial", "settled", "refused", "nonsense", None, 3]
)
async def test_update_refuses_a_status_the_client_may_not_set(
    client: httpx.AsyncClient, tenant: Tenant, status: Any
) -> None:
    debt = await create_debt(client, tenant)
    response = await put(client, tenant, debt["id"], {"status": status})
    assert response.status_code == 400
    assert response.json()["details"]["status"].startswith(
        "Invalid status. Valid statuses are: status.default.paid, status.default.in_progress"
    )


async def test_update_null_clears_a_nullable_field(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant, city="Lyon", phone="0612345678")
    response = await put(client, tenant, debt["id"], {"city": None, "email": None})
    data = response.json()["data"]
    assert (data["city"], data["email"], data["phone"]) == (None, None, "+33612345678")


INVALID_UPDATES: list[tuple[dict[str, Any], str, str]] = [
    ({"firstname": None}, "firstname", "First name is required"),
    ({"lastname": ""}, "lastname", "Last name is required"),
    ({"amount": None}, "amount", "Amount cannot be null"),
    ({"amount": 0}, "amount", "Amount must be greater than 0"),
    ({"amount": "1.234"}, "amount", "Amount must have at most 2 decimal places"),
    ({"currency": None}, "currency", "Currency cannot be null"),
    ({"currency": "XYZ"}, "currency", "Invalid currency. Use an ISO 4217 code"),
    ({"email": None}, "email", "A phone or an email is required"),
    ({"email": "bad"}, "email", "Invalid email address"),
    ({"phone": "0"}, "phone", "Invalid phone number"),
    ({"due_date": "2023-12-31"}, "due_date", "Due date cannot be before invoice date"),
    ({"invoice_date": "2024-02-01"}, "due_date", "Due date cannot be before invoice date"),
    ({"amount_remaining": 1}, "amount_remaining", "Field is read-only"),
    ({"company": "Other"}, "company", "Field is read-only"),
    ({"nope": 1}, "nope", "Unknown field"),
]


@pytest.mark.parametrize(("change", "field", "message"), INVALID_UPDATES)
async def test_update_rejects_invalid_values(
    client: httpx.AsyncClient, tenant: Tenant, change: dict[str, Any], field: str, message: str
) -> None:
    debt = await create_debt(client, tenant, invoice_date="2024-01-01", due_date="2024-01-31")
    response = await put(client, tenant, debt["id"], change)
    assert response.status_code == 400, response.text
    assert response.json()["details"][field] == message
    after = await client.get(f"{DEBTS}/{debt['id']}", headers=tenant.headers)
    assert after.json()["data"] == debt


async def test_update_with_empty_body_is_a_validation_error(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant)
    response = await put(client, tenant, debt["id"], {})
    assert response.status_code == 400
    assert response.json()["details"] == {"body": "At least one field is required"}


async def test_currency_can_change_before_any_payment_but_not_after(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    debt = await create_debt(client, tenant)
    assert (await put(client, tenant, debt["id"], {"currency": "usd"})).json()["data"][
        "currency"
    ] == "USD"
    payment = {"amount": "1", "currency": "USD", "paid_at": "2024-01-01"}
    url = f"{DEBTS}/{debt['id']}/payments"
    assert (await client.post(url, json=payment, headers=tenant.headers)).status_code == 201
    response = await put(client, tenant, debt["id"], {"currency": "EUR"})
    assert response.json()["details"] == {
        "currency": "Currency cannot be changed once payments are recorded"
    }


async def test_update_unknown_debt_is_404(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory
) -> None:
    response = await put(client, tenant, "x" * 22, {"city": "Paris"})
    assert response.status_code == 404
    assert response.json()["message"] == "Debt not found"


async def test_update_needs_debts_write(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.make_tenant(scopes=["debts:read"])
    debt_id = await factory.make_debt(tenant)
    response = await put(client, tenant, debt_id, {"city": "Paris"})
    assert response.status_code == 403


async def test_delete_removes_followups_and_keeps_payments(
    client: httpx.AsyncClient, tenant: Tenant, factory: Factory
) -> None:
    state = factory.state
    debt = await create_debt(client, tenant)
    await make_followup_at(factory, tenant, debt["id"], utcnow())
    payment = {"amount": "10", "currency": "EUR", "paid_at": utcnow().isoformat()}
    url = f"{DEBTS}/{debt['id']}/payments"
    posted = await client.post(url, json=payment, headers=tenant.headers)
    assert posted.json()["data"]["followup_id"] is not None

    response = await client.delete(f"{DEBTS}/{debt['id']}", headers=tenant.headers)
    assert response.status_code == 200
    assert response.json() == {"error": False, "message": "Debt deleted successfully", "data": None}

    assert await debt_row(state, debt["id"]) is None
    gone = await client.get(f"{DEBTS}/{debt['id']}", headers=tenant.headers)
    assert gone.status_code == 404
    rows = await payment_rows(state, tenant)
    assert [(r["debt_id"], r["followup_id"], r["amount_cents"]) for r in rows] == [
        (None, None, 1000)
    ]
    async with state.database.read() as tx:
        assert await followups_of_company(tx, tenant.company_id) == 0


async def test_delete_twice_is_404(client: httpx.AsyncClient, tenant: Tenant) -> None:
    debt = await create_debt(client, tenant)
    assert (await client.delete(f"{DEBTS}/{debt['id']}", headers=tenant.headers)).status_code == 200
    again = await client.delete(f"{DEBTS}/{debt['id']}", headers=tenant.headers)
    assert again.status_code == 404
    assert again.json()["message"] == "Debt not found"


async def test_delete_needs_debts_write(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.make_tenant(scopes=["debts:read"])
    debt_id = await factory.make_debt(tenant)
    response = await client.delete(f"{DEBTS}/{debt_id}", headers=tenant.headers)
    assert response.status_code == 403
    assert response.json()["message"] == 'Required scope "debts:write" not found in token'
