"""HTML form bodies (application/x-www-form-urlencoded), read whole but bounded."""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import Request

from relance.kit.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

MAX_FORM_BYTES = 16 * 1024  # the dashboard's forms carry an email, a password and a token
MAX_FIELDS = 20
FORM_TYPE = "application/x-www-form-urlencoded"


async def read_form(request: Request) -> dict[str, str]:
    """The form's fields (the first value of a repeated one); 415, 413 or 400 otherwise."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != FORM_TYPE:
        raise UnsupportedMediaType(f"Content-Type must be {FORM_TYPE}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise PayloadTooLarge()
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise ValidationFailed({"body": "Not a form"}) from None
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value)
    return form
