# The two commands of the quick start. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := demo.db

.PHONY: demo test install install-test seeds bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

## make demo: install, then run the whole job on the bundled fictional story
demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/storyledger ingest storyledger/demo/corpus --db $(DEMO_DB)
	$(BIN)/storyledger articles --db $(DEMO_DB)
	$(BIN)/storyledger threads --db $(DEMO_DB)
	$(BIN)/storyledger dossier 1 --db $(DEMO_DB) --format md -o demo-dossier.md
	@echo "dossier written to demo-dossier.md"
	$(BIN)/storyledger eval storyledger/demo/corpus --gold storyledger/demo/demo.gold.json

## make seeds: the same on the real reference reports in ../shared/seeds
seeds: install
	$(BIN)/storyledger eval ../shared/seeds --gold ../shared/gold/seeds.gold.json

## make test: install what the tests need, run the whole suite
test: install-test
	$(BIN)/pytest -q

bench: install
	$(BIN)/storyledger bench --quick

clean:
	rm -rf $(VENV) *.egg-info $(DEMO_DB)* demo-dossier.md artifacts
