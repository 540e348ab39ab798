"""One request header's value, read straight from the ASGI scope.

``request.headers.get(name)`` builds Starlette's ``Headers`` and goes through the Mapping
protocol's ``get``, lower-casing and encoding the name on every call: about 500 ns a lookup,
and a write reads four or five headers (issue 19). The scope's list is what it searches
anyway: ASGI servers give header names lower-cased, values as latin-1 bytes.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection


def header_value(request: HTTPConnection, name: bytes) -> str | None:
    """The first value of header ``name`` (lower-case), as ``request.headers.get`` gives it."""
    headers: list[tuple[bytes, bytes]] = request.scope["headers"]
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None
