#!/usr/bin/env python3
"""Sparse files TensorFlow's TFLiteConverter writes (Optimize.EXPERIMENTAL_SPARSITY), as
Tests/Fixtures/tfliteconverter_sparse/: a Keras MLP (64 → 128 ReLU → 64 ReLU → 10) whose first
dense layer has 80% of its weights zeroed at random (TFLiteConverter stores them CSR, behind a
DENSIFY) and whose second has 80% of its 1×4 blocks zeroed (stored with a 1×4 block map, read
natively by FULLY_CONNECTED); `mlp.sparse.tflite`, the same model converted without the
optimization as `mlp.float32.tflite`, seeded inputs and Keras's outputs (`mlp.inputs.npz`,
`mlp.expected.npz`).

Regenerate in the Keras venv (from the repository root; `make samples` runs it):
    .venv-keras/bin/python Tests/Fixtures/make_sparse_fixtures.py
"""
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "Tests/Fixtures/tfliteconverter_sparse"


def model():
    keras.utils.set_random_seed(3)
    x = keras.Input((64,), name="features")
    h = keras.layers.Dense(128, activation="relu", name="sparse_random")(x)
    h = keras.layers.Dense(64, activation="relu", name="sparse_blocks")(h)
    m = keras.Model(x, keras.layers.Dense(10, name="logits")(h))
    rng = np.random.default_rng(0)
    w, b = m.get_layer("sparse_random").get_weights()
    w[rng.random(w.shape) < 0.8] = 0
    m.get_layer("sparse_random").set_weights([w, b])
    # Keras kernels are [in, out]; TFLite's FULLY_CONNECTED weights [out, in] take 1×4 blocks along `in`.
    w, b = m.get_layer("sparse_blocks").get_weights()
    w[np.repeat(rng.random((w.shape[0] // 4, w.shape[1])) < 0.8, 4, axis=0)] = 0
    m.get_layer("sparse_blocks").set_weights([w, b])
    return m


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    m = model()
    for form, optimizations in [("sparse", [tf.lite.Optimize.EXPERIMENTAL_SPARSITY]), ("float32", [])]:
        converter = tf.lite.TFLiteConverter.from_keras_model(m)
        converter.optimizations = optimizations
        (OUT / f"mlp.{form}.tflite").write_bytes(converter.convert())
    inputs = np.random.default_rng(1).standard_normal((4, 64)).astype(np.float32)
    np.savez(OUT / "mlp.inputs.npz", features=inputs)
    np.savez(OUT / "mlp.expected.npz", logits=m.predict(inputs, verbose=0))


if __name__ == "__main__":
    main()
