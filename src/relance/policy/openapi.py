"""OpenAPI description of ``GET/PUT /policy``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from relance.http.openapi import error_responses, json_body


class QuietHours(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str = "21:00"
    end: str = "08:00"


class MaxAttempts(BaseModel):
    """Contacts allowed per channel in ``window_days`` (null: no limit). ``call`` counts calls,
    manual calls and voicemails together."""

    model_config = ConfigDict(extra="forbid")

    call: int | None = 7
    sms: int | None = None
    email: int | None = None
    whatsapp: int | None = None
    physical: int | None = None
    postmail: int | None = None


class ContactPolicy(BaseModel):
    """When ``enforce`` is true, a followup created or updated to execute or schedule a contact
    that breaks a rule is refused with 409 ``Contact policy violated``; a client with the scope
    ``followups:override`` may pass ``policy_override: {"reason"}`` (kept in the history)."""

    model_config = ConfigDict(extra="forbid")

    enforce: bool = False
    max_attempts: MaxAttempts = MaxAttempts()
    window_days: int = 7
    quiet_hours: QuietHours = QuietHours()


class PolicyEnvelope(BaseModel):
    error: bool
    message: str
    data: ContactPolicy


BODY = json_body(ContactPolicy)
GET_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": PolicyEnvelope, "description": "The company's contact policy"},
    **error_responses(401, 403),
}
PUT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": PolicyEnvelope, "description": "The policy, as stored"},
    **error_responses(400, 401, 403, 415),
}
