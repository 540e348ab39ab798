"""OpenAPI descriptions of the followup routes: bodies, query parameters, error responses.

Bodies and query strings are parsed by hand (so every bad field is reported at once in SPEC
wording), so FastAPI cannot infer them; they are declared here from the same pydantic models
and, for the list filters, from the filter table (``listing/filters.py``).
"""

from __future__ import annotations

from typing import Any

from relance.followups.listing.filters import ROW_FILTERS, SCOPE_FILTERS
from relance.followups.listing.query import DEFAULT_SORT, SORTS
from relance.followups.schemas import (
    FollowupCreate,
    FollowupEnvelope,
    FollowupListEnvelope,
    FollowupUpdate,
)
from relance.http.openapi import error_responses, json_body, query_parameter
from relance.kit.errors import ErrorEnvelope
from relance.kit.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE

PRECONDITION_FAILED: dict[int | str, dict[str, Any]] = {
    412: {"model": ErrorEnvelope, "description": "If-Match does not match the current ETag"}
}
_ETAG = {
    "ETag": {"description": "Changes whenever the followup changes", "schema": {"type": "string"}}
}


errors = error_responses


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


_POLICY_OVERRIDE = {
    "type": "object",
    "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 500}},
    "required": ["reason"],
    "additionalProperties": False,
    "description": "SPEC 13: write even if the contact breaks the enforced contact policy (scope "
    "followups:override); the reason is kept in the followup's history",
}
POLICY_VIOLATED: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorEnvelope,
        "description": "Contact policy violated: ``details`` names each broken rule",
    }
}


def body(model: type[FollowupCreate] | type[FollowupUpdate]) -> dict[str, Any]:
    """The followup's fields, and ``policy_override`` beside them (not a followup field)."""
    extra = json_body(model)
    schema = extra["requestBody"]["content"]["application/json"]["schema"]
    schema.setdefault("properties", {})["policy_override"] = _POLICY_OVERRIDE
    return extra


_COMMON_PARAMETERS = [
    query_parameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        "Page number (page mode); deeper reading uses cursors",
    ),
    query_parameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "Rows per page",
    ),
    query_parameter(
        "cursor",
        {"type": "string", "minLength": 1},
        "pagination.next_cursor of the previous page (keyset mode; same filters and sort; no page)",
    ),
    *(query_parameter(spec.name, dict(spec.schema), spec.description) for spec in ROW_FILTERS),
    query_parameter(
        "sort",
        {"type": "string", "enum": list(SORTS), "default": DEFAULT_SORT},
        "Sort order; ties broken by id",
    ),
]
# The debt's own list names its debt in the path, so it documents only the row filters.
LIST_PARAMETERS = {
    "parameters": [
        *(
            query_parameter(spec.name, dict(spec.schema), spec.description)
            for spec in SCOPE_FILTERS
        ),
        *_COMMON_PARAMETERS,
    ]
}
DEBT_LIST_PARAMETERS = {"parameters": _COMMON_PARAMETERS}
