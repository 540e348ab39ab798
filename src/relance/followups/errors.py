"""The followup refusals of SPEC 1 and the followup kind for the ownership rule."""

from __future__ import annotations

from relance.kit.errors import Forbidden, NotFound
from relance.kit.ids import IdKind
from relance.kit.ownership import Owned


class FollowupNotFound(NotFound):
    message = "Followup not found"


class FollowupForbidden(Forbidden):
    message = "Access denied to this followup"


FOLLOWUP = Owned(IdKind.FOLLOWUP, FollowupNotFound, FollowupForbidden)
