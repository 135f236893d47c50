# The two commands: `make run` and `make test`. Everything else is a step they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
HOST ?= 127.0.0.1

.PHONY: run test install install-dev migrate samples warm-up serve lint revision bench browser-deps clean

run: samples ## set up, then serve the API on http://$(HOST):$(PORT)
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev migrate samples browser-deps ## set up, then the whole suite
	$(BIN)/python -m pytest

serve: samples ## production-style: gunicorn, 2 workers
	$(BIN)/gunicorn --config gunicorn.conf.py --workers 2 --bind $(HOST):$(PORT) wsgi:app

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(FLASK) advocate migrate

samples: migrate warm-up
	$(FLASK) advocate load-samples --if-empty

# The health engine's compiled kernels (Numba): 10-15 s the first time, then cached on disk.
warm-up: install
	$(FLASK) advocate warm-up

# Debian's Chromium for the widget's browser tests, driven by Playwright (no browser download).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: the browser tests will be skipped"; \
	  else echo "no /usr/bin/chromium and not root: the browser tests will be skipped"; fi; \
	fi

lint: install-dev
	$(BIN)/ruff check .

revision: install
	$(BIN)/python -c "import sys; from alembic import command; \
	from advocate import create_app; from advocate.store import db, migrate; \
	app = create_app(); command.revision(migrate.alembic_config(db.database_url(app)), \
	message=sys.argv[1], autogenerate=True)" "$(m)"

bench: install-dev
	$(BIN)/python benchmarks/energy_bills.py
	$(BIN)/python benchmarks/health_import.py
	$(BIN)/python benchmarks/recommend.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
