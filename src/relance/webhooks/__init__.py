"""Webhooks (SPEC 8): endpoints, the transactional outbox, fan-out, signed delivery, the worker."""
