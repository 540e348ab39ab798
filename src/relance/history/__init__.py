"""SPEC 12's followup history: one revision per change, written by a trigger, read per page."""
