# The two commands of the README: `make run` and `make test`. Everything else is a helper of theirs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# The suite runs on two processes (pytest-xdist): the machines here have two cores.
TEST_WORKERS ?= 2

# Django 6 needs Python 3.12 or newer: take the newest interpreter on PATH (pyenv's shims included).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; \
	then command -v $$p; break; fi; done)

.PHONY: run test lint format bench venv migrate demo check-python browsers clean

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (Django 6). Install it (e.g. 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2; exit 1; fi

$(VENV)/.installed: requirements.txt requirements-dev.txt | check-python
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then rm -rf $(VENV); fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py seed_demo

run: demo
	@echo "Portal on http://$(HOST)/ (Ctrl-C to stop)"
	DEBUG=1 $(PY) manage.py runserver $(HOST)

test: venv
	$(PY) -m pytest -n $(TEST_WORKERS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Every benchmark of the project; BENCH_SCALE=0.1 shrinks each data set. Needs PostgreSQL (BENCH_DATABASE_URL).
bench: venv
	$(PY) -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
