# Needs only python3: the first target run creates .venv and installs the project into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements.lock
STAMP := $(VENV)/.installed
# Test processes: the e2e tests spend much of their time waiting on their bots (a group's flood
# window, a restart), so four keep two cores busy (measured on one tree, one after another:
# 376 s with four, 400 s with five, 443 s with three).
JOBS ?= 4
# The narrower instruction sets the training tests are run under again (see `make test-isa`).
ISAS ?= AVX2

.PHONY: install lock lock-upgrade bytecode run test test-isa lint bench clean

install: $(STAMP)

# .venv is built anew, exactly from the lock, whenever the lock or pyproject.toml changes: every
# distribution at its pinned version and hash, the project itself without build isolation (so its
# build backend is the locked setuptools), then checked against the lock.
$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) tools/check_venv.py $(LOCK)
	touch $(STAMP)

# The lock from pyproject.toml's ranges: `make lock` after changing a dependency keeps every other
# pin; `make lock-upgrade` takes the newest releases the ranges allow. For Python 3.10–3.13 on
# every platform (tensorflow-cpu on Linux x86_64, tensorflow elsewhere).
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal \
	--python-version 3.10 --generate-hashes --quiet -o $(LOCK)

$(VENV)/bin/uv:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "$$(grep '^uv==' $(LOCK) | cut -d' ' -f1)"

lock: $(VENV)/bin/uv
	$(UV_COMPILE)

lock-upgrade: $(VENV)/bin/uv
	$(UV_COMPILE) --upgrade

# An editable install leaves the project's own modules uncompiled (and PYTHONDONTWRITEBYTECODE
# may keep Python from caching them): every start of the bot would compile them again.
bytecode: $(STAMP)
	$(PY) -m compileall -q bot model classroom benchmarks

run: bytecode
	$(PY) -m bot

# Lint (ruff; mypy over the packages pyproject.toml's [tool.mypy] names), every test, then the
# training tests again under narrower instruction sets. The storage and multi-worker tests run
# against a throwaway PostgreSQL when the machine has its server programs
# (tools/test_postgres.py; `.ci/run` installs them), and are skipped without.
test: bytecode
	$(PY) tools/check_venv.py $(LOCK)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) tools/test_postgres.py -- $(PY) -m pytest -n $(JOBS)
	$(MAKE) --no-print-directory test-isa

# The tests that train real models (-m trains: tests/conftest.py) again, with XLA limited to
# each of $(ISAS): XLA's CPU code follows the vector width, and a test that only passes with this
# machine's widest instructions would fail on another CPU. Processes they start inherit it.
test-isa: bytecode
	for isa in $(ISAS); do \
		echo "--- the training tests with XLA_FLAGS=--xla_cpu_max_isa=$$isa"; \
		XLA_FLAGS="--xla_cpu_max_isa=$$isa" $(PY) -m pytest -n $(JOBS) -q \
			-m trains || exit 1; \
	done

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

bench: bytecode
	$(PY) tools/test_postgres.py -- $(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
	find bot model classroom benchmarks tests -name __pycache__ -type d -prune -exec rm -rf {} +
