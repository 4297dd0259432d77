# Two commands set up a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := kgraph-store
STAMP  := $(VENV)/.installed

.PHONY: setup demo test typecheck bench report-check clean

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

# The demo store's report, rendered by a real headless browser at desktop and phone widths: build/report.html,
# build/report.png (1280 px) and build/report-phone.png (420 px). Needs Debian's chromium (apt-get install
# chromium); the flags keep it off the network.
REPORT_DIR := build
CHROMIUM   ?= chromium
report-check: demo
	mkdir -p $(REPORT_DIR)
	$(BIN)/kgraph report -o $(REPORT_DIR)/report.html --store $(STORE)
	for shot in report:1280,4000 report-phone:420,6000; do \
	  name=$${shot%%:*}; size=$${shot#*:}; rm -f $(REPORT_DIR)/$$name.png; profile=$$(mktemp -d); \
	  $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --disable-quic --user-data-dir=$$profile \
	    --screenshot=$(CURDIR)/$(REPORT_DIR)/$$name.png --window-size=$$size \
	    file://$(CURDIR)/$(REPORT_DIR)/report.html 2>$(REPORT_DIR)/chromium.log; \
	  status=$$?; rm -rf $$profile; \
	  if [ $$status -ne 0 ] || [ ! -s $(REPORT_DIR)/$$name.png ]; then cat $(REPORT_DIR)/chromium.log; exit 1; fi; \
	  echo "screenshot: $(REPORT_DIR)/$$name.png"; \
	done

clean:
	rm -rf $(VENV) $(STORE) $(REPORT_DIR) .pytest_cache .mypy_cache
