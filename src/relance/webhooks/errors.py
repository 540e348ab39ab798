"""The webhook refusals and the ownership kinds of endpoints and deliveries."""

from __future__ import annotations

from relance.kit.errors import Forbidden, NotFound
from relance.kit.ids import IdKind
from relance.kit.ownership import Owned


class WebhookNotFound(NotFound):
    message = "Webhook not found"


class WebhookForbidden(Forbidden):
    message = "Access denied to this webhook"


class DeliveryNotFound(NotFound):
    message = "Delivery not found"


class DeliveryForbidden(Forbidden):
    message = "Access denied to this delivery"


WEBHOOK = Owned(IdKind.WEBHOOK, WebhookNotFound, WebhookForbidden)
DELIVERY = Owned(IdKind.WEBHOOK_DELIVERY, DeliveryNotFound, DeliveryForbidden)
