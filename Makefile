# Newsroom: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format messages bench drill backup restore clean wrk vnu

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## make run: install, migrate the SQLite default, load the demo newsroom, serve on 127.0.0.1:8000
run: $(VENV)/.installed
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_demo
	DEBUG=1 $(MANAGE) create_demo_accounts
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

## make test: ruff, Django's checks, migrations check, and the whole pytest suite
test: $(VENV)/.installed-dev vnu
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=newsroom.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=newsroom.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The Nu HTML checker, from npm's vnu-jar, when Java and npm are here (tests/test_reader_vnu.py;
## without it that test skips, unless REQUIRE_VNU=1).
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/vnu.jar

vnu:
	@if command -v java >/dev/null && command -v npm >/dev/null; then $(MAKE) --no-print-directory $(VNU_JAR); fi

$(VNU_JAR):
	mkdir -p $(VENV)/vnu
	cd $(VENV)/vnu && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null \
		&& tar xzf vnu-jar-$(VNU_VERSION).tgz package/build/dist/vnu.jar \
		&& mv package/build/dist/vnu.jar vnu.jar && rm -rf package vnu-jar-$(VNU_VERSION).tgz

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: refresh the catalogues and compile them (needs GNU gettext)
messages: $(VENV)/.installed
	DEBUG=1 $(MANAGE) makemessages -l ar -l en --no-obsolete --ignore=.venv --ignore=test-results
	DEBUG=1 $(MANAGE) makemessages -d djangojs -l ar -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=test-results
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv

## make backup: pg_dump of $$DATABASE_URL and a tar of the media folder into backups/<timestamp>/
backup:
	scripts/backup.sh

## make restore [BACKUP=backups/<timestamp>]: pg_restore --clean, and the media folder put back
restore:
	scripts/restore.sh $(BACKUP)

## make bench: seed 100,000 stories and 1,000,000 comments into its own PostgreSQL database,
## load gunicorn with wrk, write docs/benchmarks.md (about 20 minutes; not part of make test).
## Smaller: BENCH_STORIES=20000 BENCH_COMMENTS=200000 make bench; again: BENCH_REUSE_SEED=1.
bench: $(VENV)/.installed-dev wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## make drill: faults and load against gunicorn + PostgreSQL + Redis (about 3 minutes);
## writes docs/reliability.md. Restarts the local PostgreSQL cluster once, briefly.
drill: $(VENV)/.installed-dev wrk
	$(BIN)/python -m drill $(DRILL_ARGS)

## The load generator for bench and drill, from Debian's packages when it is missing.
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
