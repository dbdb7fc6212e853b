# Two commands for a newcomer: `make build` and `make test`. Both set up .venv from the lock files.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes
RUNTIME_STAMP := $(VENV)/.runtime-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
DEV_STAMP     := $(VENV)/.dev-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup dev build test lint fuzz serve bench check browser-deps clean mutate

# Runtime only, every package checked against its hash (the publish job runs just this).
setup: $(RUNTIME_STAMP)

$(RUNTIME_STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.runtime-* && touch $@

# Runtime plus the test, lint and type-check tools.
dev: $(DEV_STAMP)

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.lock
	$(PIP) -r requirements-dev.lock
	@rm -f $(VENV)/.dev-* && touch $@

build: setup
	$(BIN)/xyhf build --catalog catalog --out site

check: setup
	$(BIN)/xyhf check --catalog catalog

# Every static check: lint, format, types. `make test` runs it first.
lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Browser tests drive Debian's Chromium (never a downloaded browser); CJK fonts for screenshots;
# a headless Java runtime for the Nu HTML Checker (vnu-jar, from npm with axe-core).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "需要 root 安装 chromium 与 fonts-noto-cjk：sudo apt-get install chromium fonts-noto-cjk"; fi; fi
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "需要 root 安装 Java（Nu HTML Checker 用）：sudo apt-get install default-jre-headless"; fi; fi

# axe-core (accessibility rules injected into the page) and vnu-jar (the Nu HTML Checker) from the
# npm registry, pinned by its lock.
AXE := tests/e2e/node/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/node/package.json tests/e2e/node/package-lock.json
	cd tests/e2e/node && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: dev browser-deps $(AXE) lint
	$(BIN)/python -m pytest -q

# A long fuzz run of the loader and validator (the test suite runs a bounded slice).
fuzz: dev
	XYHF_FUZZ_EXAMPLES=$${XYHF_FUZZ_EXAMPLES:-5000} $(BIN)/python -m pytest -q tests/fuzz tests/unit/test_schema_equal.py -p no:cacheprovider --hypothesis-show-statistics

serve: build
	$(BIN)/python -m http.server --directory site 8000

bench: dev browser-deps
	$(BIN)/python bench/run.py

# Mutation testing of the rule modules (xyhf/domain, xyhf/validate, views.py, maintain/assign.py, search scoring;
# configured in pyproject.toml [tool.mutmut]); prints the killed share. Slow: not in CI.
# A subset: make mutate MUTANTS='xyhf.domain.deal_state* xyhf.domain.codes*'
MUTANTS ?=
mutate: dev
	$(BIN)/mutmut run --max-children $${XYHF_MUTATE_CHILDREN:-2} $(MUTANTS) || true
	$(BIN)/python bench/mutation_score.py

clean:
	rm -rf site .cache bench/out mutants
