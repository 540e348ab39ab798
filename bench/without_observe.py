"""relance's app with the observe middleware (request id, access line, metrics) taken out:
the other side of bench/observe_cost.py's comparison, and nothing else."""

from relance.app import create_app

app = create_app()
app.observe_requests = False
