"""The OpenAPI document is complete and true (issue 13); schemathesis checks it against the
running server (tests/attack/test_schemathesis.py), this checks its shape."""

from __future__ import annotations

from typing import Any

import httpx

METHODS = ("get", "put", "post", "delete", "patch")
PUBLIC = {
    "/health",
    "/health/live",
    "/health/ready",
    "/token",
    "/revoke",
    "/t/o/{token}",
    "/t/c/{token}",
    "/media/{token}",
}
# POSTs that act on what the path names and read no body.
BODILESS_ACTIONS = ("/rotate-secret", "/test", "/replay")
# The one 422 the API gives (SPEC 9), on the POSTs that take an Idempotency-Key.
KEY_REUSED = "Idempotency-Key reused with a different request body"


async def _document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


async def test_the_oauth2_client_credentials_scheme_guards_every_bearer_operation(
    client: httpx.AsyncClient,
) -> None:
    document = await _document(client)
    scheme = document["components"]["securitySchemes"]["OAuth2"]
    assert scheme["type"] == "oauth2"
    assert scheme["flows"]["clientCredentials"]["tokenUrl"] == "/token"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path in PUBLIC:
                assert "security" not in operation, (method, path)
                continue
            [requirement] = operation["security"]
            [scopes] = requirement.values()
            assert len(scopes) == 1, (method, path)
            assert {"401", "403"} <= set(operation["responses"]), (method, path)


async def test_no_validation_422_and_every_error_in_the_envelope(
    client: httpx.AsyncClient,
) -> None:
    document = await _document(client)
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            unprocessable = operation["responses"].get("422")
            if unprocessable is not None:
                assert method == "post", (method, path)
                assert unprocessable["description"] == KEY_REUSED, (method, path)
            if path in ("/token", "/revoke", "/t/o/{token}", "/t/c/{token}") or path in PUBLIC:
                continue
            for code, response in operation["responses"].items():
                if code.startswith("4") and code != "416":
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, (path, code)


async def test_every_write_declares_its_body(client: httpx.AsyncClient) -> None:
    document = await _document(client)
    for path, operations in document["paths"].items():
        for method in ("post", "put"):
            if path.endswith(BODILESS_ACTIONS):
                continue  # an action on what the path names: it reads no body (SPEC 8)
            if (method in operations and "/tracking/links" not in path) or method == "post":
                operation = operations.get(method)
                if operation is not None:
                    assert operation["requestBody"]["required"] is True, (method, path)


async def test_pages_and_query_values_are_bounded_in_the_document(
    client: httpx.AsyncClient,
) -> None:
    document = await _document(client)
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                if parameter["name"] == "page":
                    assert schema["maximum"] == 1_000_000, path
                if schema.get("type") == "string":
                    bounded = schema.get("minLength", 0) >= 1 or "pattern" in schema
                    assert bounded or "enum" in schema, (path, parameter)
