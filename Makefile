# Gers Solidaire — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= var/demo

.PHONY: run test test-future bench lint system-deps venv venv-dev clean

# The venv is rebuilt when the package metadata changes; the stamp files record what was installed.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[central,dev]'
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

# PostgreSQL, Chromium, and the kiosk window's GTK/WebKit with Xvfb (its smoke test) come from Debian.
# Installed only when running as root and missing; otherwise the tests that need them skip and say why.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	for pkg in python3-gi gir1.2-webkit2-4.1 xvfb; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Not root or no apt-get: missing$$missing (dependent tests will skip)"; \
	  fi; \
	fi

run: venv
	$(BIN)/gers-solidaire demo run --dir $(DEMO_DIR)

test: venv-dev system-deps
	$(BIN)/pytest -n 2 --dist loadgroup

# The suite with the clock moved to the first days of a year and to a leap day: a test that reads
# the real clock instead of a pinned one fails here. Not part of `make test`.
FUTURE_DAYS ?= 2027-01-02T10:00 2028-02-29T10:00
test-future: venv-dev system-deps
	@for day in $(FUTURE_DAYS); do echo "== tests on $$day"; \
	  $(BIN)/pytest -n 2 --dist loadgroup -q -p no:cacheprovider --clock-at $$day || exit 1; \
	done

bench: venv-dev
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var .pytest_cache
