"""OpenAPI descriptions of the followup routes: bodies, query parameters, error responses.

Bodies and query strings are parsed by hand (so every bad field is reported at once in SPEC
wording), so FastAPI cannot infer them; they are declared here from the same pydantic models
and, for the list filters, from the filter table (``listing/filters.py``).
"""

from __future__ import annotations

from typing import Any

from relance.followups.listing.filters import ROW_FILTERS, SCOPE_FILTERS
from relance.followups.listing.query import DEFAULT_LIMIT, DEFAULT_SORT, MAX_LIMIT, SORTS
from relance.followups.schemas import (
    ErrorEnvelope,
    FollowupCreate,
    FollowupEnvelope,
    FollowupListEnvelope,
    FollowupUpdate,
)

_ERRORS = {
    400: "Validation failed (``details`` names each field) or Invalid JSON payload",
    401: "Authentication credentials are missing or invalid",
    403: "Missing scope, or the object belongs to another company",
    404: "Unknown or malformed id",
    412: "If-Match does not match the current ETag",
    415: "Content-Type is not application/json",
}
_ETAG = {
    "ETag": {"description": "Changes whenever the followup changes", "schema": {"type": "string"}}
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorEnvelope, "description": _ERRORS[code]} for code in codes}


def one(status: int, description: str) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": FollowupEnvelope, "description": description, "headers": _ETAG}}


LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": FollowupListEnvelope, "description": "A page of followups"},
    **errors(400, 401, 403, 404),
}


_IF_MATCH_DESCRIPTION = "An ETag of this followup"
# As FastAPI would render ``Header(alias="If-Match")`` of ``str | None``; the route reads the
# header itself.
IF_MATCH_PARAMETERS: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "schema": {
                "anyOf": [{"type": "string"}, {"type": "null"}],
                "description": _IF_MATCH_DESCRIPTION,
                "title": "If-Match",
            },
            "description": _IF_MATCH_DESCRIPTION,
        }
    ]
}


def body(model: type[FollowupCreate] | type[FollowupUpdate]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


_COMMON_PARAMETERS = [
    _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number (page mode)"),
    _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "Rows per page",
    ),
    _query(
        "cursor",
        {"type": "string"},
        "pagination.next_cursor of the previous page (keyset mode; same filters and sort; no page)",
    ),
    *(_query(spec.name, dict(spec.schema), spec.description) for spec in ROW_FILTERS),
    _query(
        "sort",
        {"type": "string", "enum": list(SORTS), "default": DEFAULT_SORT},
        "Sort order; ties broken by id",
    ),
]
# The debt's own list names its debt in the path, so it documents only the row filters.
LIST_PARAMETERS = {
    "parameters": [
        *(_query(spec.name, dict(spec.schema), spec.description) for spec in SCOPE_FILTERS),
        *_COMMON_PARAMETERS,
    ]
}
DEBT_LIST_PARAMETERS = {"parameters": _COMMON_PARAMETERS}
