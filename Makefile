# Quick start: `make demo` builds the overview; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  ?= ../shared/seeds
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint typecheck bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/briefings check --sources $(SEEDS)
	$(BIN)/briefings build overview --format all

lint: setup
	$(BIN)/ruff check briefings tests benchmarks
	$(BIN)/ruff format --check briefings tests benchmarks

typecheck: setup
	$(BIN)/mypy briefings

test: lint typecheck
	BRIEFINGS_SEEDS=$(abspath $(SEEDS)) $(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/run.py

# gettext catalogs: extract template strings, update and compile the az and kk catalogs.
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -o briefings/locale/messages.pot templates briefings
	$(BIN)/pybabel update -i briefings/locale/messages.pot -d briefings/locale --no-fuzzy-matching
	$(BIN)/pybabel compile -d briefings/locale

clean:
	rm -rf $(VENV) output
