# Both targets bootstrap a fresh machine: uv into .tools/, the venv from uv.lock, node tools from package-lock.json.
SHELL := /bin/bash
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-wqy-zenhei poppler-utils
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint typecheck pytest bench setup clean system-packages web

run: setup
	$(PY) -m govit run

test: setup lint typecheck pytest

setup: $(VENV)/.synced node_modules/.installed system-packages web/dist/index.html

# Debian packages, installed when missing: chromium (diagram renderings and browser tests, driven by
# playwright-core; nothing downloads a browser), fonts-noto-cjk (Chinese in the browser),
# fonts-wqy-zenhei (embedded in dossier PDFs) and poppler-utils (pdftotext, for the PDF tests).
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The web workspace (web/README.md): the working-day calendar the browser counts with, then the
# bundle. Rebuilt when a source, the build script or the lock file changes.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/build.mjs web/tsconfig.json workers/deadlines/calendar_json.py govit/messages.py govit/messages_json.py
web/dist/index.html: $(VENV)/.synced node_modules/.installed $(WEB_SOURCES)
	$(PY) -m workers.deadlines.calendar_json web/.generated/working-days.json
	$(PY) -m govit.messages_json web/.generated/message-catalog.json
	node web/build.mjs

web: web/dist/index.html

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy
	node_modules/.bin/tsc --noEmit -p web/tsconfig.json
	node_modules/.bin/tsc --noEmit -p web/test/tsconfig.json

pytest: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .tools node_modules test-artifacts web/dist web/.generated web/.tests
