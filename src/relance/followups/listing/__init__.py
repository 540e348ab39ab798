"""Followup lists: query parameters, keyset cursors and the cached list statements."""
