#!/usr/bin/env bash
# `make fuzz`: builds liteconv-fuzz with libFuzzer (-sanitize=fuzzer, its own build folder
# .build/fuzz) and runs each target for FUZZ_SECONDS (default 600) from a seed corpus of the
# committed samples and fixtures. A crash, hang (> 10 s) or out-of-memory input is saved to
# Tests/fuzz/regressions/<target>/ — commit it: `make test` replays that folder — and the run
# fails. Prints executions per target.
# FUZZ_RUNS=N instead runs N inputs per target from a fixed seed (deterministic: `make test`'s smoke).
#   FUZZ_SECONDS=60 FUZZ_TARGETS="onnx tflite" scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
if [ -n "${FUZZ_RUNS:-}" ]; then budget=(-runs="$FUZZ_RUNS" -seed=1); else budget=(-max_total_time="$seconds"); fi
targets=${FUZZ_TARGETS:-"onnx tflite keras npz"}
swift build -c release --product liteconv-fuzz --scratch-path .build/fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -parse-as-library
fuzzer=.build/fuzz/release/liteconv-fuzz

# Seeds: small committed files of each kind (large ones only slow the mutations down).
seed() {
  local target=$1; shift
  local folder=.build/fuzz/seeds/$target
  rm -rf "$folder" && mkdir -p "$folder"
  find "$@" -type f -size -64k -print0 2>/dev/null | sort -z | head -z -n 300 | xargs -0 -I{} cp {} "$folder/" 2>/dev/null || true
  echo "$folder"
}

# The keras target reads what the HDF5 reader process hands back: snapshots of the Keras fixtures.
keras_seeds() {
  local folder=.build/fuzz/seeds/keras
  rm -rf "$folder" && mkdir -p "$folder"
  swift build -c release --product liteconv >&2
  for model in $(find Tests/Fixtures/keras -name '*.h5' -size -64k | sort | head -n 300); do
    .build/release/liteconv read-hdf5-snapshot "$model" --output "$folder/$(basename "$model" .h5).h5snapshot"
  done
  echo "$folder"
}

status=0
for target in $targets; do
  case $target in
    onnx) seeds=$(seed onnx Samples Tests/Fixtures/ops Tests/Fixtures/import -name '*.onnx') ;;
    tflite) seeds=$(seed tflite Tests/Fixtures -name '*.tflite') ;;
    keras) seeds=$(keras_seeds) ;;
    npz) seeds=$(seed npz Samples Tests/Fixtures/ops -name '*.npz') ;;
    *) echo "unknown fuzz target $target" >&2; exit 64 ;;
  esac
  corpus=.build/fuzz/corpus/$target
  if [ -n "${FUZZ_RUNS:-}" ]; then corpus=.build/fuzz/smoke/$target; rm -rf "$corpus"; fi  # the same inputs every time
  mkdir -p "$corpus" "Tests/fuzz/regressions/$target"
  echo "fuzzing $target (${FUZZ_RUNS:-$seconds s} ${FUZZ_RUNS:+runs}, $(ls "$seeds" | wc -l) seeds)"
  if ! SWIFT_BACKTRACE=enable=no LITECONV_FUZZ_TARGET=$target "$fuzzer" "$corpus" "$seeds" "${budget[@]}" -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="Tests/fuzz/regressions/$target/" -print_final_stats=1 > ".build/fuzz/$target.log" 2>&1; then
    echo "FAIL $target: $(grep -m1 -E 'ERROR|deadly signal|timeout|out-of-memory' ".build/fuzz/$target.log" || tail -1 ".build/fuzz/$target.log")"
    status=1
  fi
  echo "$target: $(grep -m1 'stat::number_of_executed_units' ".build/fuzz/$target.log" | awk '{print $2}') executions, $(grep -m1 'stat::peak_rss_mb' ".build/fuzz/$target.log" | awk '{print $2}') MB peak"
done
exit $status
