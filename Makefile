# Both targets bootstrap a fresh machine: uv into .tools/, the venv from uv.lock, node tools from package-lock.json.
SHELL := /bin/bash
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint typecheck pytest bench setup clean dossier-packages

run: setup
	$(PY) -m govit run

test: setup lint typecheck pytest

setup: $(VENV)/.synced node_modules/.installed dossier-packages

# the dossier PDF embeds WenQuanYi Zen Hei; its tests read the PDF with pdftotext (poppler-utils)
dossier-packages:
	@test -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc && command -v pdftotext >/dev/null || \
	  { $$(test "$$(id -u)" = 0 || echo sudo) apt-get update -qq && \
	    $$(test "$$(id -u)" = 0 || echo sudo) apt-get install -y -qq --no-install-recommends fonts-wqy-zenhei poppler-utils; }

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy

pytest: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .tools node_modules
