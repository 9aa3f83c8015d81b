# Two entry points (see README): `make warehouse` and `make test`. Both create .venv/ on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: warehouse test lint format clean-warehouse bench bench-ocr bench-scale bench-sample system-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages OCR needs (scanned PDFs): Tesseract 5 with Arabic and French. Run as root.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-ara tesseract-ocr-fra
system-packages:
	command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx ara \
	    && tesseract --list-langs 2>/dev/null | grep -qx fra \
	    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	         --no-install-recommends $(OCR_PACKAGES) >/dev/null; }

warehouse: $(STAMP)
	$(BIN)/plans refresh --raw data/raw --warehouse data/warehouse/plans.duckdb

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# Our PDF path against plain pdfplumber (time, memory, accuracy); results in bench/results/.
bench: $(STAMP)
	$(BIN)/python -m bench.pdf_extraction

# OCR time per page against the plain tesseract CLI on the same pages; results in bench/results/.
bench-ocr: $(STAMP)
	$(BIN)/python -m bench.ocr_speed

# Refresh and views on synthetic corpora of N communes against a floor (SIZES=15,150,1500 to go
# further); results in bench/results/scale.json.
SIZES ?= 15,150
bench-scale: $(STAMP)
	$(BIN)/python -m bench.scale --sizes $(SIZES)

# The sample corpus's full refresh against the plain floor and the floor with OCR of image-only
# pages (median of 3); results in bench/results/sample_refresh.json.
bench-sample: $(STAMP)
	$(BIN)/python -m bench.sample_refresh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean-warehouse:
	rm -f data/warehouse/*.duckdb data/warehouse/*.duckdb.wal
