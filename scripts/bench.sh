#!/usr/bin/env bash
# Conversion wall time, peak RSS and output size for the largest sample and a generated
# ResNet-50-sized model (~100 MB), with `cp` of the same file as the floor; each figure is the
# median of five runs.
# Usage: scripts/bench.sh path/to/liteconv   (run by `make bench`)
set -euo pipefail
liteconv=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/out/bench
mkdir -p "$out"
[ -f "$out/resnet50.onnx" ] || "$root/.venv/bin/python" "$root/scripts/make_resnet50.py" "$out/resnet50.onnx"
largest=$(ls -S "$root"/Samples/*.onnx | sed -n 1p)

measure() {  # command… → "seconds peak_kb", the median of five runs by time
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt"; exit 1; }
    cat "$out/time.txt"
  done | sort -n | sed -n 3p
}

printf '| model | input size | conversion time | peak RSS | output size | cp time | cp peak RSS |\n|---|---|---|---|---|---|---|\n'
for model in "$largest" "$out/resnet50.onnx"; do
  name=$(basename "$model" .onnx)
  "$liteconv" convert "$model" -o "$out/$name.tflite" 2>/dev/null  # warm the page cache
  read -r seconds peak < <(measure "$liteconv" convert "$model" -o "$out/$name.tflite")
  read -r cp_seconds cp_peak < <(measure cp "$model" "$out/$name.copy")
  printf '| %s | %s MB | %s s | %s MB | %s MB | %s s | %s MB |\n' "$name" \
    "$(awk -v b="$(stat -c %s "$model")" 'BEGIN{printf "%.1f", b/1e6}')" "$seconds" \
    "$(awk -v k="$peak" 'BEGIN{printf "%.1f", k/1024}')" \
    "$(awk -v b="$(stat -c %s "$out/$name.tflite")" 'BEGIN{printf "%.1f", b/1e6}')" "$cp_seconds" \
    "$(awk -v k="$cp_peak" 'BEGIN{printf "%.1f", k/1024}')"
done
