"""What an operator sees of a running node: JSON logs, the access line, Prometheus metrics.

A leaf like ``kit``: it imports no domain, and any package may import it to count something.
"""
