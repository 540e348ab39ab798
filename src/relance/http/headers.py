"""Security headers on every response (``http.edge`` adds them to every answer it sends).

- ``X-Content-Type-Options: nosniff`` and ``X-Frame-Options: DENY`` everywhere;
- ``Content-Security-Policy``: on HTML (``/docs``, ``/redoc``, the dashboard) the strict policy
  those pages need
  (scripts, styles and fonts from this server only; no inline script; no framing; forms post
  only to this server: the dashboard's login, logout and replay); on every
  other response ``default-src 'none'``, so a body a browser is tricked into rendering runs
  nothing;
- ``Strict-Transport-Security`` when ``RELANCE_PUBLIC_URL`` is https (behind plain http the
  header would be ignored, or would pin a development host to https);
- ``Referrer-Policy: no-referrer``: signed media and tracking links must not leak onwards.

No ``server`` banner: ``relance serve`` starts uvicorn with ``server_header=False``.
"""

from __future__ import annotations

# Redoc renders its schema in a web worker built from a blob, and both UIs set inline styles.
HTML_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'self'; "
    "worker-src 'self' blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"


def response_headers(https: bool, html: bool = False) -> dict[str, str]:
    headers = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": HTML_POLICY if html else API_POLICY,
    }
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def raw_headers(https: bool, html: bool = False) -> list[tuple[bytes, bytes]]:
    """``response_headers`` as ASGI header pairs."""
    return [
        (name.lower().encode(), value.encode())
        for name, value in response_headers(https, html).items()
    ]
