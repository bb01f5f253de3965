# Signpost: `make run` starts the app with the seed story; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONUNBUFFERED := 1
# Emailed links, and the demo's news source (this instance's own article feed), start with the address the app runs
# at: the seed and the server must agree on it.
SITE_ENV = SIGNPOST_SITE_URL="$${SIGNPOST_SITE_URL:-http://127.0.0.1:$(PORT)}"

.PHONY: run test types types-baseline lint format install lock migrate seed bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "Signpost needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Runtime and development dependencies, every package pinned with its hashes (requirements-dev.txt includes the
# runtime lock's versions); the production image installs requirements.txt only.
$(VENV)/.installed: requirements-pip.txt requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py setup_schedules
	$(SITE_ENV) $(BIN)/python manage.py seed --demo-logins

run: seed
	@echo ""
	@echo "  Signpost is starting at http://127.0.0.1:$(PORT)/   (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "  Logins: admin / signpost-admin (superuser); demo-curator, demo-alex, ... / signpost-demo"
	@echo "  Web server, Celery worker and beat run together; Ctrl-C stops all three."
	@echo ""
	PATH="$(abspath $(BIN)):$$PATH" PORT=$(PORT) $(SITE_ENV) SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES=true \
	  $(BIN)/honcho start -f Procfile

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MAKE) --no-print-directory types
	$(BIN)/pytest -n auto

# mypy against the recorded baseline: a new error fails, and so does a fixed one still listed (run
# `make types-baseline` to record the shrunk baseline).
MYPY_BASELINE = --baseline-path mypy-baseline.txt --ignore-categories note --no-colors
types: install
	$(BIN)/mypy tracker forecasts | $(BIN)/mypy-baseline filter $(MYPY_BASELINE) --hide-stats

types-baseline: install
	$(BIN)/mypy tracker forecasts | $(BIN)/mypy-baseline sync $(MYPY_BASELINE) --sort-baseline

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve both lock files from requirements.in and requirements-dev.in (after changing a pin there).
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file requirements-dev.txt requirements-dev.in

bench: migrate
	$(BIN)/python bench/seed_and_pages.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
