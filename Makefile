# LiteConvert — build, demo, test and benchmark entry points. Every target installs what it
# needs when missing: Debian packages (apt-get) and a git-ignored Python venv for the oracles.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
KERAS_VENV := .venv-keras
KERAS_PY := $(KERAS_VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := pkg-config time libprotobuf-c-dev protobuf-c-compiler libflatbuffers-dev flatbuffers-compiler libhdf5-dev libopenblas-dev
RELEASE_BIN := .build/release/liteconv

.PHONY: fuzz demo test deps venv keras-venv build release schemas check-schemas oracle conformance keras-conformance bench samples clean

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

## TensorFlow with tf-keras (Keras 2) and Keras 3: sample regeneration and the bench only.
keras-venv: $(KERAS_VENV)/.installed
$(KERAS_VENV)/.installed: Samples/requirements-keras.txt
	python3 -m venv $(KERAS_VENV)
	$(KERAS_VENV)/bin/pip install -q --disable-pip-version-check -r Samples/requirements-keras.txt
	touch $@

build: deps
	swift build

release: deps
	swift build -c release --product liteconv

## Regenerate the protobuf-c code from Schemas/onnx.proto and the Swift TFLite schema code
## (Sources/TFLiteFormat/Schema/Generated) from Schemas/tflite.fbs.
schemas: deps
	Schemas/generate.sh
	Schemas/generate-tflite.sh

check-schemas: deps
	Schemas/check-generated.sh

## Convert and verify every sample model; print a table.
demo: release
	@scripts/demo.sh $(RELEASE_BIN)

## Every test: generated-code drift, swift test, ONNX and Keras conformance (each fails on
## regressions against its baseline.json), the official-runtime oracle suite and the malformed-input
## corpus (Tests/malformed: every case exits 2 with its message), the fuzz regressions replayed and
## a deterministic fuzz smoke (20 000 inputs per reader).
test: deps venv check-schemas
	swift build -c release --product liteconv
	swift test
	$(PY) Tests/conformance/conformance.py --liteconv $(RELEASE_BIN)
	$(PY) Tests/keras_conformance/keras_conformance.py --liteconv $(RELEASE_BIN)
	$(PY) Tests/oracle/oracle_suite.py --liteconv $(RELEASE_BIN)
	$(PY) Tests/malformed/run_cases.py --liteconv $(RELEASE_BIN)
	swift build -c release --product liteconv-fuzz
	for target in onnx tflite keras npz; do .build/release/liteconv-fuzz $$target Tests/fuzz/regressions/$$target || exit 1; done
	FUZZ_RUNS=20000 scripts/fuzz.sh

## The ONNX backend node tests: writes docs/operators.md; fails on regressions.
conformance: deps venv release
	$(PY) Tests/conformance/conformance.py --liteconv $(RELEASE_BIN)

## The Keras conformance cases (Tests/keras_conformance, Keras 3 and tf-keras): writes the
## conformance section of docs/keras.md; fails on regressions against its baseline.json.
keras-conformance: deps venv release
	$(PY) Tests/keras_conformance/keras_conformance.py --liteconv $(RELEASE_BIN)

## Only the oracle suite (flatc decoding, ai-edge-litert vs onnxruntime, our interpreter).
oracle: deps venv release
	$(PY) Tests/oracle/oracle_suite.py --liteconv $(RELEASE_BIN)

## libFuzzer on the ONNX, TFLite, Keras and .npz readers, FUZZ_SECONDS (default 600) each;
## crashers land in Tests/fuzz/regressions/ (replayed by make test).
fuzz: deps
	scripts/fuzz.sh

## Regenerate every committed sample and fixture with its reference outputs (ONNX with the
## oracle venv, Keras with both Keras versions, TFLiteConverter's files of the Keras fixtures,
## float and quantized, onnxruntime's quantized ONNX samples).
samples: deps venv keras-venv
	$(PY) Samples/make_samples.py
	$(PY) Tests/Fixtures/make_op_fixtures.py
	$(PY) Tests/Fixtures/make_import_fixtures.py
	for flavor in k2 k3; do $(KERAS_PY) Samples/make_keras_samples.py $$flavor && $(KERAS_PY) Tests/Fixtures/make_keras_fixtures.py $$flavor \
	  && $(KERAS_PY) Tests/keras_conformance/make_cases.py $$flavor; done
	$(KERAS_PY) Tests/Fixtures/make_foreign_fixtures.py
	$(KERAS_PY) Tests/Fixtures/make_quantized_fixtures.py
	$(KERAS_PY) Tests/Fixtures/make_sparse_fixtures.py
	$(PY) Tests/Fixtures/make_qdq_fixtures.py
	$(PY) Tests/Fixtures/make_hybrid_fixtures.py
	$(PY) Tests/malformed/make_cases.py
	$(KERAS_PY) Tests/malformed/make_keras_cases.py
	$(VENV)/bin/pip install -q --disable-pip-version-check ai-edge-quantizer==0.10.0
	$(PY) Tests/Fixtures/make_ai_edge_quantizer_fixtures.py

## Conversion time and peak memory on the largest sample and a generated ~100 MB ResNet-50;
## what the converted samples cost in the official runtime; liteconv beside TFLiteConverter on
## every Keras sample; the interpreter beside the official runtime (latency, verify, peak RSS);
## the quantization table (sizes, SQNR, calibration time and int8 latency beside TFLiteConverter).
bench: deps venv keras-venv release
	scripts/bench.sh $(RELEASE_BIN)
	$(PY) scripts/bench_passes.py $(RELEASE_BIN)
	$(PY) scripts/bench_runtime.py --liteconv liteconv=$(RELEASE_BIN) Samples/*.onnx Samples/keras/*.h5
	$(KERAS_PY) scripts/bench_keras.py $(RELEASE_BIN)
	$(PY) scripts/bench_engine.py --liteconv $(RELEASE_BIN) --keras-python $(KERAS_PY)
	$(KERAS_PY) scripts/bench_quantization.py $(RELEASE_BIN)
	$(KERAS_PY) scripts/bench_pruning.py $(RELEASE_BIN)

clean:
	rm -rf .build out
