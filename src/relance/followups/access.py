"""The followup-id rules shared by every route under /followups/{id}: 404, then 403 (SPEC 1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relance.followups.errors import FollowupForbidden, FollowupNotFound
from relance.ids import IdCodec, IdKind


def followup_key_or_raise(ids: IdCodec, public_id: str) -> int:
    """The integer key of a well-formed followup id; 404 for anything else (a debt id too)."""
    key = ids.decode(IdKind.FOLLOWUP, public_id)
    if key is None:
        raise FollowupNotFound()
    return key


def owned_or_raise(row: Mapping[str, Any] | None, company_id: int) -> Mapping[str, Any]:
    """The row when it belongs to ``company_id``; 404 when missing, 403 when another company's."""
    if row is None:
        raise FollowupNotFound()
    if int(row["company_id"]) != company_id:
        raise FollowupForbidden()
    return row
