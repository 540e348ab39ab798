"""OAuth 2.0 errors in the RFC 6749 section 5.2 shape, which client libraries parse."""

from __future__ import annotations

from typing import Any

from relance.kit.errors import ApiError

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthError(ApiError):
    status = 400

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        headers = dict(_NO_STORE)
        if status == 401:
            # RFC 6749 5.2 / RFC 7235: a 401 names the scheme the endpoint accepts, which for
            # client authentication is Basic (also when the client tried form credentials).
            headers["WWW-Authenticate"] = 'Basic realm="relance"'
        super().__init__(description, headers=headers)
        self.status = status
        self.error = error

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "error_description": self.message}


def invalid_request(description: str) -> OAuthError:
    return OAuthError("invalid_request", description)


def invalid_client() -> OAuthError:
    return OAuthError("invalid_client", "Client authentication failed", 401)


def invalid_grant(description: str) -> OAuthError:
    return OAuthError("invalid_grant", description)


def invalid_scope(description: str) -> OAuthError:
    return OAuthError("invalid_scope", description)


def unsupported_grant_type(grant_type: str) -> OAuthError:
    return OAuthError("unsupported_grant_type", f"Grant type {grant_type!r} is not supported")


def too_many_failures(retry_after: int) -> OAuthError:
    """SPEC 7's /token throttle. RFC 6749 defines no code for it; ``temporarily_unavailable``
    (RFC 6749 4.1.2.1) is the registered one that tells a client to come back later."""
    error = OAuthError(
        "temporarily_unavailable",
        f"Too many failed client authentications; retry in {retry_after} seconds",
        429,
    )
    error.headers["Retry-After"] = str(retry_after)
    return error
