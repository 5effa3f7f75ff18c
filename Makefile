# Both targets bootstrap a fresh machine: uv into .tools/, the venv from uv.lock, node tools from package-lock.json.
SHELL := /bin/bash
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint typecheck pytest bench setup clean

run: setup
	$(PY) -m govit run

test: setup lint typecheck pytest

setup: $(VENV)/.synced node_modules/.installed $(CHROMIUM) $(CJK_FONT)

# The diagram renderings (tests/bpmn/test_diagram_render.py) use Debian's chromium, driven by
# playwright-core, and need a CJK font for the Chinese labels; nothing downloads a browser.
$(CHROMIUM) $(CJK_FONT):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; \
	else \
		echo "$@ is missing: install Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)"; exit 1; \
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
	rm -rf $(VENV) .tools node_modules test-artifacts
