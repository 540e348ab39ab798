"""The API's resources, each written once for both clients (see ``_core/methods.py``)."""

from relance_client.resources.debts import Debts
from relance_client.resources.followups import Followups
from relance_client.resources.payments import Payments
from relance_client.resources.stats import Stats
from relance_client.resources.webhooks import Webhooks

__all__ = ["Debts", "Followups", "Payments", "Stats", "Webhooks"]
