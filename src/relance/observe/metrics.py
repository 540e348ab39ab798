"""The Prometheus metrics of a node (SPEC 11), and how a feature adds its own.

Events are counted where they happen, with prometheus-client's Counter and Histogram on the
default registry: requests and their latency (``observe.access``), idempotent replays
(``http.idempotent``), rate-limit refusals and limiter-store failures (``ratelimit.guard``),
media-store failures (``media.s3_store``).

Levels that exist only when asked (database pool use, a webhook outbox's depth) are read at
scrape time from callbacks registered with ``add_gauge``:

    from relance.observe.metrics import add_gauge
    add_gauge("relance_webhook_outbox_depth", "Deliveries waiting", lambda: outbox.depth)

A callback must be cheap and must not block: it runs inside the scrape, on the event loop.

``relance serve --workers N`` (N > 1) runs prometheus-client's multiprocess mode
(``PROMETHEUS_MULTIPROC_DIR``, set by the command): every worker's counters and histograms are
summed in each scrape. The ``add_gauge`` levels are then those of the worker that answers
(pool use is per process by nature; a database-wide level such as the outbox depth is the same
from any worker).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "relance_http_requests",
    "HTTP requests answered, by route template, method and status",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "relance_http_request_duration_seconds",
    "Time from the request's arrival to its answer's last byte, by route template and method",
    ["route", "method"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IDEMPOTENT_REPLAYS = Counter(
    "relance_idempotent_replays", "Keyed POSTs answered with a stored answer (SPEC 9)"
)
RATE_LIMIT_REFUSALS = Counter(
    "relance_rate_limit_refusals", "Requests refused with 429 by the client rate limits (SPEC 7)"
)
RATE_LIMIT_STORE_FAILURES = Counter(
    "relance_rate_limit_store_failures",
    "Requests served unchecked because the rate-limit store failed (fail open)",
)
MEDIA_STORE_FAILURES = Counter(
    "relance_media_store_failures",
    "Media store operations that failed, by operation",
    ["operation"],
)


@dataclass(frozen=True, slots=True)
class _Gauge:
    name: str
    documentation: str
    read: Callable[[], float | dict[tuple[str, ...], float]]
    labels: tuple[str, ...]


class _Levels(Collector):
    """The registered gauges, read at scrape time."""

    def __init__(self) -> None:
        self.gauges: dict[str, _Gauge] = {}

    def collect(self) -> Iterator[Metric]:
        for gauge in list(self.gauges.values()):
            family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=gauge.labels)
            value = gauge.read()
            if isinstance(value, dict):
                for labels, level in value.items():
                    family.add_metric(list(labels), level)
            else:
                family.add_metric([], value)
            yield family


_LEVELS = _Levels()


def add_gauge(
    name: str,
    documentation: str,
    read: Callable[[], float | dict[tuple[str, ...], float]],
    labels: tuple[str, ...] = (),
) -> None:
    """Registers (or replaces: an app built twice in one process) a level read at scrape time.
    ``read`` returns one number, or a number per tuple of label values when ``labels`` names
    them."""
    _LEVELS.gauges[name] = _Gauge(name, documentation, read, labels)


def exposition() -> tuple[bytes, str]:
    """The metrics page and its content type."""
    if os.environ.get(MULTIPROCESS_DIR):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(_LEVELS)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


REGISTRY.register(_LEVELS)
