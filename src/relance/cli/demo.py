"""`relance demo`: a company, a client holding every scope, debts, followups and a payment,
created through the same services as the API so a newcomer can call it at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from relance.cli.operators import create_client, create_company, in_transaction
from relance.config import Settings
from relance.db.tx import Tx
from relance.debts.payments import PaymentService
from relance.debts.service import DebtService
from relance.followups.listing.cursor import codec_for
from relance.followups.service import FollowupService
from relance.kit.ids import IdCodec, IdKind
from relance.kit.timestamps import utcnow
from relance.media.signing import MediaSigner

_DEBTORS: list[dict[str, Any]] = [
    {"firstname": "Camille", "lastname": "Martin", "phone": "06 12 34 56 78", "amount": "1250.00"},
    {
        "firstname": "Louis",
        "lastname": "Bernard",
        "email": "louis.bernard@example.com",
        "amount": "320.50",
    },
    {"firstname": "Chloé", "lastname": "Petit", "phone": "+33 7 98 76 54 32", "amount": "89.90"},
]


async def create_demo(settings: Settings) -> dict[str, Any]:
    company = await create_company(settings, "Demo Collections")
    client = await create_client(settings, str(company["id"]), "demo", None)
    ids = IdCodec(settings.secret)
    company_key = ids.decode(IdKind.COMPANY, company["id"])
    assert company_key is not None  # just created with the same secret

    async def seed(tx: Tx) -> dict[str, list[str]]:
        return await _seed(tx, company_key, ids, settings)

    created = await in_transaction(settings, seed)
    base = settings.public_url.rstrip("/")
    return {
        "company_id": company["id"],
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
        "scopes": client["scopes"],
        "debt_ids": created["debts"],
        "followup_ids": created["followups"],
        "token_command": (
            f"curl -s -u {client['client_id']}:{client['client_secret']} "
            f"-d grant_type=client_credentials {base}/token"
        ),
        "list_command": (
            f"curl -s -H 'Authorization: Bearer <access_token>' {base}/external-api/v1/followups"
        ),
    }


async def _seed(tx: Tx, company_key: int, ids: IdCodec, settings: Settings) -> dict[str, list[str]]:
    debts = DebtService(tx, company_key, ids)
    signer = MediaSigner(settings.secret, settings.public_url, settings.media_url_ttl)
    followups = FollowupService(tx, company_key, ids, signer, codec_for(settings.secret))
    now = utcnow().replace(microsecond=0)
    debt_ids: list[str] = []
    followup_ids: list[str] = []
    for debtor in _DEBTORS:
        debt = await debts.create({**debtor, "currency": "EUR", "object": "Invoice"})
        debt_ids.append(str(debt["id"]))
        for payload in _followups_for(str(debt["id"]), now):
            followup_ids.append(str((await followups.create(payload)).data["id"]))
    payments = PaymentService(tx, company_key, ids, settings.attribution_window_days)
    await payments.record(
        debt_ids[0],
        {"amount": "250.00", "currency": "EUR", "paid_at": now.isoformat(), "reference": "DEMO-1"},
    )
    return {"debts": debt_ids, "followups": followup_ids}


def _followups_for(debt_id: str, now: Any) -> list[dict[str, Any]]:
    yesterday = now - timedelta(days=1)
    return [
        {
            "debt_id": debt_id,
            "type": "email",
            "status": "delivered",
            "call_date": (yesterday - timedelta(days=2)).isoformat(),
            "summary": "Payment reminder sent",
        },
        {
            "debt_id": debt_id,
            "type": "call",
            "status": "deal_found",
            "direction": "outbound",
            "call_date": yesterday.isoformat(),
            "duration_ms": 180000,
            "summary": "Customer agreed to a payment plan",
        },
        {
            "debt_id": debt_id,
            "type": "sms",
            "status": "scheduled",
            "scheduled_at": (now + timedelta(days=3)).isoformat(),
            "summary": "Follow-up reminder",
        },
    ]
