# Lord's Press: `make run` serves the demo site, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The suite runs on every core (pytest-xdist): CI on SQLite and PostgreSQL stays well under
# 30 minutes. `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

# Development defaults; a .env file or the real environment may override them.
export DEBUG ?= 1

.PHONY: run test install lint format serve clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lord'"'"'s Press needs Python 3.11 or newer: make PYTHON=python3.12 …")'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25"
	@$(BIN)/python scripts/requirements.py --dev > $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements.txt
	@touch $(STAMP)
	@test -f .env || { cp .env.example .env && echo "Created .env from .env.example (development settings)."; }

install: $(STAMP)

# HOST and PORT reach every command, so with DEBUG and no SITE_URL the links the site writes
# (emails, canonical links, feeds, seed_demo's sign-in address) follow the served address.
run: install
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py migrate --noinput
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py seed_demo
	@HOST=$(HOST) PORT=$(PORT) scripts/serve-dev

test: install lint
	@# The Nu Html Checker's pinned jar (needs npm; running it needs Java 17+). Without npm the
	@# HTML checks are skipped locally (and fail in CI, which installs both).
	@if command -v npm >/dev/null 2>&1; then scripts/install-vnu; else echo "npm not found: the Nu Html Checker tests will be skipped (see scripts/install-vnu)"; fi
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run --no-input
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache
