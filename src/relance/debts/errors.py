"""The debt refusals of SPEC 1 and the debt kind for the ownership rule."""

from __future__ import annotations

from relance.kit.errors import Forbidden, NotFound
from relance.kit.ids import IdKind
from relance.kit.ownership import Owned


class DebtNotFound(NotFound):
    message = "Debt not found"


class DebtForbidden(Forbidden):
    message = "Access denied to this debt"


DEBT = Owned(IdKind.DEBT, DebtNotFound, DebtForbidden)
