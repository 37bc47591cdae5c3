# Concord: the verbs people expect. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Development mode for everything started from here; production sets its own environment.
export DEBUG ?= true
# `make run` seeds and serves the demo story; a production deployment leaves CONCORD_DEMO off.
export CONCORD_DEMO ?= true

.PHONY: install run serve test test-fast lint fmt bench drill demo doctor clean idp

# uv (from PyPI, into the venv) installs the same packages as pip in a few seconds instead of about a
# minute: it downloads and unpacks in parallel. Where uv cannot be had or cannot reach an index that
# pip can (a pip.conf pointing at a private mirror, say), pip does the install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv \
	  && $(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]" \
	  || $(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p var
	@echo "Preparing the database…"
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo

# A local identity provider for Castlegate Pharma (http://127.0.0.1:8001): while it runs,
# Castlegate's people sign in through it (single sign-on); Ctrl+C turns it off again.
idp: install
	$(BIN)/python manage.py idp

# Sets everything up, then serves on http://$(HOST):$(PORT) with the task worker and the sweep.
# A federated study started in the demo runs on the deployment engine: a Flower SuperLink and one
# SuperNode per party as real processes on loopback (about a minute), not the in-process simulation.
CONCORD_RESEARCH_ENGINE ?= deployment
run: demo
	HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) CONCORD_RESEARCH_ENGINE=$(CONCORD_RESEARCH_ENGINE) \
	  bash scripts/serve.sh

# The whole suite: migrations in step with models, lint and types, then every test (SQLite by default,
# PostgreSQL when DATABASE_URL is set). loadgroup keeps each xdist_group (a demo story, a
# permission-matrix world) on one worker, so what the group shares is built once.
# PYTHONDONTWRITEBYTECODE is emptied for the suite: pytest then keeps the modules it rewrites for
# its assertions (its plugins' whole packages among them) in __pycache__, so each worker and the
# PostgreSQL pass after the SQLite one reads them instead of rewriting about 450 modules again.
test: export PYTHONDONTWRITEBYTECODE =
test: install
	mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=concord.settings_test
	$(BIN)/ruff check .
	$(BIN)/mypy concord
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: install
	$(BIN)/pytest -n 2 --dist loadgroup -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy concord

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench.run

# About two minutes on loopback, in a PostgreSQL database of its own (DRILL_DATABASE): a write
# storm through gunicorn while its worker, its master and the task worker are killed and the mail
# server is down, then hangs. Non-zero if a write or a mail was lost or doubled, or a 5xx answered.
DRILL_DATABASE ?= postgres://postgres@127.0.0.1:5432/concord_drill
drill: install
	$(BIN)/python scripts/drill.py --database $(DRILL_DATABASE)

# Checks this machine (Python, the diagram program, Pango, the database, the worker) and says
# what to do about each problem. The Python check runs before anything is installed.
doctor:
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; ok = v >= (3, 11); print(("ok    " if ok else "FAIL  ") + "$(PYTHON) (what make install uses) is Python %d.%d" % v + ("" if ok else "\n      → Install Python 3.11 or newer, then: make PYTHON=python3.11 install"))'
	@test -x $(BIN)/python || { echo "FAIL  Concord is not installed here"; echo "      → Run make install (or make run)."; exit 1; }
	@$(BIN)/python manage.py doctor

clean:
	rm -rf $(VENV) var
