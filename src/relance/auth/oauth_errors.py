"""OAuth 2.0 errors in the RFC 6749 section 5.2 shape, which client libraries parse."""

from __future__ import annotations

from typing import Any

from relance.errors import ApiError


class OAuthError(ApiError):
    status = 400

    def __init__(self, error: str, description: str, status: int = 400, basic: bool = False):
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if status == 401:
            # RFC 6749 5.2: a client that authenticated with Basic gets the Basic challenge.
            headers["WWW-Authenticate"] = 'Basic realm="relance"' if basic else "Bearer"
        super().__init__(description, headers=headers)
        self.status = status
        self.error = error

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "error_description": self.message}


def invalid_request(description: str) -> OAuthError:
    return OAuthError("invalid_request", description)


def invalid_client(basic: bool) -> OAuthError:
    return OAuthError("invalid_client", "Client authentication failed", 401, basic=basic)


def invalid_grant(description: str) -> OAuthError:
    return OAuthError("invalid_grant", description)


def invalid_scope(description: str) -> OAuthError:
    return OAuthError("invalid_scope", description)


def unsupported_grant_type(grant_type: str) -> OAuthError:
    return OAuthError("unsupported_grant_type", f"Grant type {grant_type!r} is not supported")
