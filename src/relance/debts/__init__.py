"""Debts package."""
