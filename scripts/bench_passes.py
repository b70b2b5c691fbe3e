#!/usr/bin/env python3
"""What the optimization passes do to every sample and to the ResNet-50-sized model of
scripts/bench.sh: TFLite operator count and file size with --no-optimize and with the default
pipeline, the time the whole pipeline takes (summed from --report), and for ONNX models the
operator count with --nhwc-io and how many of those are TRANSPOSE. Prints a Markdown table.

Run by `make bench` (after scripts/bench.sh has generated out/bench/resnet50.onnx):
    .venv/bin/python scripts/bench_passes.py .build/release/liteconv
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def convert(liteconv, model, work, *flags):
    out, report = work / "model.tflite", work / "report.json"
    subprocess.run([liteconv, "convert", str(model), "-o", str(out), "--report", str(report), *flags], check=True, capture_output=True)
    data = json.loads(report.read_text())
    return data["output_ops"], data["output_bytes"], sum(p["seconds"] for p in data["passes"])


def main():
    liteconv = sys.argv[1]
    models = sorted((ROOT / "Samples").glob("*.onnx"))
    models += [m for m in sorted((ROOT / "Samples/keras").glob("*.h5")) if m.with_suffix(".inputs.npz").exists()]
    resnet = ROOT / "out/bench/resnet50.onnx"
    if resnet.exists():
        models.append(resnet)
    print("| model | ops --no-optimize | ops optimized | size --no-optimize | size optimized | pipeline time | ops with --nhwc-io (TRANSPOSE) |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for model in models:
            plain_ops, plain_bytes, _ = convert(liteconv, model, work, "--no-optimize")
            ops, size, seconds = convert(liteconv, model, work)
            nhwc = ""
            if model.suffix == ".onnx":
                nhwc_ops, _, _ = convert(liteconv, model, work, "--nhwc-io")
                nhwc = f"{sum(nhwc_ops.values())} ({nhwc_ops.get('TRANSPOSE', 0)})"
            print(f"| {model.name} | {sum(plain_ops.values())} | {sum(ops.values())} | {plain_bytes / 1e6:.3f} MB | {size / 1e6:.3f} MB "
                  f"| {seconds:.3f} s | {nhwc} |")


if __name__ == "__main__":
    main()
