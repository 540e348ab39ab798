"""Bulk import and export of followups and debts (SPEC 10 and 14), for the operator CLI."""
