# Two commands for a newcomer: `make build` and `make test`. Both set up .venv from the lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup build test serve bench check browser-deps clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

build: $(STAMP)
	$(BIN)/xyhf build --catalog catalog --out site

check: $(STAMP)
	$(BIN)/xyhf check --catalog catalog

# Browser tests drive Debian's Chromium (never a downloaded browser); CJK fonts for screenshots.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "需要 root 安装 chromium 与 fonts-noto-cjk：sudo apt-get install chromium fonts-noto-cjk"; fi; fi

# axe-core (accessibility rules injected into the page) from the npm registry, pinned by its lock.
AXE := tests/e2e/node/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/node/package.json tests/e2e/node/package-lock.json
	cd tests/e2e/node && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: $(STAMP) browser-deps $(AXE)
	$(BIN)/python -m pytest -q

serve: build
	$(BIN)/python -m http.server --directory site 8000

bench: $(STAMP) browser-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf site .cache bench/out
