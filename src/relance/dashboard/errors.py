"""Dashboard refusals: they answer a page or a redirect, never the JSON envelope."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from relance.dashboard.render import error_page
from relance.kit.errors import ApiError, Forbidden

LOGIN_PATH = "/dashboard/login"


class LoginRequired(ApiError):
    """No live session: every dashboard page sends the browser to the login form."""

    status = 303
    message = "Login required"

    def own_response(self) -> Response | None:
        return RedirectResponse(LOGIN_PATH, status_code=303, headers={"Cache-Control": "no-store"})


class FormExpired(Forbidden):
    """A form without the CSRF token of the session (or of the login form) that showed it."""

    message = "This form has expired or did not come from this dashboard. Reload it and retry."

    def own_response(self) -> Response | None:
        return error_page(self.status, self.message)
