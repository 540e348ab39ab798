"""Erasure refusals: a debt on legal hold (409), an unknown receipt (404)."""

from __future__ import annotations

from relance.kit.errors import Conflict, Forbidden, NotFound
from relance.kit.ids import IdKind
from relance.kit.ownership import Owned


class LegalHold(Conflict):
    message = "A debt is on legal hold: nothing was erased"

    def __init__(self, debt_ids: list[str]) -> None:
        super().__init__(details={"debt_ids": debt_ids})


class ErasureNotFound(NotFound):
    message = "Erasure not found"


class ErasureForbidden(Forbidden):
    message = "Access denied to this erasure"


ERASURE = Owned(IdKind.ERASURE, ErasureNotFound, ErasureForbidden)
