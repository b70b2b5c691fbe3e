#!/usr/bin/env python3
"""Quantized files TensorFlow's TFLiteConverter writes, of the Keras samples (Keras 3), as
Tests/Fixtures/tfliteconverter_quantized/<sample>.<form>.tflite, with the official runtime's
outputs under its reference kernels (BUILTIN_REF) for seeded inputs, as <sample>.<form>.inputs.npz
and <sample>.<form>.expected.npz. Forms: float16 (float16 weights behind DEQUANTIZE), dynamic
(int8 weights, hybrid kernels), int8 (full integer, float I/O), int8io (full integer, int8 I/O),
int16x8 (int16 activations, int8 weights). Calibration: 32 seeded normal samples. For the integer
forms, every intermediate tensor as well (dump_quantized_tensors.py, <sample>.<form>.tensors.npz).

Regenerate in the Keras venv (from the repository root; `make samples` runs it); the reference
outputs are computed in the oracle venv:
    .venv-keras/bin/python Tests/Fixtures/make_quantized_fixtures.py
"""
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/Fixtures/tfliteconverter_quantized"
SAMPLES = ["mobilenet_v2_k3", "resnet_style_k3", "transformer_block_k3", "two_inputs_two_outputs_k3"]
ORACLE = """
import sys
from pathlib import Path
import numpy as np
sys.path.insert(0, sys.argv[1])
import official_runtime
from ai_edge_litert.interpreter import Interpreter
tflite = Path(sys.argv[2])
rng = np.random.default_rng(7)
interpreter = Interpreter(model_path=str(tflite))
inputs = {}
for d in interpreter.get_input_details():
    shape = [s if s > 0 else 1 for s in d["shape_signature"]]
    if np.issubdtype(d["dtype"], np.integer):
        inputs[d["name"]] = rng.integers(-100, 100, size=shape).astype(d["dtype"])
    else:
        inputs[d["name"]] = rng.standard_normal(shape).astype(d["dtype"])
outputs = official_runtime.run(tflite, [inputs], "reference")[0][0]
np.savez(tflite.with_suffix(".inputs.npz"), **inputs)
np.savez(tflite.with_suffix(".expected.npz"), **outputs)
"""


def converter(model, form):
    result = tf.lite.TFLiteConverter.from_keras_model(model)
    if form == "float16":
        result.optimizations = [tf.lite.Optimize.DEFAULT]
        result.target_spec.supported_types = [tf.float16]
        return result
    result.optimizations = [tf.lite.Optimize.DEFAULT]
    if form == "dynamic":
        return result
    rng = np.random.default_rng(5)

    def representative():
        for _ in range(32):
            yield [rng.standard_normal([1] + list(t.shape[1:])).astype(np.float32) for t in model.inputs]

    result.representative_dataset = representative
    if form == "int16x8":
        result.target_spec.supported_ops = [tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
    else:
        result.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    if form == "int8io":
        result.inference_input_type = tf.int8
        result.inference_output_type = tf.int8
    return result


def main():
    OUT.mkdir(exist_ok=True)
    for sample in SAMPLES:
        model = keras.models.load_model(ROOT / f"Samples/keras/{sample}.h5", compile=False)
        for form in ["float16", "dynamic", "int8", "int8io", "int16x8"]:
            target = OUT / f"{sample}.{form}.tflite"
            try:
                target.write_bytes(converter(model, form).convert())
            except Exception as error:  # noqa: BLE001 — a form TFLiteConverter cannot make for this model
                print(f"{target.name}: TFLiteConverter failed: {str(error).splitlines()[0][:120]}")
                continue
            subprocess.run([str(ROOT / ".venv/bin/python"), "-c", ORACLE, str(ROOT / "Tests/oracle"), str(target)], check=True)
            if form in ["int8", "int8io", "int16x8"]:
                subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "Tests/Fixtures/dump_quantized_tensors.py"), str(target)], check=True)
            print(f"{target.name}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
