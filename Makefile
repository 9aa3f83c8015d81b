# Two entry points (see README): `make warehouse` and `make test`. Both create .venv/ on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: warehouse test lint format clean-warehouse bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

warehouse: $(STAMP)
	$(BIN)/plans refresh --raw data/raw --warehouse data/warehouse/plans.duckdb

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# Our PDF path against plain pdfplumber (time, memory, accuracy); results in bench/results/.
bench: $(STAMP)
	$(BIN)/python -m bench.pdf_extraction

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean-warehouse:
	rm -f data/warehouse/*.duckdb data/warehouse/*.duckdb.wal
