# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test services chromium lint bench messages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed requirements-test.txt
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

## run: the app with demo data on embedded defaults (SQLite file, filesystem broker)
run: $(VENV)/.installed
	$(PY) manage.py serve

## services: start PostgreSQL and Redis if they are not running; fail loudly otherwise
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@pg_isready -h 127.0.0.1 -p 5432 || (echo "PostgreSQL is not running" && exit 1)
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
	@redis-cli -h 127.0.0.1 -p 6379 ping || (echo "Redis is not running" && exit 1)

## chromium: Debian's Chromium for the browser tests, and Noto fonts for Hindi PDFs
chromium:
	@test -x /usr/bin/chromium && fc-list 2>/dev/null | grep -qi "Noto Sans Devanagari" || \
	  (apt-get update && apt-get install -y chromium fonts-noto-core)

## test: the whole suite against PostgreSQL, Redis, a Celery worker and Chromium
test: $(VENV)/.test-installed services chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

## bench: the benchmarks under bench/ (figures go in the closing notes)
bench: $(VENV)/.test-installed services
	$(PIP) install --quiet -r requirements-bench.txt
	$(PY) bench/run_all.py

## messages: refresh and compile the Hindi catalogue
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l hi --no-obsolete --ignore=.venv --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages -l hi --ignore=.venv

clean:
	rm -rf $(VENV) .local staticfiles .pytest_cache
