"""GET /metrics: the node's Prometheus metrics (observe.metrics lists them). No authentication:
like the health probes it is for the operator's network; the balancer keeps it off the public
side (README, "Operating several nodes")."""

from __future__ import annotations

from typing import Annotated

from starlette.responses import Response

from relance.http.endpoint import PublicCall, public
from relance.http.route import api_router
from relance.observe.metrics import exposition

router = api_router("operations")


@router.get(
    "/metrics", summary="Prometheus metrics", response_class=Response, include_in_schema=False
)
async def metrics(call: Annotated[PublicCall, public()]) -> Response:
    page, content_type = exposition()
    return Response(page, media_type=content_type, headers={"Cache-Control": "no-store"})
