# relance: `make serve` runs the API on the embedded SQLite default, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint typecheck test-sqlite test-postgres test-client bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/relance serve

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

test-sqlite: $(VENV)/.dev-installed
	RELANCE_TEST_BACKEND=sqlite $(BIN)/python -m pytest

# Runs whenever a server is reachable; with CI=true an unreachable server fails the run.
test-postgres: $(VENV)/.dev-installed
	@if $(BIN)/python -m tests.backends; then \
		RELANCE_TEST_BACKEND=postgresql $(BIN)/python -m pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is unreachable and CI=true: the PostgreSQL pass cannot be skipped"; exit 1; \
	else \
		echo "PostgreSQL not reachable: skipping the PostgreSQL pass (set RELANCE_TEST_DATABASE_URL)"; \
	fi

# The SDK (clients/python, its own distribution) goes into the project's venv with its test extra:
# its tests start a real `relance serve` from that venv. Its own ruff, format and mypy settings apply.
$(VENV)/.client-installed: clients/python/pyproject.toml | $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet -e 'clients/python[test]'
	touch $@

test-client: $(VENV)/.dev-installed $(VENV)/.client-installed
	cd clients/python && ../../$(BIN)/ruff check src tests
	cd clients/python && ../../$(BIN)/ruff format --check src tests
	cd clients/python && ../../$(BIN)/mypy
	cd clients/python && ../../$(BIN)/python -m pytest

test: lint typecheck test-sqlite test-postgres test-client

# Seeds PostgreSQL and SQLite if needed, then measures relance against the raw baselines and
# prints the PostgreSQL table beside the SQLite one (bench/README.md).
# BENCH_ARGS: e.g. "--with-10m", "--no-scaling", "--seconds 5 --runs 1 --no-scaling" (quick),
# "--sqlite-sizes 100k", "--no-sqlite", "--no-postgres".
bench: $(VENV)/.dev-installed
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
