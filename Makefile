# Two commands on a fresh machine with only Python 3.11+ and pip:
#   make demo   set up .venv and check the bundled example article
#   make test   set up .venv with the test dependencies and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS ?= test
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: demo test test-fast install bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/copydesk check examples/seed-article.html

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	rm -rf .fuzz-corpus && mkdir -p .fuzz-corpus && cp tests/fixtures/seed-article.* tests/fixtures/pages/*.html .fuzz-corpus/
	$(BIN)/python fuzz/fuzz_pipeline.py --stage extract -max_total_time=$(FUZZ_SECONDS) .fuzz-corpus
	$(BIN)/python fuzz/fuzz_pipeline.py --stage read -max_total_time=$(FUZZ_SECONDS) .fuzz-corpus

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
