# Ostrom: `make run` serves the demo, `make test` runs everything CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install makemessages compilemessages pseudo-locales lint test-sqlite test-postgres test-browser test-production test-slow lock benchmarks backup restore load fuzz-api screenshots

$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The NHS.UK frontend's styles without fonts from another host (see ostrom/core/scss/nhsuk.scss).
NHSUK_CSS := build/static/nhsuk/ostrom-nhsuk.css
$(NHSUK_CSS): node_modules/.installed ostrom/core/scss/nhsuk.scss
	mkdir -p $(dir $@)
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps ostrom/core/scss/nhsuk.scss $@

install: $(BIN)/.installed node_modules/.installed $(NHSUK_CSS) compilemessages

# Translations (see "Translating Ostrom" in the README). makemessages extracts every marked string into
# locale/django.pot and updates each language's catalogue from it, keeping who reviewed it; LANG_ADD=ur
# starts a catalogue for a new language. compilemessages turns each catalogue into the .mo Django reads.
makemessages: $(BIN)/.installed
	$(BIN)/python -m ostrom.core.catalogues $(if $(LANG_ADD),--add $(LANG_ADD))

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
compilemessages: $(MO_FILES)

locale/%.mo: locale/%.po | $(BIN)/.installed
	$(BIN)/pybabel --quiet compile --statistics -i $< -o $@

# The pseudo-locales en-xa and ar-xb in build/pseudo-locales, for `PSEUDO_LOCALES=true make run`.
pseudo-locales: $(BIN)/.installed
	DEBUG=true $(BIN)/python manage.py pseudo_locales

run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py createcachetable
	DEBUG=true $(BIN)/python manage.py seed_demo
	@if [ "$$PSEUDO_LOCALES" = true ]; then DEBUG=true $(BIN)/python manage.py pseudo_locales; fi
	@echo "Serving on http://127.0.0.1:8000 with a task worker (Ctrl+C stops both)"
	DEBUG=true nice -n 10 $(BIN)/python manage.py db_worker --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

test: lint test-sqlite test-postgres test-browser test-production

test-sqlite: install
	DEBUG=true $(BIN)/pytest -m "not browser and not production and not slow" -n 2 -p no:cacheprovider

# The PostgreSQL run covers everything that touches the database; the pure engines' tests do not, and
# the permission matrix checks rules that do not depend on the database, so they run once, above.
test-postgres: install
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
	  echo "*** NOT TESTED ON POSTGRESQL: TEST_DATABASE_URL is not set."; \
	  echo "*** Run .ci/run (it installs and starts a throwaway PostgreSQL), or set"; \
	  echo "*** TEST_DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/ostrom and run make test again."; \
	else \
	  DEBUG=true DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest -m "not browser and not production and not slow" -n 2 -p no:cacheprovider \
	    --ignore=tests/budgeting --ignore=tests/sortition --ignore=tests/opinion \
	    --ignore=tests/test_permission_matrix.py; \
	fi

test-browser: install
	@test -x $(CHROMIUM) || { echo "Chromium is missing: install Debian's with 'sudo apt-get install chromium' (never 'playwright install'), then run make test again."; exit 1; }
	DEBUG=true $(BIN)/pytest -m browser -p no:cacheprovider

# collectstatic, the demo in a throwaway SQLite database, and the app under gunicorn with DEBUG off. The
# pytest process itself only reads the URL configuration; the deployment gets its own environment.
test-production: install
	DEBUG=true $(BIN)/pytest -m production -p no:cacheprovider tests/production tests/faults

# The README's pictures, taken again in Chromium from the demo in a throwaway database (docs/screenshots.py).
# Add SHOTS="home lottery" to take only some.
screenshots: install
	@test -x $(CHROMIUM) || { echo "Chromium is missing: install Debian's with 'sudo apt-get install chromium' (never 'playwright install')."; exit 1; }
	$(BIN)/python docs/screenshots.py $(if $(SHOTS),--only $(SHOTS))

# The peer comparisons on the largest real files (pabutools takes minutes on each): outside make test.
test-slow: install
	DEBUG=true $(BIN)/pytest -m slow -n 2 -p no:cacheprovider
# Fuzzed imports (tests/test_import_fuzz.py) with many more generated files than `make test` tries.
.PHONY: fuzz-imports
fuzz-imports: install
	HYPOTHESIS_PROFILE=long DEBUG=true $(BIN)/pytest -p no:cacheprovider tests/test_import_fuzz.py

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^ostrom' > requirements.lock

benchmarks: install
	for script in $(filter-out benchmarks/load.py benchmarks/_postgres.py,$(wildcard benchmarks/*.py)); do $(BIN)/python $$script; done

# Backups (see "Backups" in the README): the database named by DATABASE_URL and the uploaded files, in one
# archive under backups/ (BACKUP_DIR). `make restore BACKUP=backups/ostrom-….tar` asks before replacing anything.
backup:
	$(BIN)/python manage.py backup

restore:
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/ostrom-<time>.tar"; exit 1; }
	$(BIN)/python manage.py restore "$(BACKUP)"

# The load benchmark (outside make test): the production server under mixed traffic on SQLite, and on
# PostgreSQL when BENCH_DATABASE_URL names a database it may drop and create. Exits 1 if a target is missed.
load: install
	$(BIN)/python benchmarks/load.py --database-url ""
	@if [ -n "$$BENCH_DATABASE_URL" ]; then $(BIN)/python benchmarks/load.py --database-url "$$BENCH_DATABASE_URL"; \
	  else echo "*** Not run on PostgreSQL: set BENCH_DATABASE_URL=postgres://USER@HOST:PORT/SCRATCH_DB"; fi

# Generated API requests at length: API_FUZZ_EXAMPLES per operation (make test runs 6), with
# schemathesis's boundary-value phase too. Add DATABASE_URL=postgres://… to run it on PostgreSQL.
API_FUZZ_EXAMPLES ?= 200
fuzz-api: install
	DEBUG=true API_FUZZ_EXAMPLES=$(API_FUZZ_EXAMPLES) API_FUZZ_THOROUGH=1 $(BIN)/pytest -p no:cacheprovider tests/api/test_generated_requests.py
