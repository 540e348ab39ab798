"""relance: a self-hostable debt-collection followups service."""

__version__ = "0.1.0"
