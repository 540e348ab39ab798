"""POST /token: client_credentials, response shape and the RFC 6749 5.2 errors."""

from __future__ import annotations

import httpx
import jwt
import pytest

from relance.auth.scopes import ALL_SCOPES
from tests.auth.helpers import basic, grant
from tests.conftest import Factory, Tenant


def assert_oauth_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == error
    assert body["error_description"]
    assert response.headers["cache-control"] == "no-store"


async def test_client_credentials_in_form_body_returns_spec_fields(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    body = response.json()
    assert list(body) == ["access_token", "token_type", "expires_in", "refresh_token", "scope"]
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"].split() == list(ALL_SCOPES)
    assert body["refresh_token"]
    assert body["refresh_token"] != body["access_token"]


async def test_access_token_claims_name_company_client_scopes_expiry_and_id(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = (await grant(client, tenant, scope="debts:read")).json()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "HS256"
    assert claims["cid"] == tenant.company_id
    assert claims["sub"] == tenant.client_id
    assert claims["scope"] == "debts:read"
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["jti"]


async def test_client_credentials_with_http_basic(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, use_basic=True)
    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer"


async def test_basic_may_repeat_the_same_client_id_in_the_body(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, use_basic=True, client_id=tenant.client_id)
    assert response.status_code == 200


async def test_token_endpoint_also_answers_under_the_api_base_path(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    form = {"grant_type": "client_credentials"}
    headers = basic(tenant.client_id, tenant.client_secret)
    response = await client.post("/external-api/v1/token", data=form, headers=headers)
    assert response.status_code == 200


async def test_scope_narrows_the_token(client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = (await grant(client, tenant, scope="followups:read  debts:read followups:read")).json()
    assert body["scope"] == "followups:read debts:read"


@pytest.mark.parametrize(
    "scope",
    ["debts:write", "debts:read debts:write", "admin", ""],
    ids=["wider", "partly-wider", "unknown", "empty"],
)
async def test_scope_outside_the_clients_scopes_is_invalid_scope(
    client: httpx.AsyncClient, factory: Factory, scope: str
) -> None:
    tenant = await factory.make_tenant(scopes=["debts:read", "followups:read"])
    assert_oauth_error(await grant(client, tenant, scope=scope), 400, "invalid_scope")


async def test_default_scope_is_all_of_the_clients_scopes(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.make_tenant(scopes=["followups:read", "followups:write"])
    body = (await grant(client, tenant)).json()
    assert body["scope"] == "followups:read followups:write"


async def test_wrong_secret_with_basic_is_401_with_basic_challenge(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    headers = basic(tenant.client_id, tenant.client_secret + "x")
    response = await client.post(
        "/token", data={"grant_type": "client_credentials"}, headers=headers
    )
    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "header",
    ["Basic !!!not-base64", "Basic " + "bm8tY29sb24=", "Basic "],
    ids=["not-base64", "no-colon", "empty"],
)
async def test_malformed_basic_credentials_are_invalid_client(
    client: httpx.AsyncClient, header: str
) -> None:
    response = await client.post(
        "/token", data={"grant_type": "client_credentials"}, headers={"Authorization": header}
    )
    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "credentials",
    [{"client_secret": "wrong"}, {"client_id": "rlc_nobody"}, {"client_secret": ""}, {}],
    ids=["wrong-secret", "unknown-client", "empty-secret", "none"],
)
async def test_bad_form_credentials_are_invalid_client(
    client: httpx.AsyncClient, tenant: Tenant, credentials: dict[str, str]
) -> None:
    form = {"grant_type": "client_credentials", "client_id": tenant.client_id}
    form |= {"client_secret": tenant.client_secret} | credentials
    if not credentials:
        form = {"grant_type": "client_credentials"}
    response = await client.post("/token", data=form)
    assert_oauth_error(response, 401, "invalid_client")


async def test_unknown_grant_type_is_unsupported_grant_type(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, grant_type="password")
    assert_oauth_error(response, 400, "unsupported_grant_type")


async def test_missing_grant_type_is_invalid_request(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, grant_type="")
    assert_oauth_error(response, 400, "invalid_request")


async def test_json_body_is_invalid_request(client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = {"grant_type": "client_credentials", "client_id": tenant.client_id}
    response = await client.post("/token", json=body | {"client_secret": tenant.client_secret})
    assert_oauth_error(response, 400, "invalid_request")


async def test_repeated_parameter_is_invalid_request(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    content = (
        f"grant_type=client_credentials&client_id={tenant.client_id}"
        f"&client_secret={tenant.client_secret}&scope=debts:read&scope=debts:write"
    )
    response = await client.post(
        "/token",
        content=content,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert_oauth_error(response, 400, "invalid_request")


async def test_two_authentication_methods_at_once_is_invalid_request(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, use_basic=True, client_secret=tenant.client_secret)
    assert_oauth_error(response, 400, "invalid_request")


async def test_body_client_id_contradicting_basic_is_invalid_request(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, use_basic=True, client_id="rlc_someone-else")
    assert_oauth_error(response, 400, "invalid_request")


async def test_refresh_grant_without_refresh_token_is_invalid_request(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, grant_type="refresh_token")
    assert_oauth_error(response, 400, "invalid_request")


async def test_unknown_refresh_token_is_invalid_grant(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await grant(client, tenant, grant_type="refresh_token", refresh_token="nope")
    assert_oauth_error(response, 400, "invalid_grant")


async def test_token_endpoint_refuses_get(client: httpx.AsyncClient) -> None:
    response = await client.get("/token")
    assert response.status_code == 405


async def test_oversized_form_is_invalid_request(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/token", data={"grant_type": "client_credentials", "scope": "x" * 20_000}
    )
    assert_oauth_error(response, 400, "invalid_request")
