# Needs only python3: the first target run creates .venv and installs the project into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install bytecode run test lint bench clean

install: $(STAMP)

# Reinstalled only when pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# An editable install leaves the project's own modules uncompiled (and PYTHONDONTWRITEBYTECODE
# may keep Python from caching them): every start of the bot would compile them again.
bytecode: $(STAMP)
	$(PY) -m compileall -q bot model classroom benchmarks

run: bytecode
	$(PY) -m bot

test: bytecode
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: bytecode
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find bot model classroom benchmarks tests -name __pycache__ -type d -prune -exec rm -rf {} +
