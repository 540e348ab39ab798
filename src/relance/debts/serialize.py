"""Rows to wire objects: the GetBill debt object (SPEC 4, keys in order) and the payment object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relance.debts.amounts import amount_text, wire_amount
from relance.debts.fields import metadata_out
from relance.kit.ids import IdCodec, IdKind
from relance.policy.debtor import default_zone, flags_out


def debt_out(row: Mapping[str, Any], ids: IdCodec) -> dict[str, Any]:
    amount, paid = int(row["amount_cents"]), int(row["amount_paid_cents"])
    return {
        "id": ids.encode(IdKind.DEBT, row["id"]),
        "civility": row["civility"],
        "firstname": row["firstname"],
        "lastname": row["lastname"],
        "phone": row["phone"],
        "email": row["email"],
        "birthdate": row["birthdate"],
        "amount": wire_amount(amount),
        "amount_text": amount_text(amount, row["currency"]),
        "currency": row["currency"],
        "object": row["object"],
        "internal_id": row["internal_id"],
        "invoice_reference": row["invoice_reference"],
        "debtor_reference": row["debtor_reference"],
        "invoice_date": row["invoice_date"],
        "due_date": row["due_date"],
        "address": row["address"],
        "street_address": row["street_address"],
        "street_number": row["street_number"],
        "postal_code": row["postal_code"],
        "city": row["city"],
        "country": row["country"],
        "status": row["status"],
        "nb_reminders": row["nb_reminders"],
        "nb_answered": row["nb_answered"],
        "summary": row["summary"],
        "iban": row["iban"],
        "followups_count": row["followups_count"],
        "company": row["company"],
        "debtor_company": row["debtor_company"],
        "payment_link": row["payment_link"],
        "metadata": metadata_out(row["metadata_json"]),
        "import_date": row["created_at"],
        "amount_paid": wire_amount(paid),
        # Negative when overpaid: the excess stays visible instead of being clamped away.
        "amount_remaining": wire_amount(amount - paid),
        # SPEC 13, after the GetBill fields.
        "timezone": row.get("timezone") or default_zone(row["country"]),
        "contact_flags": flags_out(row.get("contact_flags_json")),
        "legal_hold": bool(row.get("legal_hold")),  # .get: outbox rows older than SPEC 13
    }


def payment_out(row: Mapping[str, Any], ids: IdCodec) -> dict[str, Any]:
    debt_id, followup_id = row["debt_id"], row["followup_id"]
    return {
        "id": ids.encode(IdKind.PAYMENT, row["id"]),
        "debt_id": None if debt_id is None else ids.encode(IdKind.DEBT, debt_id),
        "followup_id": None if followup_id is None else ids.encode(IdKind.FOLLOWUP, followup_id),
        "amount": wire_amount(int(row["amount_cents"])),
        "currency": row["currency"],
        "paid_at": row["paid_at"],
        "reference": row["reference"],
        "created_at": row["created_at"],
    }
