"""Auth package."""
