#!/usr/bin/env bash
# Fails (exit 1) when the committed Sources/CONNX differs from what Schemas/generate.sh makes
# from Schemas/onnx.proto today. Called by `make test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$root/Schemas/generate.sh" "$fresh/CONNX"
if ! diff -ru "$root/Sources/CONNX" "$fresh/CONNX" > "$fresh/drift.diff"; then
  echo "error: Sources/CONNX is out of date with Schemas/onnx.proto (or was edited by hand)." >&2
  echo "Run Schemas/generate.sh (make schemas) and commit the result. Difference:" >&2
  head -n 40 "$fresh/drift.diff" >&2
  exit 1
fi
echo "Sources/CONNX matches Schemas/onnx.proto"
