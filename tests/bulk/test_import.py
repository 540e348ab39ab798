"""Bulk import through the services: the API's rules and messages, counters, the ledger that
makes a second run create nothing, and export → import round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from relance.bulk.errors_file import errors_path
from relance.bulk.records import CommandRefused
from relance.config import Settings
from relance.kit.ids import IdKind
from tests.bulk.helpers import (
    FOLLOWUP_HEADER,
    followup_lines,
    run_export,
    run_import,
    stored_counts,
    write_followups,
)
from tests.conftest import Factory, Tenant
from tests.followups.helpers import debt_counters

SERVER_SET = {"id", "debt_id", "processed_at"}


def _error_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with errors_path(path).open(newline="") as file:
        return list(csv.DictReader(file))


async def test_an_imported_followup_is_what_post_followups_creates(
    factory: Factory, tenant: Tenant, settings: Settings, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    imported_debt, posted_debt = await factory.make_debt(tenant), await factory.make_debt(tenant)
    row: dict[str, Any] = {
        "type": "call",
        "status": "deal_found",
        "summary": "Agreed to pay",
        "duration_ms": 120000,
        "direction": "outbound",
        "phone_number_used": "06 12 34 56 78",
        "call_date": "2024-05-02T09:30:00+02:00",
        "is_retry": True,
    }
    path = tmp_path / "one.jsonl"
    path.write_bytes(orjson.dumps({"debt_id": imported_debt, **row}) + b"\n")
    summary = await run_import(settings, "followups", path, tenant.public_company_id)
    assert (summary["created"], summary["rejected"], summary["errors_file"]) == (1, 0, None)
    posted = await factory.make_followup(tenant, posted_debt, **row)

    listed = await client.get(
        f"/external-api/v1/followups/debt/{imported_debt}", headers=tenant.headers
    )
    (imported,) = listed.json()["data"]
    assert {k: v for k, v in imported.items() if k not in SERVER_SET} == {
        k: v for k, v in posted.items() if k not in SERVER_SET
    }
    assert imported["phone_number_used"] == "+33612345678"
    assert await debt_counters(factory, imported_debt) == await debt_counters(factory, posted_debt)


async def test_refused_rows_carry_the_api_messages_and_the_others_are_imported(
    factory: Factory, tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    mine = await factory.make_debt(tenant)
    other = await factory.make_tenant(name="Other Co")
    foreign = await factory.make_debt(other)
    missing = factory.state.ids.encode(IdKind.DEBT, 2**40)
    path = tmp_path / "mixed.csv"
    path.write_text(
        FOLLOWUP_HEADER
        + followup_lines([mine], 2)
        + f"{foreign},call,sent,Not ours,1,outbound,false,\n"
        + f"{missing},call,sent,Gone,1,outbound,false,\n"
        + f"{mine},fax,lost,Bad values,-5,sideways,perhaps,yesterday\n"
        + ",call,sent,No debt,,,,\n"
        + followup_lines([mine], 1, start=2)
    )
    summary = await run_import(settings, "followups", path, tenant.public_company_id, batch=3)
    assert (summary["created"], summary["rejected"]) == (3, 4)
    assert summary["errors_file"] == str(errors_path(path))
    refused = {int(row["line"]): row for row in _error_rows(path)}
    assert sorted(refused) == [4, 5, 6, 7]
    assert refused[4]["error"] == "Access denied to this debt"
    assert refused[4]["details"] == ""
    assert refused[4]["row"].startswith(foreign)
    assert orjson.loads(refused[5]["details"]) == {"debt_id": "Debt not found"}
    assert orjson.loads(refused[6]["details"]) == {
        "type": "Invalid followup type. Valid types are: call, sms, email, whatsapp, voicemail, "
        "manual_call, physical, postmail",
        "status": "Invalid followup status. Valid statuses are: on_hold, scheduled, in_progress, "
        "sent, delivered, deal_found, no_answer, deal_not_found, bad_behavior, failed, cancelled",
        "duration_ms": "Must be at least 0",
        "direction": "Invalid direction. Valid directions are: inbound, outbound",
        "is_retry": "Must be a boolean",
        "call_date": "Invalid date format. Use ISO 8601",
    }
    assert orjson.loads(refused[7]["details"]) == {"debt_id": "Debt ID is required"}
    assert (await debt_counters(factory, mine))["followups_count"] == 3
    assert (await debt_counters(factory, foreign))["followups_count"] == 0


async def test_a_second_run_of_the_same_file_creates_nothing(
    factory: Factory, tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    debts = [await factory.make_debt(tenant) for _ in range(3)]
    path = write_followups(tmp_path / "f.csv", debts, 50)
    with path.open("a") as file:
        file.write("not-a-debt,call,sent,,,,,\n")
    first = await run_import(settings, "followups", path, tenant.public_company_id, batch=7)
    assert (first["created"], first["skipped"], first["rejected"]) == (50, 0, 1)
    again = await run_import(settings, "followups", path, tenant.public_company_id, batch=20)
    assert (again["created"], again["skipped"], again["rejected"]) == (0, 50, 1)
    # The refused row is met again, so the errors file lists it once, not twice.
    assert [row["line"] for row in _error_rows(path)] == ["52"]
    assert await stored_counts(factory.state, tenant.company_id) == (50, 50, 50)

    # The same rows in another file (other content, other hash) are another import.
    copy = tmp_path / "copy.csv"
    copy.write_text(path.read_text().replace("not-a-debt,call,sent,,,,,\n", ""))
    third = await run_import(settings, "followups", copy, tenant.public_company_id)
    assert third["created"] == 50
    assert not errors_path(copy).exists()


async def test_the_ledger_is_per_company(
    factory: Factory, tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    other = await factory.make_tenant(name="Second")
    path = tmp_path / "d.csv"
    path.write_text("firstname,lastname,amount,currency,email\nAnn,Lee,10.00,EUR,a@example.com\n")
    for company in (tenant.public_company_id, other.public_company_id):
        assert (await run_import(settings, "debts", path, company))["created"] == 1


async def test_debts_are_created_by_the_batch_endpoint_rules(
    factory: Factory, tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "debts.jsonl"
    named = {"lastname": "Lee", "currency": "EUR"}
    rows = [
        named | {"firstname": "Ann", "amount": 12.5, "currency": "eur", "email": "a@x.fr"},
        named | {"firstname": "", "amount": 0.001},
        named | {"firstname": "Bo", "amount": "3", "phone": "0612345678", "colour": 1},
    ]
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    summary = await run_import(settings, "debts", path, tenant.public_company_id)
    assert (summary["created"], summary["rejected"]) == (1, 2)
    refused = {row["line"]: orjson.loads(row["details"]) for row in _error_rows(path)}
    assert refused["2"]["firstname"] == "First name is required"
    assert refused["2"]["phone"] == refused["2"]["email"] == "A phone or an email is required"
    assert "amount" in refused["2"]
    assert refused["3"] == {"colour": "Unknown field"}


async def test_exported_debts_import_into_another_company(
    factory: Factory, tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "source.csv"
    source.write_text(
        "firstname,lastname,amount,currency,phone,email,metadata,invoice_date,due_date\n"
        'Zoé,Durand,1250.00,EUR,06 12 34 56 78,,"{""ref"": ""A-1"", ""n"": 2}",2024-01-05,'
        "2024-02-05\nLouis,Bernard,320.50,USD,,louis@example.com,,,\n"
    )
    assert (await run_import(settings, "debts", source, tenant.public_company_id))["created"] == 2
    exported = tmp_path / "exported.csv"
    await run_export(settings, "debts", tenant.public_company_id, exported, "csv")
    other = await factory.make_tenant(name="Target Co")
    moved = await run_import(settings, "debts", exported, other.public_company_id)
    assert (moved["created"], moved["rejected"]) == (2, 0)
    assert "id" in moved["ignored_columns"]
    assert "amount_remaining" in moved["ignored_columns"]

    def comparable(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
        dropped = {"id", "company", "import_date"}
        return [{k: v for k, v in o.items() if k not in dropped} for o in objects]

    before = await run_export(settings, "debts", tenant.public_company_id, tmp_path / "a.jsonl")
    after = await run_export(settings, "debts", other.public_company_id, tmp_path / "b.jsonl")
    assert comparable(after) == comparable(before)
    assert after[0]["metadata"] == {"ref": "A-1", "n": 2}
    assert {o["company"] for o in after} == {"Target Co"}


async def test_followup_export_is_the_api_objects_paged_by_cursor(
    factory: Factory, tenant: Tenant, settings: Settings, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    debts = [await factory.make_debt(tenant) for _ in range(4)]
    path = write_followups(tmp_path / "f.csv", debts, 230)
    assert (await run_import(settings, "followups", path, tenant.public_company_id))[
        "created"
    ] == 230
    exported = await run_export(
        settings, "followups", tenant.public_company_id, tmp_path / "x.jsonl"
    )
    listed: list[dict[str, Any]] = []
    for page in (1, 2, 3):
        response = await client.get(
            f"/external-api/v1/followups?sort=updated_at&limit=100&page={page}",
            headers=tenant.headers,
        )
        listed += response.json()["data"]
    assert exported == listed
    assert len({o["id"] for o in exported}) == 230

    csv_path = tmp_path / "x.csv"
    await run_export(settings, "followups", tenant.public_company_id, csv_path, "csv")
    lines = csv_path.read_text().splitlines()
    assert lines[0].startswith("id,debt_id,status,type,call_date")
    assert len(lines) == 231


async def test_export_since_keeps_the_objects_changed_since(
    factory: Factory, tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    await factory.make_debt(tenant)
    far = await run_export(
        settings, "debts", tenant.public_company_id, tmp_path / "a.jsonl", since_text="2199-01-01"
    )
    near = await run_export(
        settings, "debts", tenant.public_company_id, tmp_path / "b.jsonl", since_text="2000-01-01"
    )
    assert (len(far), len(near)) == (0, 1)
    with pytest.raises(CommandRefused, match="Invalid date format"):
        await run_export(
            settings, "debts", tenant.public_company_id, tmp_path / "c", since_text="x"
        )
