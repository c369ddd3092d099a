# Recovery Desk. `make run` starts a working desk on a bare machine; `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# axe-core (the accessibility test's checker) comes from npm, pinned in package-lock.json.
AXE := node_modules/axe-core/axe.min.js

# The suite runs on PostgreSQL and Redis (both local on developer machines and CI).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recovery_desk
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

# `make bench` seeds (once) and loads its own database; Redis DB 5 keeps it apart from tests.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recovery_bench_load
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/5

.PHONY: install run test lint audit bench

install: $(STAMP) $(AXE)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# `make run` needs nothing but Python: the npm part of `install` is the tests' alone.
run: $(STAMP)
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py rundesk

test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

# Lint, the import layers between the apps (pyproject's [tool.importlinter]), and models
# whose migrations are missing (CI runs these before the suite).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run

# Security: bandit over our code (each `# nosec` says why), pip-audit over the installed
# dependencies (needs a vulnerability service: pypi.org or osv.dev). See SECURITY.md.
APPS := recovery accounts cases apologies archive incidents insights webhooks demo
audit: install
	$(BIN)/bandit -q -r $(APPS) -x '*/migrations/*'
	$(BIN)/pip-audit --skip-editable --strict

# Needs wrk, Debian's load generator (installed here if missing and apt-get is at hand).
# BENCH_ARGS="--reseed" seeds again; BENCH_ARGS="--scale 10" measures at 10× the rows in a
# database of its own (seeded once); see bench/load.py --help.
bench: install
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
		$(BIN)/python bench/load.py $(BENCH_ARGS)
