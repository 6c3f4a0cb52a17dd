# The LSTM book. Two commands on a fresh machine with Python 3.11:
#   make book   set up .venv and build the HTML book into _build/html
#   make test   set up .venv, then unit tests, nbval over every notebook (quick mode), the Colab
#               simulation (at the pinned, the oldest claimed and a Colab runtime's versions), the
#               strict book build and the browser tests of the built pages
# Both skip the install when requirements.txt and pyproject.toml are unchanged.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED_DATA ?= ../shared/data
CELL_TIMEOUT := 900

export TF_CPP_MIN_LOG_LEVEL := 3
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install data book test unit notebooks colab-sim colab-sim-versions strict-book browser execute bench bench-loading colab gpu-check clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Offline, put the local copy of the data into Keras's cache, where the loaders look first.
data: $(STAMP)
	@if [ -d "$(SHARED_DATA)" ]; then $(BIN)/python -m helpers.data seed "$(SHARED_DATA)"; \
	else echo "no $(SHARED_DATA): the loaders will download the data through Keras's cache"; fi

book: $(STAMP)
	$(BIN)/jupyter-book build .

# Each part's wall time is printed after it, and all of them at the end.
TEST_PARTS := unit notebooks colab-sim colab-sim-versions strict-book browser
test: $(STAMP) data
	@rm -f _build/test-times.txt; mkdir -p _build; \
	for part in $(TEST_PARTS); do \
		start=$$(date +%s); $(MAKE) --no-print-directory $$part || exit 1; \
		echo "make $$part: $$(( $$(date +%s) - start )) s" | tee -a _build/test-times.txt; \
	done; echo "make test passed; wall time of each part:"; cat _build/test-times.txt

unit: $(STAMP) data
	MPLBACKEND=Agg $(BIN)/python -m pytest tests

notebooks: $(STAMP) data
	LSTM_BOOK_QUICK=1 $(BIN)/python -m pytest --nbval-lax --nbval-current-env \
		--nbval-cell-timeout=$(CELL_TIMEOUT) -p no:cacheprovider chapters

strict-book: $(STAMP)
	$(BIN)/jupyter-book build . --all --warningiserror --nitpick --keep-going

# Headless Chromium over the built pages (tests/browser, which `make unit` leaves out).
browser: strict-book
	$(BIN)/python -m pytest -p no:cacheprovider tests/browser

# Each chapter alone, in a fresh venv without helpers (.colab-venv), as Colab runs it.
# COLAB_SIM_NOTEBOOKS="chapters/01_x.ipynb ..." picks chapters; the default is all of them.
colab-sim: $(STAMP) data
	$(BIN)/python scripts/simulate_colab.py $(COLAB_SIM_NOTEBOOKS)

# The same with the oldest TensorFlow and Keras the book claims (constraints/oldest.txt: TF 2.16.2,
# Keras 3.3.3) and with a Colab runtime's versions (constraints/colab.txt: TF 2.19.0, Keras 3.10.0).
colab-sim-versions: $(STAMP) data
	$(BIN)/python scripts/simulate_colab.py --versions oldest $(COLAB_SIM_NOTEBOOKS)
	$(BIN)/python scripts/simulate_colab.py --versions colab $(COLAB_SIM_NOTEBOOKS)

# Every chapter in quick mode on a GPU (nbval), failing on any error; stops at once without a GPU.
gpu-check: $(STAMP) data
	$(BIN)/python scripts/gpu_check.py

# Re-run every chapter top to bottom in full mode and store the outputs in place.
execute: $(STAMP) data
	env -u LSTM_BOOK_QUICK $(BIN)/python scripts/execute_notebooks.py

# Write colab/<name>.ipynb for every chapter: the chapter with its MyST turned into plain Markdown,
# which the "Open in Colab" buttons open. Run it after changing or re-executing a chapter, then commit.
colab: $(STAMP)
	$(BIN)/python scripts/colab_edition.py

# The IMDb benchmark: one file per row in benchmarks/rows/, each seed run in a process of its own.
# `make bench` runs every row with every seed (hours on 2 cores), so run it in parts:
# `make bench ROWS="cnn transformer"` runs some rows, `SEEDS="42 43"` some seeds. Each run is merged
# into helpers/results/imdb_benchmark.{json,csv} as it finishes; chapters 4 to 7 read that file.
bench: $(STAMP) data
	env -u LSTM_BOOK_QUICK $(BIN)/python -m benchmarks.run $(ROWS) $(if $(SEEDS),--seeds $(SEEDS))

# How long loading the reviews takes, and its peak memory.
bench-loading: $(STAMP) data
	$(BIN)/python benchmarks/load_imdb.py

clean:
	rm -rf _build
