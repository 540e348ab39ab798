"""relance's app with the observe middleware (request id, access line, metrics) taken out:
the other side of bench/observe_cost.py's comparison, and nothing else."""

from relance.app import create_app
from relance.observe.access import ObserveRequests

app = create_app()
app.user_middleware = [m for m in app.user_middleware if m.cls is not ObserveRequests]
