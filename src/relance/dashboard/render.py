"""Jinja2 pages: the package's templates, escaped, answered uncached.

Pages carry no inline script or style (a strict Content-Security-Policy applies to HTML): the
behaviour and the looks are ``static/dashboard.js`` and ``static/dashboard.css``, served by
relance itself under a content hash so a new release is never hidden by a cached copy.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import orjson
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

STATIC_FILES = {"dashboard.css": "text/css", "dashboard.js": "text/javascript"}
_NO_STORE = {"Cache-Control": "no-store"}


@cache
def static_file(name: str) -> bytes:
    return resources.files("relance.dashboard").joinpath("static", name).read_bytes()


@cache
def static_url(name: str) -> str:
    version = hashlib.sha256(static_file(name)).hexdigest()[:12]
    return f"/dashboard/static/{name}?v={version}"


def when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def duration(milliseconds: int | None) -> str:
    if milliseconds is None:
        return ""
    seconds = round(milliseconds / 1000)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def amount(value: object) -> str:
    """An amount of the wire objects (an exact JSON number, SPEC 4) as the text it is sent as."""
    return orjson.dumps(value).decode().strip('"')


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f} %"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("relance.dashboard", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(when=when, duration=duration, percent=percent, amount=amount)
    environment.globals["static"] = static_url
    return environment


def page(
    template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    context.setdefault("session", None)
    html = _environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=_NO_STORE | (headers or {}))


def error_page(status: int, message: str, session: Any = None) -> HTMLResponse:
    return page("error.html", status, title=f"Error {status}", message=message, session=session)
