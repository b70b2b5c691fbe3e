#!/usr/bin/env python3
"""Files another converter wrote: TensorFlow's TFLiteConverter on every per-layer Keras fixture,
as Tests/Fixtures/tfliteconverter/<fixture>.tflite, for the oracle suite to read them through the
kernel table (our interpreter must compute what the official runtime computes on them, or refuse
them with a reason).

Regenerate in the Keras venv (from the repository root; `make samples` runs it):
    .venv-keras/bin/python Tests/Fixtures/make_foreign_fixtures.py
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_keras import CONVERTER  # noqa: E402 — the same conversion the bench times

OUT = ROOT / "Tests/Fixtures/tfliteconverter"


def main():
    OUT.mkdir(exist_ok=True)
    written = 0
    for model in sorted((ROOT / "Tests/Fixtures/keras").glob("*.h5")):
        if model.name.startswith("refused_") or model.name.endswith(".weights.h5"):
            continue
        flavor = "k2" if model.stem.endswith("_k2") else "k3"
        target = OUT / f"{model.stem}.tflite"
        result = subprocess.run([sys.executable, "-c", CONVERTER, flavor, str(model), str(target)], capture_output=True, text=True)
        report = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {"error": result.stderr[-200:]}
        if "error" in report and not report.get("batch1"):
            target.unlink(missing_ok=True)
            print(f"{model.stem}: TFLiteConverter failed: {report['error']}")
            continue
        written += 1
    print(f"{written} files in {OUT}")


if __name__ == "__main__":
    main()
