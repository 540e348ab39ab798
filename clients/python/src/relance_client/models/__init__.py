"""Typed results of the API: frozen dataclasses built from the wire objects."""

from relance_client.models.debt import BatchCreated, BatchFailed, BatchResult, Debt, DebtFields
from relance_client.models.followup import Followup, FollowupFields
from relance_client.models.page import Page
from relance_client.models.payment import Payment
from relance_client.models.stats import FollowupStats, GroupBy
from relance_client.models.webhook import Webhook, WebhookDelivery

__all__ = [
    "BatchCreated",
    "BatchFailed",
    "BatchResult",
    "Debt",
    "DebtFields",
    "Followup",
    "FollowupFields",
    "FollowupStats",
    "GroupBy",
    "Page",
    "Payment",
    "Webhook",
    "WebhookDelivery",
]
