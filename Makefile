# LiteConvert — build, demo, test and benchmark entry points. Every target installs what it
# needs when missing: Debian packages (apt-get) and a git-ignored Python venv for the oracles.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := pkg-config time libprotobuf-c-dev protobuf-c-compiler libflatbuffers-dev flatbuffers-compiler libhdf5-dev
RELEASE_BIN := .build/release/liteconv

.PHONY: demo test deps venv build release schemas check-schemas oracle conformance bench clean

## Install missing Debian packages.
deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## The Python venv with the official oracles (onnx, onnxruntime, ai-edge-litert). Tests only.
venv: $(VENV)/.installed
$(VENV)/.installed: Tests/oracle/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/oracle/requirements.txt
	touch $@

build: deps
	swift build

release: deps
	swift build -c release --product liteconv

## Regenerate the protobuf-c code from Schemas/onnx.proto.
schemas: deps
	Schemas/generate.sh

check-schemas: deps
	Schemas/check-generated.sh

## Convert and verify every sample model; print a table.
demo: release
	@scripts/demo.sh $(RELEASE_BIN)

## Every test: generated-code drift, swift test, ONNX conformance (fails on regressions against
## Tests/conformance/baseline.json) and the official-runtime oracle suite.
test: deps venv check-schemas
	swift build -c release --product liteconv
	swift test
	$(PY) Tests/conformance/conformance.py --liteconv $(RELEASE_BIN)
	$(PY) Tests/oracle/oracle_suite.py --liteconv $(RELEASE_BIN)

## The ONNX backend node tests: writes docs/operators.md; fails on regressions.
conformance: deps venv release
	$(PY) Tests/conformance/conformance.py --liteconv $(RELEASE_BIN)

## Only the oracle suite (flatc decoding, ai-edge-litert vs onnxruntime, our interpreter).
oracle: deps venv release
	$(PY) Tests/oracle/oracle_suite.py --liteconv $(RELEASE_BIN)

## Conversion time and peak memory on the largest sample and a generated ~100 MB ResNet-50.
bench: deps venv release
	scripts/bench.sh $(RELEASE_BIN)

clean:
	rm -rf .build out
