"""Request bodies → column values, with every offending field named in SPEC 3's words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from relance.followups.schemas import (
    DEBT_ID_IMMUTABLE,
    DEBT_ID_REQUIRED,
    EMPTY_UPDATE,
    INVALID_DEBT_ID,
    MESSAGE_OVERRIDES,
    NOT_NULLABLE,
    NOT_NULLABLE_FIELDS,
    READ_ONLY,
    READ_ONLY_FIELDS,
    WRITABLE_FIELDS,
    FollowupCreate,
    FollowupUpdate,
)
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec, IdKind
from relance.kit.validation import details_of

CREATE_DEFAULTS: dict[str, Any] = dict.fromkeys(WRITABLE_FIELDS) | {
    "status": "on_hold",
    "type": "call",
    "is_retry": False,
}


@dataclass(slots=True)  # made per request: not frozen (docs/decisions.md, issue 19)
class CreateInput:
    debt_key: int
    values: dict[str, Any]


@dataclass(slots=True)
class UpdateInput:
    """A parsed PUT body. ``errors`` is raised by the service once the followup is known, so the
    ``debt_id`` check (which needs the current value) is reported together with the others."""

    changes: dict[str, Any]
    debt_key: int | None = None
    debt_id_sent: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    def raise_errors(self, current_debt_key: int) -> None:
        errors = dict(self.errors)
        if self.debt_id_sent and self.debt_key != current_debt_key:
            errors["debt_id"] = DEBT_ID_IMMUTABLE
        if errors:
            raise ValidationFailed(errors)


def parse_create(payload: Mapping[str, Any], ids: IdCodec) -> CreateInput:
    model, errors = _validate(FollowupCreate, payload)
    debt_key = None
    raw_debt = payload.get("debt_id")
    if raw_debt is None:
        errors["debt_id"] = DEBT_ID_REQUIRED
    else:
        debt_key = ids.decode(IdKind.DEBT, raw_debt)
        if debt_key is None:
            errors["debt_id"] = INVALID_DEBT_ID
    if errors or model is None or debt_key is None:
        raise ValidationFailed(errors)
    sent = _sent_values(model)
    return CreateInput(debt_key, {**CREATE_DEFAULTS, **sent})


def parse_update(payload: Mapping[str, Any], ids: IdCodec) -> UpdateInput:
    model, errors = _validate(FollowupUpdate, payload)
    if not payload:
        errors["body"] = EMPTY_UPDATE
    result = UpdateInput(changes={}, errors=errors)
    if "debt_id" in payload:
        result.debt_id_sent = True
        result.debt_key = ids.decode(IdKind.DEBT, payload["debt_id"])
        errors.pop("debt_id", None)
    if model is not None and not errors:
        result.changes = _sent_values(model)
    return result


def _validate(
    model: type[BaseModel], payload: Mapping[str, Any]
) -> tuple[Any | None, dict[str, str]]:
    """Pydantic's verdict plus read-only and null checks, merged into one details map."""
    details: dict[str, str] = {}
    instance = None
    try:
        instance = model.model_validate(payload)
    except ValidationError as error:
        details = details_of(error, MESSAGE_OVERRIDES)
    for key, value in payload.items():
        if key in READ_ONLY_FIELDS:
            details[key] = READ_ONLY
        elif value is None and key in NOT_NULLABLE_FIELDS:
            details[key] = NOT_NULLABLE
    return instance, details


def _sent_values(model: BaseModel) -> dict[str, Any]:
    """Only the writable fields present in the body (an explicit null included)."""
    sent, values = model.model_fields_set, model.__dict__
    return {name: values[name] for name in WRITABLE_FIELDS if name in sent}
