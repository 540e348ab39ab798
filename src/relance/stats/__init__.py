"""Followup statistics (SPEC 12): counts and rates per group, computed in SQL."""
