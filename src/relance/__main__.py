"""`python -m relance` runs the CLI."""

from relance.cli.main import main

main()
