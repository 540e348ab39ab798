"""/openapi.json describes the followup endpoints well enough to generate a client."""

from __future__ import annotations

from typing import Any

import httpx

from relance.followups.listing.query import SORTS
from relance.followups.schemas import READ_ONLY_FIELDS, STATUSES, WRITABLE_FIELDS

PREFIX = "/external-api/v1/followups"


async def _document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        resolved: dict[str, Any] = document["components"]["schemas"][name]
        return resolved
    return schema


async def test_every_followup_operation_is_described(client: httpx.AsyncClient) -> None:
    paths = (await _document(client))["paths"]
    expected = {
        PREFIX: {"get", "post"},
        PREFIX + "/{followup_id}": {"get", "put"},
        PREFIX + "/debt/{debtId}": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path


async def test_bodies_are_the_writable_fields(client: httpx.AsyncClient) -> None:
    document = await _document(client)
    create = document["paths"][PREFIX]["post"]
    update = document["paths"][PREFIX + "/{followup_id}"]["put"]
    for operation in (create, update):
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        properties = _resolve(document, schema)["properties"]
        # policy_override (SPEC 13) goes beside the fields; it is not one of the followup's.
        assert set(properties) == {*WRITABLE_FIELDS, "debt_id", "policy_override"}
        assert not READ_ONLY_FIELDS & set(properties)
        assert _resolve(document, schema).get("additionalProperties") is False
        status = properties["status"]["anyOf"][0]
        assert status["enum"] == list(STATUSES)


async def test_responses_and_errors_are_described(client: httpx.AsyncClient) -> None:
    document = await _document(client)
    paths = document["paths"]
    cases = {
        (PREFIX, "post"): {"201", "400", "401", "403", "415"},
        (PREFIX + "/{followup_id}", "put"): {"200", "400", "401", "403", "404", "412", "415"},
        (PREFIX + "/{followup_id}", "get"): {"200", "401", "403", "404"},
        (PREFIX, "get"): {"200", "400", "401", "403", "404"},
        (PREFIX + "/debt/{debtId}", "get"): {"200", "400", "401", "403", "404"},
    }
    for (path, method), codes in cases.items():
        responses = paths[path][method]["responses"]
        assert codes <= set(responses), (path, method)
        error = responses["403"]["content"]["application/json"]["schema"]
        assert set(_resolve(document, error)["properties"]) >= {"error", "message", "code"}
    created = paths[PREFIX]["post"]["responses"]["201"]
    envelope = _resolve(document, created["content"]["application/json"]["schema"])
    followup = _resolve(document, envelope["properties"]["data"])
    assert "media_urls_expire_at" in followup["properties"]
    assert "ETag" in created["headers"]
    assert "If-Match" in {p["name"] for p in paths[PREFIX + "/{followup_id}"]["put"]["parameters"]}


async def test_list_query_parameters_are_described(client: httpx.AsyncClient) -> None:
    paths = (await _document(client))["paths"]
    parameters = {p["name"]: p for p in paths[PREFIX]["get"]["parameters"]}
    assert set(parameters) >= {
        "page", "limit", "cursor", "debt_id", "status", "type", "direction", "date_from",
        "date_to", "updated_since", "triggered_payment", "sort",
    }  # fmt: skip
    assert parameters["limit"]["schema"]["maximum"] == 100
    assert parameters["sort"]["schema"]["enum"] == list(SORTS)
    by_debt = {p["name"] for p in paths[PREFIX + "/debt/{debtId}"]["get"]["parameters"]}
    assert {"debtId", "cursor", "sort", "status"} <= by_debt


async def test_every_reference_resolves(client: httpx.AsyncClient) -> None:
    document = await _document(client)
    schemas = document["components"]["schemas"]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref is not None:
                assert ref.startswith("#/components/schemas/")
                assert ref.rsplit("/", 1)[-1] in schemas
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
