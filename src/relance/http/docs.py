"""/docs (Swagger UI) and /redoc, served offline: every asset comes from this server.

The Swagger UI and ReDoc bundles are the ones the ``fastapi-offline`` package ships (taken from
the swagger-ui-dist and redoc npm releases); relance adds only its own start-up script, so the
pages carry no inline script and their Content-Security-Policy allows scripts from 'self' alone.
"""

from __future__ import annotations

from html import escape
from typing import Annotated

from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

from relance.http.endpoint import PublicCall, public
from relance.http.route import api_router

ASSETS_PATH = "/docs/assets"
OPENAPI_PATH = "/openapi.json"

router = api_router("docs")

# Static files from two packages: the UI bundles, and relance's own start-up script.
assets = StaticFiles(packages=[("relance.http", "static"), ("fastapi_offline", "static")])

_SWAGGER = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>relance API - Swagger UI</title>
<link rel="icon" href="{ASSETS_PATH}/favicon.png">
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi-url="{escape(OPENAPI_PATH)}"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{ASSETS_PATH}/swagger-init.js"></script></body></html>
"""
_REDOC = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>relance API - ReDoc</title>
<link rel="icon" href="{ASSETS_PATH}/favicon.png"></head>
<body><redoc spec-url="{escape(OPENAPI_PATH)}"></redoc>
<script src="{ASSETS_PATH}/redoc.standalone.js"></script></body></html>
"""

Anyone = Annotated[PublicCall, public()]


@router.get("/docs", include_in_schema=False)
async def swagger_ui(call: Anyone) -> Response:
    return HTMLResponse(_SWAGGER)


@router.get("/redoc", include_in_schema=False)
async def redoc(call: Anyone) -> Response:
    return HTMLResponse(_REDOC)
