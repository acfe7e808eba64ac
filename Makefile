# casegraph — `make run` builds from corpus/ and serves; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTANCE ?= instance

.PHONY: run test install dev build serve eval bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,st]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

build: install
	$(BIN)/casegraph build corpus --instance $(INSTANCE)

serve: install
	$(BIN)/casegraph serve --instance $(INSTANCE)

run: build serve

test: dev
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(INSTANCE) test-output
