"""Decode the public id → 404 → 403: the one access rule for every object a company owns.

SPEC 1: a malformed or unknown id is 404; a valid id of another company's object is 403. Each
domain declares its kind once (``followups.errors.FOLLOWUP``, ``debts.errors.DEBT``) and checks
every id and every row it reads through it. A repository tells what it found with ``Access``
(one round trip: the row or its owner comes back with the answer).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from relance.kit.errors import ApiError
from relance.kit.ids import IdCodec, IdKind


class Access(enum.Enum):
    OWNED = "owned"
    FOREIGN = "foreign"
    MISSING = "missing"

    @classmethod
    def of(cls, owner: int | None, company_id: int) -> Access:
        """What a company may do with an object owned by ``owner`` (None: no such object)."""
        if owner is None:
            return cls.MISSING
        return cls.OWNED if int(owner) == company_id else cls.FOREIGN


@dataclass(frozen=True, slots=True)
class Owned:
    """A kind of company-owned object and its two refusals."""

    kind: IdKind
    not_found: type[ApiError]
    forbidden: type[ApiError]

    def key_or_raise(self, ids: IdCodec, public_id: str) -> int:
        """The integer key of a well-formed id of this kind; 404 for anything else."""
        key = ids.decode(self.kind, public_id)
        if key is None:
            raise self.not_found()
        return key

    def check(self, access: Access) -> None:
        if access is Access.MISSING:
            raise self.not_found()
        if access is Access.FOREIGN:
            raise self.forbidden()

    def row_or_raise(self, row: Mapping[str, Any] | None, company_id: int) -> Mapping[str, Any]:
        """``row`` when ``company_id`` owns it (its ``company_id`` column); else 404 or 403."""
        self.check(Access.of(None if row is None else row["company_id"], company_id))
        assert row is not None
        return row
