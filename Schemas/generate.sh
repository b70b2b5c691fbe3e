#!/usr/bin/env bash
# Regenerates Sources/CONNX (protobuf-c code) from Schemas/onnx.proto.
# Usage: Schemas/generate.sh [OUTPUT_DIR]   (default: Sources/CONNX)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/Sources/CONNX}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root/Schemas" && protoc-c --c_out="$work" onnx.proto)
mkdir -p "$out/include"
# The header goes to the C target's public include directory.
mv "$work/onnx.pb-c.h" "$out/include/onnx.pb-c.h"
mv "$work/onnx.pb-c.c" "$out/onnx.pb-c.c"
