#!/usr/bin/env python3
"""Side by side on every Keras sample: `liteconv convert` against TensorFlow's TFLiteConverter.

Run by `make bench` in the Keras venv (.venv-keras, the only place TensorFlow is installed):
    .venv-keras/bin/python scripts/bench_keras.py .build/release/liteconv
Prints a Markdown table. Per sample (Samples/keras/<name>_<k2|k3>.h5):
  * liteconv: wall time of the whole `liteconv convert` process, median of five runs;
  * TFLiteConverter: in a fresh Python process per run, the time to import TensorFlow and the
    Keras that saved the file (reported apart), then load_model + from_keras_model + convert;
    median of three runs; when that fails, the same model traced at a fixed batch of 1
    (from_concrete_functions), as a user would try next, marked as such;
  * operator count of both .tflite files (every subgraph, so WHILE bodies count), read by flatc;
  * what both files compute in the official TFLite runtime (ai-edge-litert, from the oracle
    venv): the largest error against Keras's own outputs on a first and a second invoke;
  * whether the other Keras major version can load the file at all (the version churn users hit).
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "Schemas/tflite.fbs"

# Runs in a fresh interpreter: prints the import time and the conversion time as JSON.
CONVERTER = r"""
import json, os, sys, time
flavor, model_path, out_path = sys.argv[1:4]
start = time.perf_counter()
if flavor == "k2":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras as keras
else:
    import keras
import tensorflow as tf
imported = time.perf_counter()
def message(error):
    return f"{type(error).__name__}: {str(error).splitlines()[0][:90]}"
try:
    model = keras.models.load_model(model_path, compile=False)
except Exception as error:
    print(json.dumps({"error": message(error)}))
    sys.exit(0)
result = {}
try:
    converted = tf.lite.TFLiteConverter.from_keras_model(model).convert()
except Exception as error:
    # What a user tries next: the same model traced at a fixed batch of 1.
    result["error"] = message(error)
    try:
        specs = [tf.TensorSpec([1] + list(t.shape[1:]), t.dtype) for t in model.inputs]
        traced = tf.function(lambda *xs: model(list(xs) if len(xs) > 1 else xs[0])).get_concrete_function(*specs)
        converted = tf.lite.TFLiteConverter.from_concrete_functions([traced], model).convert()
        result["batch1"] = True
    except Exception as retry:
        print(json.dumps({"error": result["error"], "batch1_error": message(retry)}))
        sys.exit(0)
done = time.perf_counter()
open(out_path, "wb").write(converted)
result.update({"import": imported - start, "convert": done - imported})
print(json.dumps(result))
"""


# Runs in the oracle venv (ai-edge-litert): the largest error against Keras's outputs after a
# first and a second invoke of the same inputs (a model that keeps state between invokes
# differs). Inputs and outputs are matched by shape (TFLiteConverter renames them); a model
# traced at a fixed batch takes the first rows.
RUNTIME_CHECK = r"""
import json, sys
import numpy as np
from ai_edge_litert.interpreter import Interpreter
model, inputs, expected = sys.argv[1], list(np.load(sys.argv[2]).values()), list(np.load(sys.argv[3]).values())
try:
    interpreter = Interpreter(model_path=model)
    details = interpreter.get_input_details()
    fixed = [int(d["shape"][0]) for d in details if d["shape_signature"][0] != -1]
    rows = fixed[0] if fixed else len(inputs[0])
    feeds = []
    for d in details:
        value = next(v for v in inputs if tuple(v.shape[1:]) == tuple(d["shape"][1:]))[:rows]
        interpreter.resize_tensor_input(d["index"], value.shape)
        feeds.append((d, value))
    interpreter.allocate_tensors()
    errors = []
    for _ in range(2):
        for d, value in feeds:
            interpreter.set_tensor(d["index"], value.astype(d["dtype"]))
        interpreter.invoke()
        worst = 0.0
        for d in interpreter.get_output_details():
            output = interpreter.get_tensor(d["index"])
            worst = max(worst, min((float(np.abs(output - r[:rows]).max()) for r in expected if r[:rows].shape == output.shape),
                                   default=float("inf")))
        errors.append(worst)
    print(json.dumps({"errors": errors}))
except Exception as error:
    print(json.dumps({"error": f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"}))
"""


def runtime_errors(tflite, model):
    """'e1 / e2': the largest error against Keras's outputs on a first and a second invoke."""
    stem = model.with_name(model.stem)
    result = subprocess.run([str(ROOT / ".venv/bin/python"), "-c", RUNTIME_CHECK, str(tflite), f"{stem}.inputs.npz", f"{stem}.expected.npz"],
                            capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    report = json.loads(lines[-1]) if lines else {"error": (result.stderr.strip().splitlines() or ["no output"])[-1][:80]}
    if "error" in report:
        return f"fails: {report['error']}"
    return " / ".join(f"{e:.1e}" for e in report["errors"])


def operator_count(tflite, work):
    subprocess.run(["flatc", "--json", "--raw-binary", "--strict-json", "-o", str(work), str(SCHEMA), "--", str(tflite)],
                   check=True, capture_output=True)
    doc = json.loads((work / (tflite.stem + ".json")).read_text())
    return sum(len(s.get("operators", [])) for s in doc["subgraphs"])


def tensorflow_convert(flavor, model, out):
    result = subprocess.run([sys.executable, "-c", CONVERTER, flavor, str(model), str(out)], capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": (result.stderr.strip().splitlines() or ["no output"])[-1][:90]}
    return json.loads(lines[-1])


def liteconv_convert(liteconv, model, out):
    start = time.perf_counter()
    subprocess.run([liteconv, "convert", str(model), "-o", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def main():
    liteconv = str(Path(sys.argv[1]).resolve())
    models = sorted(m for m in (ROOT / "Samples/keras").glob("*_k[23].h5") if m.with_name(m.stem + ".inputs.npz").exists())
    print("| Keras sample | liteconv convert | liteconv ops | liteconv error vs Keras (1st / 2nd invoke) | TFLiteConverter (load + convert) "
          "| TF + Keras import | TFLiteConverter ops | TFLiteConverter error vs Keras (1st / 2nd invoke) | other Keras version loads it |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for model in models:
            flavor = model.stem[-2:]
            ours = work / f"{model.stem}.liteconv.tflite"
            liteconv_convert(liteconv, model, ours)  # warm the page cache
            seconds = statistics.median(liteconv_convert(liteconv, model, ours) for _ in range(5))
            theirs = work / f"{model.stem}.tensorflow.tflite"
            runs = [tensorflow_convert(flavor, model, theirs) for _ in range(3)]
            other = tensorflow_convert("k3" if flavor == "k2" else "k2", model, work / "other.tflite")
            other_loads = "yes" if "error" not in other else f"no: {other['error']}"
            if any("convert" not in r for r in runs):
                failure = next(r["error"] for r in runs if "convert" not in r)
                print(f"| {model.name} | {seconds:.3f} s | {operator_count(ours, work)} | {runtime_errors(ours, model)} | fails: {failure} "
                      f"| | | | {other_loads} |")
                continue
            convert = statistics.median(r["convert"] for r in runs)
            imports = statistics.median(r["import"] for r in runs)
            note = f"fails: {runs[0]['error']}; at batch 1: " if runs[0].get("batch1") else ""
            print(f"| {model.name} | {seconds:.3f} s | {operator_count(ours, work)} | {runtime_errors(ours, model)} | {note}{convert:.2f} s "
                  f"| {imports:.2f} s | {operator_count(theirs, work)} | {runtime_errors(theirs, model)} | {other_loads} |", flush=True)


if __name__ == "__main__":
    main()
