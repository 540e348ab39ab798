"""verify_webhook against the reference implementation, the standardwebhooks package."""

from __future__ import annotations

import base64
import json
import os
import time
from datetime import UTC, datetime

import pytest
import standardwebhooks

from relance_client import WebhookVerificationError, sign_webhook, verify_webhook

SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
BODY = json.dumps({"id": "evt_1", "type": "followup.created", "data": {"id": "f1"}}).encode()
# The reference reads the real clock (it takes no "now"), so the tests sign at the real time.
NOW = int(time.time())


def _signed_by_reference(secret: str = SECRET, body: bytes = BODY, at: int = NOW) -> dict[str, str]:
    moment = datetime.fromtimestamp(at, UTC)
    signature = standardwebhooks.Webhook(secret).sign("msg_1", moment, body.decode())
    return {"webhook-id": "msg_1", "webhook-timestamp": str(at), "webhook-signature": signature}


def test_a_delivery_signed_by_the_reference_verifies() -> None:
    headers = _signed_by_reference()
    assert verify_webhook(BODY, headers, SECRET, now=NOW) == json.loads(BODY)
    # Header names are matched whatever their case, as HTTP frameworks vary.
    upper = {name.upper(): value for name, value in headers.items()}
    assert verify_webhook(BODY.decode(), upper, SECRET, now=NOW + 299)["id"] == "evt_1"


def test_our_signature_equals_the_reference_and_it_verifies_ours() -> None:
    ours = sign_webhook("msg_1", NOW, BODY, SECRET)
    assert ours == _signed_by_reference()["webhook-signature"]
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(NOW), "webhook-signature": ours}
    assert standardwebhooks.Webhook(SECRET).verify(BODY, headers) == json.loads(BODY)


def test_during_a_rotation_one_matching_signature_is_enough() -> None:
    old = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    headers = _signed_by_reference(secret=old)
    headers["webhook-signature"] = (
        headers["webhook-signature"] + " " + _signed_by_reference()["webhook-signature"]
    )
    assert verify_webhook(BODY, headers, SECRET, now=NOW)["type"] == "followup.created"
    assert verify_webhook(BODY, headers, old, now=NOW)["type"] == "followup.created"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h, b: (h, b.replace(b"f1", b"f2")), "No matching signature found"),
        (lambda h, b: ({**h, "webhook-id": "msg_2"}, b), "No matching signature found"),
        (lambda h, b: ({**h, "webhook-signature": "v2,abc"}, b), "No matching signature found"),
        (lambda h, b: ({k: v for k, v in h.items() if k != "webhook-id"}, b), "webhook-id"),
        (lambda h, b: ({**h, "webhook-timestamp": "soon"}, b), "Invalid webhook-timestamp"),
    ],
    ids=["tampered body", "other id", "unknown version", "missing id", "bad timestamp"],
)
def test_a_tampered_delivery_is_refused(change: object, message: str) -> None:
    headers, body = change(_signed_by_reference(), BODY)  # type: ignore[operator]
    with pytest.raises(WebhookVerificationError, match=message):
        verify_webhook(body, headers, SECRET, now=NOW)
    with pytest.raises(standardwebhooks.WebhookVerificationError):  # the reference agrees
        standardwebhooks.Webhook(SECRET).verify(body, headers)


@pytest.mark.parametrize(
    ("offset", "message"), [(-301, "too old"), (301, "too new")], ids=["old", "new"]
)
def test_a_timestamp_beyond_five_minutes_is_refused(offset: int, message: str) -> None:
    headers = _signed_by_reference(at=NOW + offset)
    with pytest.raises(WebhookVerificationError, match=message):
        verify_webhook(BODY, headers, SECRET, now=NOW)
    # The reference reads the real clock, a few seconds past NOW by now: a wider margin.
    wider = _signed_by_reference(at=int(time.time()) + offset * 2)
    with pytest.raises(standardwebhooks.WebhookVerificationError, match=message):
        standardwebhooks.Webhook(SECRET).verify(BODY, wider)


def test_an_unpadded_secret_is_accepted_as_the_reference_accepts_it() -> None:
    headers = _signed_by_reference()
    assert verify_webhook(BODY, headers, SECRET.rstrip("="), now=NOW)["id"] == "evt_1"


def test_a_wrong_secret_is_refused() -> None:
    other = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verify_webhook(BODY, _signed_by_reference(), other, now=NOW)
