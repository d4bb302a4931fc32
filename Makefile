# The two commands of the quick start: `make build` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: build test bench translations

build: $(STAMP)
	$(VENV)/bin/sheets build

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/run.py

# After changing the words in sheets/labels.py: refresh the catalogs, translate, compile.
LOCALES := sheets/locales
translations: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -c TRANSLATORS: --project=sheets \
	    --version=$$($(VENV)/bin/python -c 'import sheets; print(sheets.__version__)') \
	    -o $(LOCALES)/sheets.pot .
	$(VENV)/bin/pybabel update -D sheets -i $(LOCALES)/sheets.pot -d $(LOCALES) --ignore-obsolete
	$(VENV)/bin/pybabel compile -D sheets -d $(LOCALES) --statistics

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)
