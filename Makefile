# Two commands set up a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := kgraph-store
STAMP  := $(VENV)/.installed

.PHONY: setup demo test typecheck bench clean

setup: $(STAMP)

# Reinstall when the dependency list changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: setup
	rm -rf $(STORE)
	$(BIN)/kgraph build seeds/ --store $(STORE)
	$(BIN)/kgraph validate --store $(STORE)

# Type checking first, so the test runner's summary is the last line CI reads.
test: setup
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

typecheck: setup
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .mypy_cache
