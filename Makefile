# Baton: `make run` serves the demo, `make test` runs the whole suite. Both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2
# requirements.lock pins every package, transitive ones too; `-c` holds pip to those versions. It
# does not make pip refuse a package missing from the lock: tests/test_requirements_lock.py does
# that job, failing when the lock misses an installed dependency or pins another version.
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

# The W3C Nu HTML checker for tests/a11y (runs on Java 17+): too large for git, fetched once from npm.
VNU_VERSION := 26.9.27
VNU_JAR := tests/vendor/vnu/vnu.jar

$(VNU_JAR):
	@if command -v npm >/dev/null; then \
		tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null) \
		&& tar -xzf $$tmp/vnu-jar-$(VNU_VERSION).tgz -C $$tmp && cp $$tmp/package/build/dist/vnu.jar $@ \
		&& rm -rf $$tmp; \
	else echo "npm is missing: the HTML validity test will be skipped (it fails under CI=true)"; fi

test: $(VENV)/.dev $(VNU_JAR)
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
	DEBUG=1 $(BIN)/python manage.py makemessages -l ko -l en --ignore=.venv --ignore=staticfiles --ignore=bench/out --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

screenshot: $(VENV)/.dev
	DEBUG=1 $(BIN)/python -m tests.browser.screenshots

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
