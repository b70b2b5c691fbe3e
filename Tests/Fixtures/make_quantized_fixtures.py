#!/usr/bin/env python3
"""Quantized files TensorFlow's TFLiteConverter writes, of the Keras samples (Keras 3), as
Tests/Fixtures/tfliteconverter_quantized/<sample>.<form>.tflite, with the official runtime's
outputs under its reference kernels (BUILTIN_REF) for seeded inputs, as <sample>.<form>.inputs.npz
and <sample>.<form>.expected.npz. Forms: float16 (float16 weights behind DEQUANTIZE), dynamic
(int8 weights, hybrid kernels), int8 (full integer, float I/O), int8io (full integer, int8 I/O),
float32 (unquantized, what make_ai_edge_quantizer_fixtures.py quantizes),
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
    if form == "float32":
        return result
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


def op_zoo(int16=False):
    """One model through the quantized kernels the samples do not reach: PReLU, LeakyReLU, hard
    swish, sigmoid, tanh, average and max pooling, bilinear and nearest resizing, padding,
    cropping, concatenation, transposition, subtraction and multiplication. TFLiteConverter has
    no int16x8 PReLU or hard swish: that form has ReLUs in their places."""
    layers = keras.layers
    x = keras.Input((16, 16, 4), name="image")
    conv = layers.Conv2D(8, 3, padding="same")(x)
    a = layers.ReLU()(conv) if int16 else layers.PReLU(shared_axes=[1, 2], alpha_initializer=keras.initializers.Constant(0.2))(conv)
    b = layers.LeakyReLU(negative_slope=0.2)(layers.DepthwiseConv2D(3, padding="same")(a))
    c = layers.Activation("relu" if int16 else "hard_silu")(layers.Conv2D(8, 1)(b))
    d = layers.Multiply()([layers.Activation("sigmoid")(c), layers.Activation("tanh")(b)])
    e = layers.Subtract()([layers.AveragePooling2D(2)(d), layers.MaxPooling2D(2)(c)])
    f = layers.UpSampling2D(2, interpolation="bilinear")(e)
    g = layers.Resizing(16, 16, interpolation="nearest")(layers.ReLU(max_value=6.0)(e))
    h = layers.Concatenate()([f, g, layers.Cropping2D(1)(layers.ZeroPadding2D(1)(d))])
    i = layers.Permute((2, 1, 3))(h)
    j = layers.Reshape((16, 16 * 24))(i)
    out = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling1D()(j))
    model = keras.Model(x, out, name="quantized_op_zoo")
    rng = np.random.default_rng(11)
    model.set_weights([rng.normal(0, 0.3, w.shape).astype(np.float32) for w in model.get_weights()])
    return model


def main():
    OUT.mkdir(exist_ok=True)
    models = [(sample, keras.models.load_model(ROOT / f"Samples/keras/{sample}.h5", compile=False)) for sample in SAMPLES]
    for sample, model, forms in [(s, m, ["float32", "float16", "dynamic", "int8", "int8io", "int16x8"]) for s, m in models] + [
            ("op_zoo", op_zoo(), ["int8"]), ("op_zoo", op_zoo(int16=True), ["int16x8"])]:
        for form in forms:
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
