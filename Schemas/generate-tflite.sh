#!/usr/bin/env bash
# Regenerates the Swift declarations of the TFLite schema (builtin operator codes, the options
# unions and tables, the quantization and sparsity tables, the enums they use) from Schemas/tflite.fbs.
#   Schemas/generate-tflite.sh              writes Sources/TFLiteFormat/Schema/Generated (called by `make schemas`)
#   Schemas/generate-tflite.sh OUTPUT_DIR   writes the same files elsewhere (used by check-generated.sh)
# flatc parses the schema into its binary reflection form (.bfbs); Schemas/tflite-codegen, a
# Swift program compiled with the project's FlatBuffers reader, turns that into Swift.
set -euo pipefail

expected_flatc="flatc version 2.0.8"
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/Sources/TFLiteFormat/Schema/Generated}

command -v flatc >/dev/null || { echo "flatc not found: apt-get install flatbuffers-compiler" >&2; exit 1; }
command -v swiftc >/dev/null || { echo "swiftc not found" >&2; exit 1; }
version=$(flatc --version)
if [ "$version" != "$expected_flatc" ]; then
  echo "warning: $version differs from $expected_flatc, which made the committed code" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flatc -b --schema -o "$work" "$root/Schemas/tflite.fbs"
swiftc -module-name TFLiteCodegen -o "$work/tflite-codegen" \
  "$root"/Sources/FlatBuffers/*.swift "$root"/Schemas/tflite-codegen/*.swift
rm -rf "$out"
"$work/tflite-codegen" "$work/tflite.bfbs" "$out"
