# The two commands of the quick start: `make build` and `make test`. Each sets up .venv first,
# with the exact versions of requirements.lock (the ones the tests last passed with).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
LOCK := requirements.lock

.PHONY: build test bench translations upgrade

build: $(STAMP)
	$(VENV)/bin/python -m compileall -q sheets
	$(VENV)/bin/sheets build

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python -m compileall -q sheets
	$(VENV)/bin/python bench/run.py

# After changing the words in sheets/i18n/labels.py: refresh the catalogs, translate, compile.
LOCALES := sheets/i18n/locales
translations: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -c TRANSLATORS: --project=sheets \
	    --version=$$($(VENV)/bin/python -c 'import sheets; print(sheets.__version__)') \
	    -o $(LOCALES)/sheets.pot .
	$(VENV)/bin/pybabel update -D sheets -i $(LOCALES)/sheets.pot -d $(LOCALES) --ignore-obsolete
	$(VENV)/bin/pybabel compile -D sheets -d $(LOCALES) --statistics

# The newest versions pyproject.toml allows, written to the lock file and installed; run the
# tests before committing the new lock.
upgrade: $(STAMP)
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --upgrade --extra test --extra dask --all-build-deps --generate-hashes \
	    --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	    -o $(LOCK) pyproject.toml
	rm -f $(STAMP)
	$(MAKE) $(STAMP)

# The lock's versions, checked against its hashes; then the project itself, editable, built
# with the lock's setuptools, and compiled: where PYTHONDONTWRITEBYTECODE is set (as in many
# containers), every command would compile the package anew, a quarter of a second.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r $(LOCK)
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	$(VENV)/bin/python -m compileall -q sheets
	touch $(STAMP)
