"""OpenAPI descriptions of the followup routes: bodies, query parameters, error responses.

Bodies and query strings are parsed by hand (so every bad field is reported at once in SPEC
wording), so FastAPI cannot infer them; they are declared here from the same pydantic models.
"""

from __future__ import annotations

from typing import Any

from relance.followups.listing.query import DEFAULT_LIMIT, DEFAULT_SORT, MAX_LIMIT, SORTS
from relance.followups.schemas import (
    DIRECTIONS,
    STATUSES,
    TYPES,
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


def _csv_enum(values: tuple[str, ...]) -> dict[str, Any]:
    return {
        "type": "string",
        "description": "one value or a comma-separated list of: " + ", ".join(values),
    }


_DATE = {"type": "string", "format": "date-time"}
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
    _query("status", _csv_enum(STATUSES), "Filter on status"),
    _query("type", _csv_enum(TYPES), "Filter on type"),
    _query("direction", {"type": "string", "enum": list(DIRECTIONS)}, "Filter on direction"),
    _query("date_from", _DATE, "Activity date at or after (ISO 8601)"),
    _query("date_to", _DATE, "Activity date at or before (ISO 8601; a bare date covers the day)"),
    _query("updated_since", _DATE, "Changed (of any kind) at or after (ISO 8601)"),
    _query("triggered_payment", {"type": "boolean"}, "Filter on triggered_payment"),
    _query(
        "sort",
        {"type": "string", "enum": list(SORTS), "default": DEFAULT_SORT},
        "Sort order; ties broken by id",
    ),
]
LIST_PARAMETERS = {
    "parameters": [
        _query("debt_id", {"type": "string"}, "Only this debt's followups"),
        *_COMMON_PARAMETERS,
    ]
}
DEBT_LIST_PARAMETERS = {"parameters": _COMMON_PARAMETERS}
