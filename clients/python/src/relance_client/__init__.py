"""relance-client: the Python SDK of the relance followups API.

::

    from relance_client import Relance

    with Relance("https://relance.example.com", CLIENT_ID, CLIENT_SECRET) as client:
        followup = client.followups.get("...")

:class:`Relance` blocks, :class:`AsyncRelance` awaits; both expose ``followups``, ``debts``,
``payments``, ``webhooks`` and ``stats``, retry what is safe to retry, renew their token, and
raise the :mod:`relance_client.errors` tree.
"""

from relance_client._async_client import AsyncRelance
from relance_client._sync_client import Relance
from relance_client.auth import ClientCredentials
from relance_client.errors import (
    APIError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    RelanceError,
    ServerError,
    TransportError,
    ValidationError,
    WebhookVerificationError,
)
from relance_client.models import (
    BatchResult,
    Debt,
    Followup,
    FollowupStats,
    Page,
    Payment,
    Webhook,
    WebhookDelivery,
)
from relance_client.rate_limit import RateLimit
from relance_client.retry import RetryPolicy
from relance_client.webhook_signature import sign_webhook, verify_webhook

__version__ = "0.1.0"

__all__ = [
    "APIError",
    "AsyncRelance",
    "AuthenticationError",
    "BatchResult",
    "ClientCredentials",
    "ConflictError",
    "Debt",
    "Followup",
    "FollowupStats",
    "NotFoundError",
    "Page",
    "Payment",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimit",
    "RateLimitError",
    "Relance",
    "RelanceError",
    "RetryPolicy",
    "ServerError",
    "TransportError",
    "ValidationError",
    "Webhook",
    "WebhookDelivery",
    "WebhookVerificationError",
    "sign_webhook",
    "verify_webhook",
]
