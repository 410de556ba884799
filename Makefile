# Baton: `make run` serves the demo, `make test` runs the whole suite. Both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2
# The lock file pins every transitive package too; pip refuses anything that is not in it.
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock

.PHONY: run test bench lint check messages screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "Baton: http://127.0.0.1:8000  (student@example.com / baton-demo)"
	DEBUG=1 ./scripts/run.sh

test: $(VENV)/.dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . --severity-level high --quiet

check: $(VENV)/.dev
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python manage.py check

bench: $(VENV)/.dev
	$(BIN)/python -m bench.run

messages: $(VENV)/.dev
	DEBUG=1 $(BIN)/python manage.py makemessages -l ko -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

screenshot: $(VENV)/.dev
	DEBUG=1 $(BIN)/python -m tests.browser.screenshots

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
