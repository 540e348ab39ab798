"""The HTTP edge: how an endpoint is declared, bodies read, responses and errors rendered."""
