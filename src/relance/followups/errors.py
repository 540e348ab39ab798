"""The followup API's 403/404 errors (SPEC 1 wording), shared by every package."""

from relance.errors import DebtForbidden, DebtNotFound, FollowupForbidden, FollowupNotFound

__all__ = ["DebtForbidden", "DebtNotFound", "FollowupForbidden", "FollowupNotFound"]
