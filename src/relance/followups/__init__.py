"""Followups package."""
