# The two commands: `make run` (serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint migrate seed bench-catalog bench-sync clean messages

$(STAMP): pyproject.toml constraints.txt package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	# axe-core and vnu-jar for the quality tests (tests/quality); skipped when npm is absent (the tests then skip locally).
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; else echo "npm not found: skipping axe-core/vnu-jar"; fi
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Serve the site with demo data on the embedded default (SQLite, filesystem broker): web, worker,
# beat and the partner sandbox. Ctrl-C stops everything it started.
run: seed
	PORT=$(PORT) $(BIN)/python scripts/run_stack.py

lint: install
	$(BIN)/ruff check .

test: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

messages: install
	$(BIN)/python scripts/translate.py

bench-catalog: install
	$(BIN)/python bench/catalog/run.py

bench-sync: install
	$(BIN)/python bench/sync/run.py

clean:
	rm -rf var
