"""Tracking package."""
