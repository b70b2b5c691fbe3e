#!/usr/bin/env bash
# Regenerates the CONNX C target (protobuf-c code for the ONNX messages) from Schemas/onnx.proto.
#   Schemas/generate.sh              writes Sources/CONNX (called by `make schemas`)
#   Schemas/generate.sh OUTPUT_DIR   writes the same tree elsewhere (used by check-generated.sh)
# Output layout, a SwiftPM C target whose public headers live in include/:
#   OUTPUT_DIR/onnx.pb-c.c  OUTPUT_DIR/include/onnx.pb-c.h  OUTPUT_DIR/include/CONNX.h (umbrella)
# The output depends only on onnx.proto and the protoc-c version (pinned below), so it can be diffed.
set -euo pipefail

expected_protoc_c="protobuf-c 1.4.1"
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/Sources/CONNX}

command -v protoc-c >/dev/null || { echo "protoc-c not found: apt-get install protobuf-c-compiler" >&2; exit 1; }
# sed reads all of its input: with `head`, protoc-c could die of SIGPIPE and fail the pipeline.
version=$(protoc-c --version | sed -n 1p)
if [ "$version" != "$expected_protoc_c" ]; then
  echo "warning: $version differs from $expected_protoc_c, which made the committed code" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Run from Schemas/ with a relative path so the "Generated from:" comment carries no absolute path.
(cd "$root/Schemas" && protoc-c --proto_path=. --c_out="$work" onnx.proto)

mkdir -p "$out/include"
# The .c includes "onnx.pb-c.h"; SwiftPM puts include/ on the target's header search path.
mv "$work/onnx.pb-c.c" "$out/onnx.pb-c.c"
mv "$work/onnx.pb-c.h" "$out/include/onnx.pb-c.h"
cat > "$out/include/CONNX.h" <<'HEADER'
/* Umbrella header of the CONNX module, written by Schemas/generate.sh. DO NOT EDIT!
 * Swift code uses `import CONNX` to reach the protobuf-c ONNX messages, e.g.
 * onnx__model_proto__unpack / onnx__model_proto__free_unpacked. */
#ifndef CONNX_H
#define CONNX_H
#include "onnx.pb-c.h"
#endif
HEADER
