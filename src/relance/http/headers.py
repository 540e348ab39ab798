"""Security headers on every response, added by one pure-ASGI wrapper around ``send``.

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
A 500 is rendered outside every middleware (Starlette's ServerErrorMiddleware), so its handler
adds ``response_headers`` itself (``http.errors``).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, https: bool) -> None:
        self.app = app
        self.plain = _raw(response_headers(https))
        self.html = _raw(response_headers(https, html=True))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                html = any(
                    name == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                )
                headers.extend(self.html if html else self.plain)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
