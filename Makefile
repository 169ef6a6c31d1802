# Commons: `make run` to try it, `make test` to check it, `make bench` to measure it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench load check-python lint clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Commons needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)

# Versions come from requirements.lock (constraints), so every install gets the same ones.
$(VENV)/.installed: requirements.txt requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c requirements.lock
	@touch $@

## Serve the board on http://127.0.0.1:5000 with a demo school (created once, into instance/).
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "Commons is at http://$(HOST):$(PORT)  (Ctrl+C stops it)"
	$(FLASK) run --host $(HOST) --port $(PORT)

## Run the whole suite (browser tests skip with a reason when Chromium is missing, outside CI).
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Print the benchmark tables.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

## Load and faults against gunicorn: a first lesson and a busy school, on SQLite and on PostgreSQL with Redis.
## LOAD_ARGS="--seconds 300 --faults" runs five minutes with a database restart, Redis stopped and a worker killed.
load: $(VENV)/.installed-dev
	$(BIN)/python -m bench.load $(LOAD_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet ruff && $(BIN)/ruff check board tests bench

clean:
	rm -rf $(VENV) .pytest_cache

## Rebuild the pad editor (static/pad/pad.js, pad.css) from assets/ with Node.js and npm; the built files are committed, so `make run` needs neither.
.PHONY: assets
assets:
	cd assets && npm ci && npm run build

## Run it as in production on this machine: gunicorn (deploy/gunicorn.conf.py) on 127.0.0.1:8000 behind nginx on 127.0.0.1:8080 (needs nginx; DATABASE_URL and REDIS_URL from the environment). See deploy/README.md.
.PHONY: prod prod-stop
prod: $(VENV)/.installed
	deploy/prod.sh start

prod-stop:
	deploy/prod.sh stop

## Pin every package that requirements-dev.txt installs (in a fresh venv) into requirements.lock. Run it after changing requirements*.txt, and commit the lock.
.PHONY: lock
lock: | check-python
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install --quiet --disable-pip-version-check -r requirements-dev.txt; \
	{ echo "# Exact versions of everything requirements-dev.txt installs: \`make lock\` writes this file."; \
	  echo "# Installs use it as constraints (pip install -r requirements.txt -c requirements.lock)."; \
	  "$$tmp/venv/bin/pip" freeze --disable-pip-version-check; } > requirements.lock.new; \
	mv requirements.lock.new requirements.lock; \
	echo "requirements.lock: $$(grep -c '==' requirements.lock) packages pinned"
