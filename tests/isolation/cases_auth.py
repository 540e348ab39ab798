"""Isolation cases of the OAuth endpoints (POST /token, POST /revoke) and the matrix smoke case."""

from __future__ import annotations

from tests.isolation.case import Expect, IsolationCase

INVALID_GRANT = Expect(400, oauth_error="invalid_grant")

CASES: list[IsolationCase] = [
    IsolationCase(
        name="smoke: an authenticated route answers the caller",
        method="GET",
        path="/isolation/whoami",
        foreign=Expect(200),
    ),
    IsolationCase(
        name="token: refresh with another company's refresh token",
        method="POST",
        path="/token",
        auth="client",
        form={"grant_type": "refresh_token", "refresh_token": "{refresh_token}"},
        foreign=INVALID_GRANT,
        unknown=INVALID_GRANT,
    ),
    IsolationCase(
        name="revoke: another company's refresh token",
        method="POST",
        path="/revoke",
        auth="client",
        form={"token": "{refresh_token}"},
        foreign=INVALID_GRANT,
        unknown=Expect(200),
    ),
    IsolationCase(
        name="revoke: another company's access token",
        method="POST",
        path="/revoke",
        auth="client",
        form={"token": "{access_token}", "token_type_hint": "access_token"},
        foreign=INVALID_GRANT,
        unknown=Expect(200),
    ),
]
