#!/usr/bin/env bash
# Converts every sample model and verifies it with the reference interpreter; prints a table.
# Usage: scripts/demo.sh path/to/liteconv
set -euo pipefail
liteconv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/out/demo
mkdir -p "$out"
printf '%-18s %7s %9s %14s %9s  %s\n' model ops size "max error (*)" time result
status=0
for model in "$root"/Samples/*.onnx; do
  name=$(basename "$model" .onnx)
  start=$(date +%s%N)
  if ! log=$("$liteconv" convert "$model" -o "$out/$name.tflite" 2>&1); then
    printf '%-18s  conversion failed: %s\n' "$name" "$log"; status=1; continue
  fi
  millis=$(( ($(date +%s%N) - start) / 1000000 ))
  ops=$(sed -n 's/.*→ \([0-9]*\) TFLite ops.*/\1/p' <<<"$log")
  size=$(stat -c %s "$out/$name.tflite")
  if report=$("$liteconv" verify "$model" "$out/$name.tflite" --inputs "$root/Samples/$name.inputs.npz" --expected "$root/Samples/$name.expected.npz" --json); then result=ok; else result=MISMATCH; status=1; fi
  error=$(grep -o '"maxAbsoluteError" : [^,]*' <<<"$report" | awk '{print $3}' | sort -g | tail -1)
  printf '%-18s %7s %9s %14.3e %7sms  %s\n' "$name" "$ops" "$size" "$error" "$millis" "$result"
done
echo "(*) largest absolute difference of the converted model, run by the reference interpreter, from the"
echo "    original ONNX model (same interpreter) and from onnxruntime's outputs (Samples/*.expected.npz)."
exit $status
