"""Operator actions behind the CLI: companies, API clients and dashboard logins (no HTTP, same
transaction helper)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from relance.auth import repository
from relance.auth.scopes import ALL_SCOPES, parse_scopes, unknown_scopes
from relance.auth.secrets import hash_secret, new_client_id, new_secret
from relance.config import Settings
from relance.dashboard import repository as dashboard_repository
from relance.dashboard.login import normalised_email
from relance.dashboard.passwords import hash_password, password_problem
from relance.db.transaction import run_in_transaction
from relance.db.tx import Tx
from relance.debts import fields
from relance.kit.ids import IdCodec, IdKind
from relance.kit.timestamps import utcnow
from relance.ratelimit.repository import ClientLimits, set_limits

T = TypeVar("T")


class OperatorError(ValueError):
    """A bad operator argument; the CLI prints it and exits non-zero."""


async def in_transaction(settings: Settings, action: Callable[[Tx], Awaitable[T]]) -> T:
    return await run_in_transaction(settings.effective_database_url, action)


async def create_company(settings: Settings, name: str) -> dict[str, Any]:
    name = name.strip()
    if not name or len(name) > 200:
        raise OperatorError("company name must be 1 to 200 characters")
    row = await in_transaction(settings, lambda tx: repository.insert_company(tx, name, utcnow()))
    return {"id": IdCodec(settings.secret).encode(IdKind.COMPANY, row["id"]), "name": row["name"]}


async def list_companies(settings: Settings) -> dict[str, Any]:
    ids = IdCodec(settings.secret)
    rows = await in_transaction(settings, repository.list_companies)
    companies = [
        {
            "id": ids.encode(IdKind.COMPANY, row["id"]),
            "name": row["name"],
            "created_at": row["created_at"],
        }
        for row in rows
    ]
    return {"companies": companies}


async def list_clients(settings: Settings, company: str | None) -> dict[str, Any]:
    """Every client, or one company's; never a secret (only its hash is stored anyway)."""
    ids = IdCodec(settings.secret)
    company_id = None if company is None else _company_key(ids, company)

    async def action(tx: Tx) -> list[dict[str, Any]]:
        if company_id is not None and await repository.get_company(tx, company_id) is None:
            raise OperatorError(f"no such company: {company}")
        return await repository.list_clients(tx, company_id)

    clients = [
        {
            "client_id": row["client_id"],
            "company_id": ids.encode(IdKind.COMPANY, row["company_id"]),
            "name": row["name"],
            "scopes": row["scopes"],
            "limits": {
                "reads": row["read_limit"],
                "writes": row["write_limit"],
                "window": row["limit_window"],
            },
            "revoked": row["revoked_at"] is not None,
            "created_at": row["created_at"],
        }
        for row in await in_transaction(settings, action)
    ]
    return {"clients": clients}


def _company_key(ids: IdCodec, company: str) -> int:
    company_id = ids.decode(IdKind.COMPANY, company)
    if company_id is None:
        raise OperatorError(f"not a company id: {company}")
    return company_id


def _checked_scopes(scopes_text: str | None) -> list[str]:
    """All scopes when none are given; an explicit empty or unknown scope is an error."""
    if scopes_text is None:
        return list(ALL_SCOPES)
    scopes = parse_scopes(scopes_text)
    valid = f"valid scopes: {' '.join(ALL_SCOPES)}"
    if not scopes:
        raise OperatorError(f"--scopes is empty; {valid}")
    unknown = unknown_scopes(scopes)
    if unknown:
        raise OperatorError(f"unknown scopes: {' '.join(unknown)}; {valid}")
    return scopes


async def create_client(
    settings: Settings, company: str, name: str, scopes_text: str | None
) -> dict[str, Any]:
    company_id = _company_key(IdCodec(settings.secret), company)
    scopes = _checked_scopes(scopes_text)
    client_id, secret = new_client_id(), new_secret()

    async def action(tx: Tx) -> None:
        if await repository.get_company(tx, company_id) is None:
            raise OperatorError(f"no such company: {company}")
        await repository.insert_client(
            tx,
            company_id=company_id,
            client_id=client_id,
            secret_hash=hash_secret(secret),
            name=name,
            scopes=" ".join(scopes),
            now=utcnow(),
        )

    await in_transaction(settings, action)
    return {"client_id": client_id, "client_secret": secret, "scopes": " ".join(scopes)}


async def revoke_client(settings: Settings, client_id: str) -> dict[str, Any]:
    async def action(tx: Tx) -> bool:
        if await repository.get_client(tx, client_id) is None:
            raise OperatorError(f"no such client: {client_id}")
        return await repository.revoke_client(tx, client_id, utcnow())

    newly = await in_transaction(settings, action)
    return {"client_id": client_id, "revoked": True, "already_revoked": not newly}


async def set_client_limits(
    settings: Settings, client_id: str, reads: int, writes: int, window: int | None
) -> dict[str, Any]:
    """SPEC 7's per-client override; every node applies it within its refresh bound (5 s)."""
    if reads < 1 or writes < 1 or (window is not None and window < 1):
        raise OperatorError("--reads, --writes and --window must be positive integers")
    window = window or settings.rate_limit_window
    limits = ClientLimits(reads, writes, window)

    async def action(tx: Tx) -> None:
        if not await set_limits(tx, client_id, limits):
            raise OperatorError(f"no such client: {client_id}")

    await in_transaction(settings, action)
    return {"client_id": client_id, "reads": reads, "writes": writes, "window": window}


async def create_operator(
    settings: Settings, email: str, company: str, password: str
) -> dict[str, Any]:
    """A dashboard login (SPEC 15) for one company; the password is stored as an Argon2 hash."""
    company_id = IdCodec(settings.secret).decode(IdKind.COMPANY, company)
    if company_id is None:
        raise OperatorError(f"not a company id: {company}")
    try:
        address = normalised_email(fields.email(email) or "")
    except ValueError:
        address = ""
    if not address:
        raise OperatorError(f"not an email address: {email}")
    problem = password_problem(password)
    if problem is not None:
        raise OperatorError(problem)
    password_hash = hash_password(password)

    async def action(tx: Tx) -> dict[str, Any]:
        if await repository.get_company(tx, company_id) is None:
            raise OperatorError(f"no such company: {company}")
        if await dashboard_repository.operator_by_email(tx, address) is not None:
            raise OperatorError(f"an operator with this email already exists: {address}")
        return await dashboard_repository.insert_operator(
            tx, company_id, address, password_hash, utcnow()
        )

    row = await in_transaction(settings, action)
    return {"email": row["email"], "company": company}
