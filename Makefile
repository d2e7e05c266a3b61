# Quick start: `make demo` builds the overview; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  ?= ../shared/seeds
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint typecheck bench messages clean

$(STAMP): pyproject.toml
	bash .ci/system-deps
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
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext --no-location --sort-output \
		--project briefings --version 0.1.0 -o briefings/locale/messages.pot .
	$(BIN)/pybabel update -i briefings/locale/messages.pot -d briefings/locale \
		--no-fuzzy-matching --ignore-pot-creation-date
	$(BIN)/pybabel compile -d briefings/locale --statistics

clean:
	rm -rf $(VENV) output
