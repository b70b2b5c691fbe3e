#!/usr/bin/env python3
"""The interpreter beside the official runtime (issue 12): the same .tflite files timed by
`liteconv benchmark` (fast engine at 1 thread and all cores, reference engine at 1 thread) and by
ai-edge-litert with its default XNNPACK delegate at the same thread counts, interleaved in one run
so machine noise hits both alike; then `verify` wall time of ResNet-50 on one input set and the
peak RSS of `liteconv run` on it against its weight bytes. Prints markdown tables.

    .venv/bin/python scripts/bench_engine.py --liteconv .build/release/liteconv --keras-python .venv-keras/bin/python

Models: MobileNetV2-224, ResNet-50-224 and EfficientNetV2-B0-224 from keras.applications (random
weights, saved as .h5 by the Keras venv), the ResNet-50-shaped ONNX model of scripts/make_resnet50.py, the PyTorch
transformer sample, the Keras LSTM/GRU sample, and TFLiteConverter's full-integer int8 file of the
MobileNetV2 (run as it is). Every latency is the median of the timed runs;
ratios are ours ÷ official (below 1: ours is faster).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from ai_edge_litert.interpreter import Interpreter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests/oracle"))
import official_runtime  # noqa: E402

KERAS_APPLICATIONS = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
keras.utils.set_random_seed(12)
for name in sys.argv[2:]:
    model = getattr(keras.applications, name)(weights=None, input_shape=(224, 224, 3))
    model.save(os.path.join(sys.argv[1], name + ".h5"))
"""

# TFLiteConverter's full-integer MobileNetV2 (int8 inside, float I/O), calibrated on 8 seeded
# samples. Without the final softmax: the random weights give logits so small (scale ~1e-8) that
# TFLite's reference int8 SOFTMAX aborts on them (and LiteConvert refuses them).
KERAS_INT8 = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras, numpy as np, tensorflow as tf
keras.utils.set_random_seed(12)
model = keras.applications.MobileNetV2(weights=None, input_shape=(224, 224, 3), classifier_activation=None)
rng = np.random.default_rng(4)
converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = lambda: ([rng.standard_normal((1, 224, 224, 3)).astype(np.float32)] for _ in range(8))
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
open(sys.argv[1], "wb").write(converter.convert())
"""


def run(*args, **kwargs):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))}: {result.stderr.strip()[-500:]}")
    return result


def models(out, liteconv, keras_python):
    """(label, original model, .tflite) for every benchmark model, converting what is missing."""
    apps = ["MobileNetV2", "ResNet50", "EfficientNetV2B0"]
    if not all((out / f"{name}.h5").exists() for name in apps):
        run(keras_python, "-c", KERAS_APPLICATIONS, out, *apps)
    onnx_resnet = out / "resnet50.onnx"
    if not onnx_resnet.exists():
        run(sys.executable, ROOT / "scripts/make_resnet50.py", onnx_resnet)
    sources = [("MobileNetV2-224 (Keras)", out / "MobileNetV2.h5"), ("ResNet-50-224 (Keras)", out / "ResNet50.h5"),
               ("EfficientNetV2-B0-224 (Keras)", out / "EfficientNetV2B0.h5"),
               ("ResNet-50 (ONNX)", onnx_resnet), ("pytorch_transformer", ROOT / "Samples/pytorch_transformer.onnx"),
               ("text_lstm_gru_k3 (Keras LSTM, GRU)", ROOT / "Samples/keras/text_lstm_gru_k3.h5")]
    converted = []
    for label, source in sources:
        tflite = out / (source.stem + ".engine.tflite")
        run(liteconv, "convert", source, "-o", tflite)
        converted.append((label, source, tflite))
    int8 = out / "MobileNetV2.int8.tflite"
    if not int8.exists():
        run(keras_python, "-c", KERAS_INT8, int8)
    converted.append(("MobileNetV2-224 int8, no softmax (TFLiteConverter's file)", int8, int8))
    return converted


def ours(liteconv, tflite, threads, engine, runs, warmup):
    report = json.loads(run(liteconv, "benchmark", tflite, "--json", "--threads", threads, "--engine", engine,
                            "--runs", runs, "--warmup", warmup).stdout)
    return report["latency_ms"]["median"], report


def official(tflite, threads, runs):
    """The official runtime's median latency in ms, run-time dims at 1 as `liteconv benchmark` sets them."""
    interpreter = Interpreter(model_path=str(tflite), num_threads=threads,
                              experimental_op_resolver_type=official_runtime.KERNEL_SETS["xnnpack"])
    by_name = official_runtime.random_inputs(tflite, np.random.default_rng(0), dynamic=1)
    inputs = {d["index"]: by_name[d["name"]] for d in interpreter.get_input_details()}
    for index, value in inputs.items():
        interpreter.resize_tensor_input(index, value.shape)
    interpreter.allocate_tensors()
    for index, value in inputs.items():
        interpreter.set_tensor(index, value)
    return 1000 * official_runtime.median_invoke_seconds(interpreter, runs)


def weight_bytes(liteconv, model):
    return json.loads(run(liteconv, "inspect", model, "--json").stdout)["parameterBytes"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--liteconv", required=True, type=Path)
    parser.add_argument("--keras-python", required=True, help="a Python with Keras (the .venv-keras venv)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the best round counts")
    args = parser.parse_args()
    liteconv = args.liteconv.resolve()
    out = ROOT / "out/bench"
    out.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count()
    thread_counts = sorted({1, cores})
    converted = models(out, liteconv, args.keras_python)

    gemm = json.loads(run(liteconv, "benchmark", converted[0][2], "--json", "--runs", 1).stdout)["gemm_library"]
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(f"GEMM: {gemm}; OPENBLAS_CORETYPE {coretype + ' (set in the environment)' if coretype else 'unset'}; {cores} cores\n")
    header = "| model | " + " | ".join(f"ours {t}T ms | official {t}T ms | ratio {t}T" for t in thread_counts) + " | ours reference 1T ms |"
    print(header)
    print("|---|" + "---|---|---|" * len(thread_counts) + "---|")
    for label, _, tflite in converted:
        best = {}
        for _ in range(args.rounds):
            for t in thread_counts:
                mine, _ = ours(liteconv, tflite, t, "fast", args.runs, 2)
                theirs = official(tflite, t, args.runs)
                previous = best.get(t, (float("inf"), float("inf")))
                best[t] = (min(previous[0], mine), min(previous[1], theirs))
        reference, _ = ours(liteconv, tflite, 1, "reference", 3, 0)
        cells = [f"{best[t][0]:.2f} | {best[t][1]:.2f} | {best[t][0] / best[t][1]:.2f}×" for t in thread_counts]
        print(f"| {label} | " + " | ".join(cells) + f" | {reference:.1f} |")

    print("\n| ResNet-50-224 (Keras) | measured | target |\n|---|---|---|")
    _, source, tflite = converted[1]
    walls = []
    for _ in range(3):
        start = time.perf_counter()
        run(liteconv, "verify", source, tflite, "--samples", 1)
        walls.append(time.perf_counter() - start)
    print(f"| `verify` wall time, one input set (median of 3) | {statistics.median(walls):.2f} s | < 1.5 s |")
    inputs = out / "resnet50_inputs.npz"
    np.savez(inputs, **official_runtime.random_inputs(tflite, np.random.default_rng(1), dynamic=1))
    peaks = []
    for _ in range(3):
        timed = run("/usr/bin/time", "-f", "%M", liteconv, "run", tflite, "--inputs", inputs, "--outputs", out / "resnet50_outputs.npz")
        peaks.append(int(timed.stderr.strip().splitlines()[-1]) * 1024)
    weights = weight_bytes(liteconv, tflite)
    peak = statistics.median(peaks)
    print(f"| peak RSS of `run` (median of 3) | {peak / 1e6:.1f} MB = {peak / weights:.2f}× the {weights / 1e6:.1f} MB of weights | < 1.5× |")


if __name__ == "__main__":
    main()
