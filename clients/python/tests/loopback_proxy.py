"""A real HTTP proxy on loopback, in front of the real server: it records every request and can
answer the next N API requests itself (429, 503...) before forwarding again. The SDK under test
talks HTTP to it exactly as to the server; nothing in the SDK is replaced."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

# Not forwarded: they describe one hop, not the message.
_HOP_HEADERS = {"host", "connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class Seen:
    """A request as the proxy received it, and the status it was answered with."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    at: float
    status: int

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query)

    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


@dataclass
class Canned:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def is_api(target: str) -> bool:
    return urlsplit(target).path.startswith("/external-api/")


class LoopbackProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.seen: list[Seen] = []
        self._canned: list[Canned] = []
        self._lock = threading.Lock()
        self._forward = httpx.Client(base_url=upstream, timeout=30)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> LoopbackProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._forward.close()

    def answer_next(
        self,
        count: int,
        status: int,
        headers: dict[str, str] | None = None,
        message: str = "Service unavailable",
        details: dict[str, Any] | None = None,
    ) -> None:
        """The next ``count`` API requests get this answer (an API error envelope)."""
        body: dict[str, Any] = {"error": True, "message": message, "code": status}
        if details is not None:
            body["details"] = details
        with self._lock:
            self._canned += [Canned(status, body, dict(headers or {})) for _ in range(count)]

    def api_requests(self) -> list[Seen]:
        return [seen for seen in self.seen if is_api(seen.target)]

    def token_requests(self) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == "/token"]

    def _take_canned(self, target: str) -> Canned | None:
        with self._lock:
            # Only API requests: the token endpoint answers in its own (RFC 6749) shape.
            if self._canned and is_api(target):
                return self._canned.pop(0)
        return None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                at = time.monotonic()
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {name.lower(): value for name, value in self.headers.items()}
                canned = proxy._take_canned(self.path)
                if canned is not None:
                    status, out_headers = canned.status, canned.headers
                    content = json.dumps(canned.body).encode()
                    out_headers = {**out_headers, "content-type": "application/json"}
                else:
                    forwarded = proxy._forward.request(
                        self.command,
                        self.path,
                        content=body,
                        headers={k: v for k, v in headers.items() if k not in _HOP_HEADERS},
                    )
                    status, content = forwarded.status_code, forwarded.content
                    out_headers = {
                        k: v
                        for k, v in forwarded.headers.items()
                        if k.lower() not in _HOP_HEADERS | {"content-encoding"}
                    }
                with proxy._lock:
                    proxy.seen.append(Seen(self.command, self.path, headers, body, at, status))
                self.send_response(status)
                for name, value in out_headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        return Handler
