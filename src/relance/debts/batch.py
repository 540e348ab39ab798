"""POST /debts/batch: every row validated on its own; good rows are created even when others fail.

Rows are fully validated before their insert, so no database error can come from a bad row and
abort the transaction that holds the good ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relance.debts.service import DebtService, column_values, validate_create
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdKind
from relance.kit.json_policy import policy_details

MAX_ROWS = 1000
ROWS_REQUIRED = "Debts are required"
ROWS_NOT_LIST = "Must be a list of debts"
ROWS_EMPTY = "At least one debt is required"
TOO_MANY_ROWS = f"At most {MAX_ROWS} debts per batch"
ROW_NOT_OBJECT = "Must be an object"


def batch_rows(payload: Mapping[str, Any]) -> list[Any]:
    details = {key: "Unknown field" for key in payload if key != "debts"}
    rows = payload.get("debts")
    if "debts" not in payload:
        details["debts"] = ROWS_REQUIRED
    elif not isinstance(rows, list):
        details["debts"] = ROWS_NOT_LIST
    elif not rows:
        details["debts"] = ROWS_EMPTY
    elif len(rows) > MAX_ROWS:
        details["debts"] = TOO_MANY_ROWS
    if details:
        raise ValidationFailed(details)
    assert isinstance(rows, list)
    return rows


async def create_batch(service: DebtService, payload: Mapping[str, Any]) -> dict[str, Any]:
    """``created``: index, id, internal_id; ``failed``: index and the field messages."""
    rows = batch_rows(payload)
    created: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            failed.append({"index": index, "details": {"body": ROW_NOT_OBJECT}})
            continue
        problems = policy_details(row)  # the body reader left the rows to this loop
        if problems:
            failed.append({"index": index, "details": problems})
            continue
        try:
            model = validate_create(row)
        except ValidationFailed as error:
            failed.append({"index": index, "details": error.details})
            continue
        key = await service.repository.insert(column_values(model))
        public_id = service.ids.encode(IdKind.DEBT, key)
        created.append({"index": index, "id": public_id, "internal_id": model.internal_id})
    return {
        "total": len(rows),
        "created_count": len(created),
        "failed_count": len(failed),
        "created": created,
        "failed": failed,
    }
