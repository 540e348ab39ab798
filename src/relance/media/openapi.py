"""OpenAPI descriptions of the upload routes: a raw file as the body, the followup as the answer.

The body is streamed by hand (never parsed by FastAPI), so it is declared here.
"""

from __future__ import annotations

from typing import Any

from relance.followups import openapi as followup_openapi
from relance.kit.errors import ErrorEnvelope

_UPLOAD_ERRORS = {
    400: "The body is empty, or the upload was interrupted",
    413: "The file is larger than RELANCE_MEDIA_MAX_BYTES",
    415: "Content-Type is not accepted, or the first bytes are not of that type",
}

UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    **followup_openapi.one(200, "Followup updated successfully"),
    **followup_openapi.errors(401, 403, 404),
    **{
        code: {"model": ErrorEnvelope, "description": description}
        for code, description in _UPLOAD_ERRORS.items()
    },
}


def upload_body(content_types: tuple[str, ...]) -> dict[str, Any]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"requestBody": {"required": True, "content": dict.fromkeys(content_types, binary)}}


_FILE = {"*/*": {"schema": {"type": "string", "format": "binary"}}}
_ENVELOPE = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
LINK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The file", "content": _FILE},
    206: {"description": "The requested byte range of the file", "content": _FILE},
    302: {
        "description": "Redirect to an external recording",
        "headers": {"Location": {"schema": {"type": "string"}}},
    },
    403: {"description": "The link has expired or was altered", "content": _ENVELOPE},
    404: {"description": "The file is no longer attached", "content": _ENVELOPE},
    416: {"description": "The byte range lies past the end of the file"},
}
