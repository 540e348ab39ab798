"""Streams a stored file back: its content type, byte ranges (206/416) so players can seek."""

from __future__ import annotations

import hashlib

from starlette.responses import Response, StreamingResponse

from relance.media.ranges import RangeNotSatisfiable, parse_range
from relance.media.store import MediaReader


def entity_tag(key: str) -> str:
    # Keys are unique per upload, so the key names the bytes; hashed so it reveals nothing.
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


async def media_response(
    reader: MediaReader,
    key: str,
    content_type: str,
    headers_in: dict[str, str],
    max_age: int,
    send_body: bool = True,
) -> Response:
    """``headers_in``: the request's ``range`` and ``if-range`` values, when sent.
    ``send_body`` False (HEAD): the same status and headers, and not a byte read."""
    etag = entity_tag(key)
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        # The link itself expires; a cached copy may live no longer than it.
        "Cache-Control": f"private, max-age={max(max_age, 0)}",
        "Content-Disposition": "inline",  # nosniff: every response has it (http.headers)
    }
    range_header = headers_in.get("range")
    if_range = headers_in.get("if-range")
    if if_range is not None and if_range != etag:
        range_header = None  # the client's partial copy is of other bytes: send them all
    size = reader.size
    try:
        byte_range = parse_range(range_header, size)
    except RangeNotSatisfiable:
        await reader.close()
        headers["Content-Range"] = f"bytes */{size}"
        return Response(status_code=416, headers=headers)
    status, start, end = 200, 0, size
    if byte_range is not None:
        status, start, end = 206, byte_range.start, byte_range.end
        headers["Content-Range"] = byte_range.content_range(size)
    headers["Content-Length"] = str(end - start)
    if not send_body:
        await reader.close()
        return Response(status_code=status, media_type=content_type, headers=headers)
    return StreamingResponse(
        reader.iter_range(start, end), status_code=status, media_type=content_type, headers=headers
    )
