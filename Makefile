# A new user runs `make demo` and `make test`; both set up .venv first if needed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup demo test bench clean

setup: $(STAMP)

# torch is pinned and installed first so that no dependency pulls a CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test,postgres,ray,onnx]'
	touch $(STAMP)

demo: setup
	$(VENV)/bin/lagebild demo --db demo.db

test: setup
	bash scripts/browser-deps.sh
	bash scripts/postgres-deps.sh
	$(PY) -m pytest

bench: setup
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) benchmarks/extraction.py ../shared/benchmarks/extraction/scrapinghub ../shared/benchmarks/extraction/trafilatura-eval

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
