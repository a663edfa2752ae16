# Dure: `make demo` serves the demo at http://127.0.0.1:8000, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DURE := $(BIN)/dure
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's bank account for market transfers is visibly made up (production sets its own).
DEMO_ENV := DEBUG=1 DURE_DB_CONN_MAX_AGE=0 DURE_MARKET_BANK_ACCOUNT="데모은행 000-0000-0000 (예금주: 데모 센터)"

.PHONY: install demo test test-fast lint typecheck lock messages serve clean bench-smoke

install: $(VENV)/.installed var/vendor/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

var/vendor/.installed: node_modules/.installed scripts/vendor.py $(VENV)/.installed
	@mkdir -p var
	$(BIN)/python scripts/vendor.py
	@touch $@

demo: install
	@mkdir -p var
	$(DEMO_ENV) $(DURE) migrate --noinput -v 0
	$(DEMO_ENV) $(DURE) seed_demo
	@echo ""
	@echo "Dure demo: http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(DEMO_ENV) $(DURE) db_worker >var/worker.log 2>&1 & \
	  $(DEMO_ENV) $(DURE) run_schedule >var/schedule.log 2>&1 & \
	  $(DEMO_ENV) $(DURE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n 2 --dist loadscope

test-fast: install
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs, configured in pyproject.toml [tool.mypy]; CI runs it too.
typecheck: install
	$(BIN)/mypy dure

messages: install
	cd dure && ../$(DURE) makemessages -l ko --no-wrap --no-obsolete --ignore "*/tests/*"
	cd dure && ../$(DURE) compilemessages

# Rewrite requirements.lock from pyproject.toml in a throwaway environment.
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --upgrade pip && var/lockenv/bin/pip install --quiet -e ".[dev]"
	(echo "# Exact versions of every Python dependency (make lock rewrites this file from pyproject.toml)."; \
	 var/lockenv/bin/pip freeze --exclude-editable | grep -v '^dure') > requirements.lock
	rm -rf var/lockenv

bench-smoke: install
	$(BIN)/python -m pytest bench -q

clean:
	rm -rf $(VENV) node_modules var
