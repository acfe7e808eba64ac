# casegraph — `make run` builds from corpus/ and serves; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTANCE ?= instance

.PHONY: run test install dev build serve eval bench lint clean screenshots browser-deps

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

# Debian's chromium + chromedriver for the browser tests (root; .ci/run does this in CI)
browser-deps:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk)

# page screenshots for README, taken by the browser tests
screenshots: dev browser-deps
	$(BIN)/python -m pytest -q tests/test_browser.py
	mkdir -p docs/screenshots && cp test-output/screenshots/*.png docs/screenshots/

# the development query set, scored by ../shared/eval/eval_search.py on a build of corpus/
eval: build
	$(BIN)/python ../shared/eval/eval_search.py -k 5 --cmd '$(BIN)/casegraph search {query} --top {k} --json --instance $(INSTANCE)'

lint: dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(INSTANCE) test-output
