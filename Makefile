# The two commands of the README: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
RUNTIME := $(VENV)/.denpo-runtime
STAMP := $(VENV)/.denpo-dev

.PHONY: demo test lint typecheck unit typing docs bench soak package clean

# pip >= 25.1 understands dependency groups (`--group dev`); pin it so every machine agrees.
$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip==26.3
	$(PIP) install -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PIP) install --group dev -e .
	touch $(STAMP)

demo: $(RUNTIME)
	$(BIN)/python examples/orders.py

test: lint typecheck unit typing docs

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

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir .venv/site

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The soak at full size: 1,000,000 invokes over 10,000 scopes from two loops (the suite runs it small).
soak: $(STAMP)
	$(BIN)/python -m benchmarks.soak

# The release check: build the sdist and the wheel into dist/, check both, then unpack the sdist
# into a temporary directory and run its own unit tests and docs build there, on a .venv that
# tree creates from its own pyproject.toml, as on a fresh machine. pip settings come from the
# environment. Any failure fails the target; the temporary tree is removed either way.
package: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*
	$(BIN)/check-wheel-contents dist/*.whl
	$(BIN)/python -m zipfile -l dist/*.whl | grep '\.dist-info/licenses/LICENSE ' >/dev/null \
		|| { echo 'package: the wheel has no .dist-info/licenses/LICENSE' >&2; exit 1; }
	tar -tzf dist/*.tar.gz | grep '^denpo-[^/]*/LICENSE$$' >/dev/null \
		|| { echo 'package: the sdist has no LICENSE at its top level' >&2; exit 1; }
	# The public API is fully typed as users get it: the wheel in a venv of its own, checked by pyright.
	verify=$$(mktemp -d) && trap 'rm -rf "$$verify"' EXIT \
		&& $(PYTHON) -m venv "$$verify/venv" \
		&& "$$verify/venv/bin/python" -m pip install --quiet --disable-pip-version-check dist/*.whl \
		&& cd "$$verify" \
		&& VIRTUAL_ENV="$$verify/venv" PATH="$$verify/venv/bin:$$PATH" \
			$(CURDIR)/$(BIN)/pyright --verifytypes denpo --ignoreexternal > "$$verify/report" ; \
		grep -q '^Type completeness score: 100%$$' "$$verify/report" \
		|| { cat "$$verify/report" >&2; echo 'package: the public API is not fully typed' >&2; exit 1; }
	unpacked=$$(mktemp -d) && trap 'rm -rf "$$unpacked"' EXIT \
		&& tar -xzf dist/*.tar.gz -C "$$unpacked" \
		&& $(MAKE) -C "$$unpacked"/denpo-* unit docs

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage* dist
