"""SPEC 13's right to erasure: a debtor's personal data removed, the accounting kept."""
