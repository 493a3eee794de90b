# tsy: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TSY_OFFLINE_DIR ?=

.PHONY: run test check install dev lint bench clean doctest gate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

# The main job: fill the store (online: `tsy update`; offline: `tsy import $TSY_OFFLINE_DIR`),
# print the store's status and the stress monitor, and write the HTML report.
REPORT ?= out/tsy-report.html

run: install
	@if [ -n "$(TSY_OFFLINE_DIR)" ]; then \
		$(BIN)/tsy import "$(TSY_OFFLINE_DIR)"; \
	else \
		$(BIN)/tsy update; \
	fi; rc=$$?; \
	$(BIN)/tsy status || exit $$?; \
	$(BIN)/tsy monitor; m=$$?; \
	if [ $$m -ne 0 ] && [ $$m -ne 3 ]; then exit $$m; fi; \
	mkdir -p "$$(dirname "$(REPORT)")"; \
	$(BIN)/tsy report --out "$(REPORT)" || exit $$?; \
	echo "HTML report written to $$(cd "$$(dirname "$(REPORT)")" && pwd)/$$(basename "$(REPORT)")"; \
	exit $$rc

# The README's test command, and what CI runs: every check (the gate below).
test: dev
	$(MAKE) gate

lint: dev
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

check: lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_FLAGS)

# The examples in the docstrings, run as tests (outside tests/, so with their own clean env).
doctest: dev
	env -u FRED_API_KEY -u CFTC_APP_TOKEN XDG_DATA_HOME="$$(mktemp -d)" TSY_DATA_DIR="$$(mktemp -d)" \
		$(BIN)/python -m pytest -p no:xdist -p no:cacheprovider --doctest-modules src/tsy -q $(DOCTEST_FLAGS)

# CI's gate (.ci/run): make check with warnings raised in tsy's code as errors and a branch
# coverage floor (CI measured TOTAL 87.5% on 2026-12-02 after issues 12-17 landed, lines and
# branches, with the PostgreSQL tests running; never set it above what the suite measures), then
# the doctests. COV_FLOOR is lines and branches combined, as coverage.py reports TOTAL.
COV_FLOOR ?= 87
TSY_WARNINGS := -W "error:::tsy"
gate:
	$(MAKE) check PYTEST_FLAGS='$(TSY_WARNINGS) --cov=tsy --cov-branch --cov-report=term --cov-fail-under=$(COV_FLOOR)'
	$(MAKE) doctest DOCTEST_FLAGS='$(TSY_WARNINGS)'

bench: dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
