"""`python -m relance` runs the CLI."""

from relance.cli import main

main()
