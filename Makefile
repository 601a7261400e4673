# govtasks — the front door. `make ingest` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help ingest test adversarial check lint format typecheck schemas bench field eval clean

help: ## Show the targets
	@echo "govtasks — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml src/govtasks/__init__.py  # the version lives in __init__.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Bytecode compiled here, as pip compiles an installed package: an editable install where
# PYTHONDONTWRITEBYTECODE is set (many Docker images) would compile every module on every run.
ingest: $(STAMP) ## Ingest data/raw into data/processed (Parquet + CSV)
	@$(BIN)/python -m compileall -q src/govtasks > /dev/null
	$(BIN)/govtasks ingest data/raw --out data/processed

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

adversarial: $(STAMP) ## Only the adversarial tests (a user's mistakes, hostile files)
	$(BIN)/python -m pytest -m adversarial

check: lint typecheck test ## Lint, type-check and test

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

typecheck: $(STAMP) ## mypy --strict on src/
	$(BIN)/mypy

schemas: $(STAMP) ## Regenerate schemas/ from the models
	$(BIN)/govtasks schemas --out schemas

# SCALES=1,10,100 picks the corpus sizes of the ingest benchmark (default 1,10,100,1000).
bench: $(STAMP) ## Run the benchmarks (writes benchmarks/*.md; SCALES=1,10,100 for a shorter run)
	$(BIN)/python benchmarks/roundtrip.py
	$(BIN)/python benchmarks/bench_link.py
	$(BIN)/python benchmarks/bench_office.py
	$(BIN)/python benchmarks/bench_ingest.py $(if $(SCALES),--scales $(SCALES))
	$(BIN)/python benchmarks/bench_update.py $(if $(SCALES),--scales $(SCALES))
	$(BIN)/python benchmarks/bench_assess.py

field: $(STAMP) ## Measure reading on the field corpus of real pages (tests/fixtures/field; V=1 lists every miss)
	$(BIN)/python benchmarks/field.py $(if $(V),--verbose)

eval: $(STAMP) ## Measure status and figures on the labelled samples
	$(BIN)/python benchmarks/eval_status.py
	$(BIN)/python benchmarks/eval_figures.py

clean: ## Remove the virtualenv and the outputs
	rm -rf $(VENV) benchmarks/.corpus data/processed/*.parquet data/processed/*.csv data/processed/*.json data/processed/.cache
