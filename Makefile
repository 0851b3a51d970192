# The two commands of the README: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.denpo-installed

.PHONY: demo test lint typecheck unit typing bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --group dev -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/orders.py

test: lint typecheck unit typing

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/pyright

unit: $(STAMP)
	$(BIN)/pytest --cov --cov-report=term

typing: $(STAMP)
	$(BIN)/pytest typing_tests -p no:cacheprovider -n 2

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage*
