#!/usr/bin/env bash
# Fails when the committed protobuf-c code in Sources/CONNX no longer matches Schemas/onnx.proto.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$root/Schemas/generate.sh" "$fresh"
for file in onnx.pb-c.c include/onnx.pb-c.h; do
  if ! cmp -s "$fresh/$file" "$root/Sources/CONNX/$file"; then
    echo "Sources/CONNX/$file is out of date with Schemas/onnx.proto: run 'make schemas' and commit the result." >&2
    diff -u "$root/Sources/CONNX/$file" "$fresh/$file" | head -20 >&2 || true
    exit 1
  fi
done
echo "generated protobuf-c code matches Schemas/onnx.proto"
