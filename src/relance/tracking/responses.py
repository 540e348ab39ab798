"""What mail clients get from tracking links: a never-cached 1x1 GIF, a redirect, or a plain 404.

A bad link never answers the JSON envelope: a mail client rendering the pixel expects an image
(so its 404 still carries the GIF), and a person following a click link expects a readable page.
"""

from __future__ import annotations

import base64

from starlette.responses import Response

# The smallest transparent 1x1 GIF89a (42 bytes).
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

NO_CACHE_HEADERS = {
    # Every open must reach us: no browser, proxy or mail-client cache may answer in our place.
    "Cache-Control": "no-store, no-cache, must-revalidate, private",
    "Pragma": "no-cache",
    "Expires": "0",
}


def pixel_response(status: int = 200) -> Response:
    return Response(PIXEL_GIF, status_code=status, media_type="image/gif", headers=NO_CACHE_HEADERS)


def redirect_response(target_url: str) -> Response:
    # Location exactly as signed (RedirectResponse would re-quote it); the target was checked to
    # be printable ASCII without spaces when signed, so it cannot split the header.
    return Response(status_code=302, headers={**NO_CACHE_HEADERS, "Location": target_url})
