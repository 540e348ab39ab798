"""The OpenAPI document, complete and true: what ``/openapi.json`` says is what the API does.

FastAPI infers little from relance's routes (bodies and query strings are parsed by hand, and
every route takes one access-rule dependency), so each route declares its body and its own
responses (``<domain>/openapi.py``), and this module adds what follows from the access rule
(``http.endpoint.AccessRule``) of every operation:
- a bearer rule: the OAuth 2.0 client-credentials scheme with the scope it needs, 401 and 403;
- a JSON body reader: 400 (invalid JSON, validation), 413 (``RELANCE_MAX_BODY_BYTES``), 415;
- a path parameter: 404 (malformed or unknown id);
and it removes FastAPI's 422 responses, which the API never gives (SPEC 1: 400). A JSON-reading
operation without a declared request body stops the app from building its document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel

from relance.auth.scopes import ALL_SCOPES
from relance.http.endpoint import AccessRule, access_rule_of
from relance.http.openapi_limits import add_limits_and_keys
from relance.kit.errors import ErrorEnvelope

SCHEME = "OAuth2"
ENVELOPE_REF = "#/components/schemas/ErrorEnvelope"


GENERIC_ERRORS = {
    400: "Validation failed (``details`` names each field) or Invalid JSON payload",
    401: "Authentication credentials are missing or invalid",
    403: "Missing scope, or the object belongs to another company",
    404: "Unknown or malformed id",
    413: "The body is larger than RELANCE_MAX_BODY_BYTES",
    415: "Content-Type is not application/json",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """For a route's ``responses=``: the envelope with the generic description of each code."""
    return {code: {"model": ErrorEnvelope, "description": GENERIC_ERRORS[code]} for code in codes}


def query_parameter(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    """An optional query parameter, for a route's ``openapi_extra`` (query strings are read by
    hand, so FastAPI cannot infer them)."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


# Models nested in declared bodies, hoisted into components.schemas where their $refs point.
_BODY_DEFINITIONS: dict[str, Any] = {}


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """For a route's ``openapi_extra=``: a required JSON body described by ``model``."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    _BODY_DEFINITIONS.update(schema.pop("$defs", {}))
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build_document(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        routes=app.routes,
    )
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["ErrorEnvelope"] = ErrorEnvelope.model_json_schema()
    for name, definition in _BODY_DEFINITIONS.items():
        schemas.setdefault(name, definition)
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    components["securitySchemes"] = {
        SCHEME: {
            "type": "oauth2",
            "description": "OAuth 2.0 client credentials (SPEC 2); send 'Bearer <access_token>'",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/token",
                    "scopes": {scope: f"the {scope} scope" for scope in ALL_SCOPES},
                }
            },
        }
    }
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        rule = _rule(route)
        for method in route.methods or ():
            operation = document["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                _complete(operation, route, rule)
                if rule.scope is not None:
                    add_limits_and_keys(operation, method.lower())
    return document


def _rule(route: RouteContext) -> AccessRule:
    for dependency in route.dependant.dependencies:
        rule = access_rule_of(dependency.call)
        if rule is not None:
            return rule
    return AccessRule(None, None)


def _complete(operation: dict[str, Any], route: RouteContext, rule: AccessRule) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if responses.get("422", {}).get("description") == "Validation Error":
        del responses["422"]  # FastAPI's own; a 422 a route declares itself stays
    added: list[int] = []
    if rule.scope is not None:
        operation["security"] = [{SCHEME: [rule.scope]}]
        added += [401, 403]
    if rule.body is not None and _reads_json(rule.body):
        if "application/json" not in operation.get("requestBody", {}).get("content", {}):
            raise RuntimeError(f"{route.path}: a JSON body is read but no requestBody is declared")
        added += [400, 413, 415]
    if route.dependant.path_params:
        added.append(404)
    for code in added:
        responses.setdefault(str(code), _envelope(GENERIC_ERRORS[code]))


def _reads_json(reader: Callable[..., Any]) -> bool:
    return getattr(reader, "__module__", "") == "relance.http.body"


def _envelope(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": ENVELOPE_REF}}},
    }
