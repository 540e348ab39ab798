"""Reading an answer: the decoded body, or the APIError it stands for."""

from __future__ import annotations

from typing import Any

import httpx

from relance_client._core import wire_json
from relance_client.errors import APIError, error_class


def decoded_body(response: httpx.Response) -> Any:
    """The JSON body of a success (None when empty); raises the matching APIError otherwise."""
    if response.status_code >= 400:
        raise api_error(response)
    if not response.content:
        return None
    return wire_json.loads(response.content)


def api_error(response: httpx.Response) -> APIError:
    """The error for an answer with an error status: the API envelope ``{"message", "code",
    "details"}``, the OAuth shape ``{"error", "error_description"}``, or a body that is not JSON
    (a proxy's page), which gets the status' reason phrase."""
    status = response.status_code
    message, details = response.reason_phrase or f"HTTP {status}", None
    try:
        body = wire_json.loads(response.content)
    except ValueError:
        body = None
    if isinstance(body, dict):
        if isinstance(body.get("message"), str):
            message = body["message"]
            details = body.get("details") if isinstance(body.get("details"), dict) else None
        elif isinstance(body.get("error"), str):
            message = body.get("error_description") or body["error"]
            details = {"error": body["error"]}
    return error_class(status)(message, status, details, response)
