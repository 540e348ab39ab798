"""Errors carry the API envelope and sit in the documented tree."""

from __future__ import annotations

import pytest

from relance_client import (
    APIError,
    AuthenticationError,
    Debt,
    NotFoundError,
    PermissionDeniedError,
    Relance,
    RelanceError,
    TransportError,
    ValidationError,
)

from conftest import FAST_RETRY
from relance_server import Credentials, RelanceServer, free_port


def test_validation_error_carries_message_code_and_details(client: Relance, debt: Debt) -> None:
    with pytest.raises(ValidationError) as caught:
        client.followups.create(debt_id=debt.id, type="fax", duration_ms=-1)  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, APIError)
    assert isinstance(error, RelanceError)
    assert (error.message, error.code) == ("Validation failed", 400)
    assert error.details["type"].startswith("Invalid followup type. Valid types are:")
    assert "duration_ms" in error.details
    assert error.response is not None
    assert "Validation failed" in str(error)


def test_not_found(client: Relance) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.followups.get("not-a-followup-id")
    assert (caught.value.message, caught.value.code, caught.value.details) == (
        "Followup not found",
        404,
        {},
    )


def test_missing_scope_is_permission_denied(server: RelanceServer, debt: Debt) -> None:
    reader = server.new_client(scopes="followups:read")
    with (
        Relance(server.base_url, reader.client_id, reader.client_secret) as client,
        pytest.raises(PermissionDeniedError) as caught,
    ):
        client.followups.create(debt_id=debt.id)
    assert caught.value.message == 'Required scope "followups:write" not found in token'
    assert caught.value.code == 403


def test_bad_credentials_are_an_authentication_error(
    server: RelanceServer, credentials: Credentials
) -> None:
    with (
        Relance(server.base_url, credentials.client_id, "wrong-secret") as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.debts.list()
    assert caught.value.code == 401
    assert caught.value.details == {"error": "invalid_client"}


def test_an_unreachable_server_is_a_transport_error_after_the_retries() -> None:
    with (
        Relance(f"http://127.0.0.1:{free_port()}", "id", "secret", retry=FAST_RETRY) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.debts.list()
    assert "ConnectError" in caught.value.message
