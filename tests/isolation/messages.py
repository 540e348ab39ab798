"""SPEC 1's answers to an id of another company (403) and to one naming nothing (404)."""

from __future__ import annotations

from tests.isolation.case import Expect

API = "/external-api/v1"

DEBT_DENIED = Expect(403, "Access denied to this debt")
DEBT_NOT_FOUND = Expect(404, "Debt not found")
FOLLOWUP_DENIED = Expect(403, "Access denied to this followup")
FOLLOWUP_NOT_FOUND = Expect(404, "Followup not found")
OK = Expect(200)
CREATED = Expect(201)
