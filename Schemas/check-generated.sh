#!/usr/bin/env bash
# Fails (exit 1) when committed generated code differs from what its generator makes today:
# Sources/CONNX (Schemas/generate.sh from Schemas/onnx.proto) and Sources/TFLiteFormat/Schema/Generated
# (Schemas/generate-tflite.sh from Schemas/tflite.fbs). Called by `make test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
status=0

# check COMMITTED_DIR GENERATOR SCHEMA: regenerates into a temporary directory and diffs.
check() {
  local committed=$1 generator=$2 schema=$3
  local name
  name=$(basename "$committed")
  "$root/Schemas/$generator" "$fresh/$name"
  if diff -ru "$root/$committed" "$fresh/$name" > "$fresh/$name.diff"; then
    echo "$committed matches Schemas/$schema"
  else
    echo "error: $committed is out of date with Schemas/$schema (or was edited by hand)." >&2
    echo "Run Schemas/$generator (make schemas) and commit the result. Difference:" >&2
    head -n 40 "$fresh/$name.diff" >&2
    status=1
  fi
}

check Sources/CONNX generate.sh onnx.proto
check Sources/TFLiteFormat/Schema/Generated generate-tflite.sh tflite.fbs
exit $status
