"""Access tokens on API routes: every refusal is 401 with SPEC 1's body; missing scopes are 403."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI

from relance.auth.jwt_tokens import AUDIENCE, ISSUER
from relance.cli import operators
from relance.config import Settings
from tests.auth.helpers import UNAUTHENTICATED, bearer, signing_key, tokens
from tests.conftest import Factory, Tenant


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def assert_refused(response: httpx.Response, token_sent: bool = True) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == UNAUTHENTICATED
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer")
    assert ('error="invalid_token"' in challenge) is token_sent


async def test_valid_token_reaches_the_route_as_its_principal(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get("/probe/whoami", headers=tenant.headers)
    assert response.status_code == 200
    assert response.json()["company_id"] == tenant.company_id
    assert response.json()["client_id"] == tenant.client_id


async def test_scheme_name_is_case_insensitive(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get(
        "/probe/whoami", headers={"Authorization": f"bearer {tenant.token}"}
    )
    assert response.status_code == 200


async def test_missing_token_is_401_without_error_code(
    probes: FastAPI, client: httpx.AsyncClient
) -> None:
    assert_refused(await client.get("/probe/whoami"), token_sent=False)


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Bearer a.b.c", "Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "Token x.y.z"],
    ids=["not-jwt", "three-garbage-parts", "empty", "scheme-only", "basic-scheme", "other-scheme"],
)
async def test_malformed_credentials_are_401_invalid_token(
    probes: FastAPI, client: httpx.AsyncClient, authorization: str
) -> None:
    assert_refused(await client.get("/probe/whoami", headers={"Authorization": authorization}))


def _forge_other_key(claims: dict[str, Any], _key: bytes) -> str:
    return jwt.encode(claims, b"not-the-server-key-but-long-enough-32b", algorithm="HS256")


def _forge_alg_none(claims: dict[str, Any], _key: bytes) -> str:
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."


def _forge_alg_none_keeping_signature(claims: dict[str, Any], key: bytes) -> str:
    _, payload, signature = jwt.encode(claims, key, algorithm="HS256").split(".")
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.{signature}"


def _forge_hs512(claims: dict[str, Any], key: bytes) -> str:
    return jwt.encode(claims, key, algorithm="HS512")


def _forge_hs384(claims: dict[str, Any], key: bytes) -> str:
    return jwt.encode(claims, key, algorithm="HS384")


def _resign(**changes: Any) -> Callable[[dict[str, Any], bytes], str]:
    def forge(claims: dict[str, Any], key: bytes) -> str:
        changed = {k: v for k, v in (claims | changes).items() if v is not None}
        return jwt.encode(changed, key, algorithm="HS256")

    return forge


def _tamper_payload(claims: dict[str, Any], key: bytes) -> str:
    header, _, signature = jwt.encode(claims, key, algorithm="HS256").split(".")
    return f"{header}.{b64(claims | {'cid': claims['cid'] + 1})}.{signature}"


FORGERIES = {
    "signed-with-another-key": _forge_other_key,
    "alg-none": _forge_alg_none,
    "alg-none-keeping-signature": _forge_alg_none_keeping_signature,
    "alg-switched-to-hs512": _forge_hs512,
    "alg-switched-to-hs384": _forge_hs384,
    "payload-tampered": _tamper_payload,
    "expired": _resign(exp=int(time.time()) - 1, iat=int(time.time()) - 3601),
    "wrong-audience": _resign(aud="someone-else"),
    "wrong-issuer": _resign(iss="https://evil.example"),
    "without-audience": _resign(aud=None),
    "without-expiry": _resign(exp=None),
    "without-token-id": _resign(jti=None),
}


# The HS384/HS512 forgeries reuse our 256-bit key on purpose; PyJWT warns about its length.
@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("forge", list(FORGERIES.values()), ids=list(FORGERIES))
async def test_forged_or_expired_token_is_401_invalid_token(
    probes: FastAPI,
    client: httpx.AsyncClient,
    tenant: Tenant,
    forge: Callable[[dict[str, Any], bytes], str],
) -> None:
    claims = claims_of(tenant.token)
    assert claims["aud"] == AUDIENCE
    assert claims["iss"] == ISSUER
    token = forge(claims, signing_key(probes))
    assert_refused(await client.get("/probe/whoami", headers=bearer(token)))


async def test_resigning_unchanged_claims_is_accepted(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """Control for the forgeries above: only the one altered property makes them fail."""
    token = _resign()(claims_of(tenant.token), signing_key(probes))
    assert (await client.get("/probe/whoami", headers=bearer(token))).status_code == 200


async def test_revoked_client_is_refused_within_the_revocation_bound(
    probes: FastAPI, client: httpx.AsyncClient, settings: Settings, tenant: Tenant
) -> None:
    assert (await client.get("/probe/whoami", headers=tenant.headers)).status_code == 200
    result = await operators.revoke_client(settings, tenant.client_id)
    assert result == {"client_id": tenant.client_id, "revoked": True, "already_revoked": False}
    await asyncio.sleep(settings.revocation_refresh_seconds * 1.2)
    assert_refused(await client.get("/probe/whoami", headers=tenant.headers))
    # Nor can it get new tokens.
    response = await client.post(
        "/token",
        data={
            "grant_type": "client_credentials",
            "client_id": tenant.client_id,
            "client_secret": tenant.client_secret,
        },
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_revoking_one_client_spares_other_clients(
    probes: FastAPI, client: httpx.AsyncClient, factory: Factory, settings: Settings
) -> None:
    revoked, kept = await factory.make_tenant(), await factory.make_tenant()
    await operators.revoke_client(settings, revoked.client_id)
    await asyncio.sleep(settings.revocation_refresh_seconds * 1.2)
    assert (await client.get("/probe/whoami", headers=revoked.headers)).status_code == 401
    assert (await client.get("/probe/whoami", headers=kept.headers)).status_code == 200


async def test_token_lacking_the_scope_is_403_naming_it(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    issued = await tokens(client, tenant, scope="followups:read debts:read")
    response = await client.post("/probe/followups-write", headers=bearer(issued["access_token"]))
    assert response.status_code == 403
    assert response.json() == {
        "error": True,
        "message": 'Required scope "followups:write" not found in token',
        "code": 403,
    }
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


async def test_bad_token_is_401_before_any_scope_check(
    probes: FastAPI, client: httpx.AsyncClient
) -> None:
    assert_refused(await client.post("/probe/followups-write", headers=bearer("x.y.z")))
    assert_refused(await client.post("/probe/followups-write"), token_sent=False)
