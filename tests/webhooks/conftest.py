"""Webhook tests send to receivers on loopback over http: private targets are allowed here."""

from tests.webhooks.fixtures import receiver, settings

__all__ = ["receiver", "settings"]
