# Quick start: `make demo` builds the overview; `make test` runs every check.
# Both install exactly what uv.lock pins (runtime and dev), with hashes, into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
SEEDS  ?= ../shared/seeds
STAMP  := $(VENV)/.installed
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup system-deps demo test lint typecheck pytest bench lock messages clean

# uv itself, pinned by hash in .ci/uv-requirements.txt, in its own small environment.
$(UV): .ci/uv-requirements.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q --require-hashes --no-deps -r .ci/uv-requirements.txt
	touch $(UV)

system-deps:
	bash .ci/system-deps

$(STAMP): pyproject.toml uv.lock | $(UV)
	bash .ci/system-deps
	$(UV) sync --locked --extra dev --python $(PYTHON) --quiet
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

pytest: setup
	BRIEFINGS_SEEDS=$(abspath $(SEEDS)) $(BIN)/pytest -q

test: lint typecheck pytest

bench: setup
	$(BIN)/python benchmarks/run.py

# Refresh the lock on purpose: newest versions within pyproject.toml's ranges. The next
# `make test` shows what they change (CLDR data, layout, DOCX parts).
lock: | $(UV)
	$(UV) lock --upgrade --python $(PYTHON)
	@echo "uv.lock refreshed; run 'make test' to see what the new versions change"
	@echo "(a new WeasyPrint: also run '$(BIN)/python -m briefings.writers.pango_ffi')"

# gettext catalogs: extract template strings, update and compile the az and kk catalogs.
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext --no-location --sort-output \
		--project briefings --version 0.1.0 -o briefings/locale/messages.pot .
	$(BIN)/pybabel update -i briefings/locale/messages.pot -d briefings/locale \
		--no-fuzzy-matching --ignore-pot-creation-date
	$(BIN)/pybabel compile -d briefings/locale --statistics

clean:
	rm -rf $(VENV) $(TOOLS) output
