#!/usr/bin/env bash
# Converts every sample model (ONNX and Keras .h5) and verifies it with the reference
# interpreter against the original and the source framework's outputs; prints a table.
# Usage: scripts/demo.sh path/to/liteconv
set -euo pipefail
liteconv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/out/demo
mkdir -p "$out"
printf '%-28s %7s %9s %14s %9s  %s\n' model ops size "max error (*)" time result
status=0
for model in "$root"/Samples/*.onnx "$root"/Samples/keras/*.h5; do
  [ -f "${model%.*}.inputs.npz" ] || continue
  name=$(basename "${model%.*}")
  label=$name${model##*/$name}
  start=$(date +%s%N)
  if ! log=$("$liteconv" convert "$model" -o "$out/$name.tflite" 2>&1); then
    printf '%-28s  conversion failed: %s\n' "$label" "$log"; status=1; continue
  fi
  millis=$(( ($(date +%s%N) - start) / 1000000 ))
  ops=$(sed -n 's/.*→ \([0-9]*\) TFLite ops.*/\1/p' <<<"$log")
  size=$(stat -c %s "$out/$name.tflite")
  if report=$("$liteconv" verify "$model" "$out/$name.tflite" --inputs "${model%.*}.inputs.npz" --expected "${model%.*}.expected.npz" --json); then result=ok; else result=MISMATCH; status=1; fi
  error=$(grep -o '"maxAbsoluteError" : [^,]*' <<<"$report" | awk '{print $3}' | sort -g | tail -1)
  printf '%-28s %7s %9s %14.3e %7sms  %s\n' "$label" "$ops" "$size" "$error" "$millis" "$result"
done
echo "(*) largest absolute difference of the converted model, run by the reference interpreter, from the"
echo "    original model (same interpreter) and from the source framework's outputs (onnxruntime, or Keras"
echo "    itself for the .h5 samples: Samples/**/*.expected.npz)."
for model in "$root"/Samples/keras/lambda_*.h5; do
  code=0
  message=$("$liteconv" convert "$model" -o "$out/refused.tflite" 2>&1) || code=$?
  if [ "$code" -eq 2 ]; then
    echo "$(basename "$model") refused as it must be (exit 2): $(tail -n 1 <<<"$message" | sed 's/^ *//')"
  else
    echo "$(basename "$model"): exit $code, but a model with a Lambda layer must be refused with exit 2"; status=1
  fi
done
exit $status
