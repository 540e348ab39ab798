"""Turns pydantic validation errors into SPEC 1 ``details``: one plain message per field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from relance.kit.errors import ValidationFailed, field_name

ModelT = TypeVar("ModelT", bound=BaseModel)

# Per-model overrides: (field, pydantic error type) → message; "*" matches any error type.
MessageOverrides = Mapping[tuple[str, str], str]

_GENERIC = {
    "extra_forbidden": "Unknown field",
    "missing": "Field is required",
    "string_type": "Must be a string",
    "int_type": "Must be an integer",
    "int_parsing": "Must be an integer",
    "int_from_float": "Must be an integer",
    "bool_type": "Must be a boolean",
    "bool_parsing": "Must be a boolean",
    "float_type": "Must be a number",
    "decimal_type": "Must be a number",
    "list_type": "Must be a list",
    "dict_type": "Must be an object",
    "model_type": "Must be an object",
}


def plain_message(error: ErrorDetails, overrides: MessageOverrides | None = None) -> str:
    field = field_name(error["loc"])
    kind = error["type"]
    if overrides:
        for key in ((field, kind), (field, "*")):
            if key in overrides:
                return overrides[key]
    if kind in _GENERIC:
        return _GENERIC[kind]
    context = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"Must be at most {context.get('max_length')} characters"
    if kind == "string_too_short":
        return f"Must be at least {context.get('min_length')} characters"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _range_message(kind, context)
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _range_message(kind: str, context: Mapping[str, Any]) -> str:
    words = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("greater than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }[kind]
    return f"Must be {words[0]} {context.get(words[1])}"


def details_of(error: ValidationError, overrides: MessageOverrides | None = None) -> dict[str, str]:
    details: dict[str, str] = {}
    for item in error.errors(include_url=False):
        details.setdefault(field_name(item["loc"]), plain_message(item, overrides))
    return details


def validate_body(
    model: type[ModelT],
    payload: Mapping[str, Any],
    overrides: MessageOverrides | None = None,
    extra_checks: Callable[[Mapping[str, Any]], dict[str, str]] | None = None,
) -> ModelT:
    """Validates ``payload``; reports every offending field at once (extra checks included)."""
    details = extra_checks(payload) if extra_checks else {}
    try:
        result = model.model_validate(payload)
    except ValidationError as error:
        details = {**details_of(error, overrides), **details}
        raise ValidationFailed(details) from None
    if details:
        raise ValidationFailed(details)
    return result
