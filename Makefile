# Source Ledger: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
# `make demo PORT=8001` serves the demo on another port.
PORT ?= 8000
# npm ci writes this file last, so its date says the install finished.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: demo test lint browser node_modules bench serve clean replica replica-stop faults

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# The browser tests drive Debian's Chromium; never a downloaded browser.
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# axe-core for the accessibility test, pinned in package-lock.json; the site itself uses no npm code.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  echo "Installing npm for the accessibility test's axe-core"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error

node_modules: $(NODE_STAMP)

# The demo turns the public track record on, so every page can be tried.
demo: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=1 PUBLIC_TRACK_RECORD=1 NEWSROOM_SITE_URL=http://127.0.0.1:$(PORT) \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) browser node_modules lint
	DJANGO_SETTINGS_MODULE=newsroom.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

# Benchmarks against PostgreSQL (127.0.0.1:5432, started if down); wrk drives the load runs.
# Default 10k claims; BENCH_ARGS="--sizes 10000,100000" or "--full" for 1M. See docs/performance.md.
bench: $(STAMP)
	@command -v wrk >/dev/null || { \
	  echo "Installing wrk for the load benchmarks"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@pg_isready -h 127.0.0.1 -p 5432 -q || { \
	  echo "PostgreSQL is down; starting it."; \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -n 1)" main start; \
	  for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# A streaming standby of the machine's PostgreSQL on 127.0.0.1:5433, for the router's
# tests (tests/deploy/test_replica.py runs against it when it is up). See docs/deploy.md.
replica:
	tests/deploy/replica.sh start

replica-stop:
	tests/deploy/replica.sh stop

# Break a deployment under load (PostgreSQL restart, killed web workers, Redis down) on private
# servers of its own, and count what failed; results in artifacts/faults.json. See docs/deploy.md.
faults: $(STAMP)
	$(BIN)/python -m tests.deploy.faults $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts node_modules
