"""The followup API's 403/404 errors (SPEC 1 wording)."""

from __future__ import annotations

from relance.errors import Forbidden, NotFound


class FollowupNotFound(NotFound):
    message = "Followup not found"


class FollowupForbidden(Forbidden):
    message = "Access denied to this followup"


class DebtNotFound(NotFound):
    message = "Debt not found"


class DebtForbidden(Forbidden):
    message = "Access denied to this debt"
