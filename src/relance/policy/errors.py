"""SPEC 13's refusal: a contact that breaks the company's enforced policy."""

from __future__ import annotations

from collections.abc import Mapping

from relance.kit.errors import Conflict


class ContactPolicyViolated(Conflict):
    message = "Contact policy violated"

    def __init__(self, broken: Mapping[str, str]) -> None:
        super().__init__(details=broken)
