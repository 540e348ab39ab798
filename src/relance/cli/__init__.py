"""The operator command line (SPEC 10)."""
