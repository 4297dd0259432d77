# Two commands set up a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := kgraph-store
STAMP  := $(VENV)/.installed

.PHONY: setup system-deps demo test typecheck bench bench-scale report-check clean

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

# System packages some tests use, installed with apt-get when they are missing and make runs as root where apt-get
# is: Virtuoso's server and isql (virtuoso-opensource-7-bin: the part of Debian's virtuoso-opensource the tests
# start themselves, from a private virtuoso.ini; the whole package would also start a system database on ports 1111
# and 8890) and chromium. Otherwise one line says what is missing, and the tests that need it are skipped. Never
# fails the build. Measured on Debian 12: apt-get update 5.5 s, virtuoso-opensource 12 s (6.7 MB to download).
SYSTEM_DEPS := virtuoso-t:virtuoso-opensource-7-bin isql-vt:virtuoso-opensource-7-bin chromium:chromium
system-deps:
	@missing=$$(for dep in $(SYSTEM_DEPS); do command -v $${dep%%:*} >/dev/null 2>&1 || echo $${dep#*:}; done | sort -u | tr '\n' ' ' | sed 's/ $$//'); \
	if [ -z "$$missing" ]; then echo "system-deps: all installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "system-deps: apt-get install $$missing"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } \
	    || echo "system-deps: apt-get failed; the tests that need $$missing are skipped"; \
	else echo "system-deps: missing $$missing (as root: apt-get install $$missing); the tests that need them are skipped"; fi

# Type checking first, so the test runner's summary is the last line CI reads.
test: setup system-deps
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

typecheck: setup
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/bench_extract.py

# kgraph build on synthetic corpora of 1,000 and 10,000 documents, and the plain rdflib + pySHACL pipeline at
# 1,000 (about 25 minutes on 2 cores); e.g. `make bench-scale SCALE="--sizes 1000,10000,100000"`.
SCALE ?= --sizes 1000,10000
bench-scale: setup
	$(BIN)/python benchmarks/bench_scale.py $(SCALE)

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
