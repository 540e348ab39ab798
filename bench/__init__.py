"""The relance benchmark (see bench/README.md)."""
