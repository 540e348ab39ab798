"""Idempotency-Key (SPEC 9): a retried POST answers the first response instead of running again."""
