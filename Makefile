# casegraph — `make run` builds from corpus/ and serves; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTANCE ?= instance

.PHONY: run test install dev build serve eval bench lint clean screenshots browser-deps examples train

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,st,ray]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

build: install
	$(BIN)/casegraph build corpus --instance $(INSTANCE)

serve: install
	$(BIN)/casegraph serve --instance $(INSTANCE)

run: build serve

# slow end-to-end tests run in CI (CI=true) and with `make test SLOW=1`
PYTEST_ARGS ?= $(if $(or $(CI),$(SLOW)),,-m "not slow")

# the import contract (tests/layers.py), then the suite
test: dev
	$(BIN)/python -m tests.layers
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Debian's chromium + chromedriver for the browser tests (root; .ci/run does this in CI)
browser-deps:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v libreoffice >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk \
	   libreoffice-writer-nogui poppler-utils)

# the example case book in docs/examples/ (Markdown, DOCX and a PNG of its first card page)
examples: build browser-deps
	mkdir -p docs/examples
	$(BIN)/casegraph export --theme 人才振兴 --format md -o docs/examples/casebook-talent.md --instance $(INSTANCE)
	$(BIN)/casegraph export --theme 人才振兴 --format docx -o docs/examples/casebook-talent.docx --instance $(INSTANCE)
	libreoffice --headless --convert-to pdf --outdir /tmp docs/examples/casebook-talent.docx >/dev/null
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile /tmp/casebook-talent.pdf docs/examples/casebook-talent-page1
	pdftoppm -png -r 80 -f 4 -l 4 -singlefile /tmp/casebook-talent.pdf docs/examples/casebook-talent-page4
	pdftoppm -png -r 80 -f 6 -l 6 -singlefile /tmp/casebook-talent.pdf docs/examples/casebook-talent-page6

# page screenshots for README, taken by the browser tests
screenshots: dev browser-deps
	$(BIN)/python -m pytest -q tests/test_browser.py
	mkdir -p docs/screenshots && cp test-output/screenshots/*.png docs/screenshots/

# the development query set, scored by ../shared/eval/eval_search.py on a build of corpus/
eval: build
	$(BIN)/python ../shared/eval/eval_search.py -k 5 --cmd '$(BIN)/casegraph search {query} --top {k} --json --instance $(INSTANCE)'

# every learned model file, fitted again from the committed labels (tests/data/field and friends)
train: dev
	cd benchmarks && ../$(BIN)/python train_lines.py && ../$(BIN)/python train_titles.py && \
	  ../$(BIN)/python train_subject.py && ../$(BIN)/python train_roles.py && \
	  ../$(BIN)/python train_measures.py && ../$(BIN)/python train_measure_encoder.py && \
	  ../$(BIN)/python card_results.py && ../$(BIN)/python train_cases.py && ../$(BIN)/python train_card_titles.py

lint: dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(INSTANCE) test-output
