#!/usr/bin/env python3
"""Keras sample models, saved as .h5 by Keras 2 (tf-keras) and by Keras 3, with Keras's outputs.

For every sample and flavor this writes Samples/keras/<sample>_<flavor>.h5 with
<…>.inputs.npz (keys: the model's input layer names, batch 2) and <…>.expected.npz (keys: the
output layer names, values from Keras's predict). Weights come from the layers' own
initializers under a fixed seed; batch-norm statistics are set to non-trivial values so that
folding them is tested. lambda_<flavor>.h5 holds a Lambda layer and has no arrays: it must be
refused.

Regenerate (needs TensorFlow; `make keras-venv` sets up .venv-keras, `make samples` runs this too):
    .venv-keras/bin/python Samples/make_keras_samples.py k2
    .venv-keras/bin/python Samples/make_keras_samples.py k3
"""
import os
import sys
from pathlib import Path

FLAVOR = sys.argv[1] if len(sys.argv) > 1 else "k3"
if FLAVOR == "k2":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras as keras
else:
    import keras
import numpy as np

OUT = Path(__file__).resolve().parent / "keras"
L = keras.layers


def mobilenet_v2():
    """keras.applications MobileNetV2 (alpha 0.35, 96x96) as the backbone of a Sequential."""
    backbone = keras.applications.MobileNetV2(input_shape=(96, 96, 3), alpha=0.35, include_top=False, weights=None)
    return keras.Sequential([keras.Input((96, 96, 3), name="image"), L.Rescaling(1 / 127.5, offset=-1, name="scale"), backbone,
                             L.GlobalAveragePooling2D(name="pool"), L.Dropout(0.2, name="drop"),
                             L.Dense(10, activation="softmax", name="probabilities")], name="mobilenet_v2")


def resnet_style():
    """Residual stages of conv-BN-ReLU blocks with projection shortcuts, 32x32 input."""
    x = keras.Input((32, 32, 3), name="image")
    y = L.ReLU(name="stem_relu")(L.BatchNormalization(name="stem_bn")(L.Conv2D(16, 3, padding="same", use_bias=False, name="stem_conv")(x)))
    for stage, (filters, stride) in enumerate([(16, 1), (32, 2), (64, 2)]):
        for block in range(2):
            s = stride if block == 0 else 1
            name = f"s{stage}b{block}"
            r = L.Conv2D(filters, 3, strides=s, padding="same", use_bias=False, name=f"{name}_conv1")(y)
            r = L.ReLU(name=f"{name}_relu1")(L.BatchNormalization(name=f"{name}_bn1")(r))
            r = L.BatchNormalization(name=f"{name}_bn2")(L.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv2")(r))
            shortcut = y
            if s != 1 or y.shape[-1] != filters:
                shortcut = L.BatchNormalization(name=f"{name}_proj_bn")(L.Conv2D(filters, 1, strides=s, use_bias=False, name=f"{name}_proj")(y))
            y = L.ReLU(name=f"{name}_out")(L.Add(name=f"{name}_add")([r, shortcut]))
    y = L.GlobalAveragePooling2D(name="pool")(y)
    return keras.Model(x, L.Dense(10, activation="softmax", name="probabilities")(y), name="resnet_style")


def text_lstm_gru():
    """Token ids → Embedding → bidirectional LSTM → GRU → class logits."""
    tokens = keras.Input((20,), dtype="int32", name="tokens")
    y = L.Embedding(1000, 32, name="embedding")(tokens)
    y = L.Bidirectional(L.LSTM(24, return_sequences=True), name="bilstm")(y)
    y = L.GRU(16, name="gru")(y)
    return keras.Model(tokens, L.Dense(4, name="logits")(y), name="text_lstm_gru")


def transformer_block():
    """A post-norm transformer encoder block over a 16-step, 32-wide sequence."""
    x = keras.Input((16, 32), name="sequence")
    attended = L.MultiHeadAttention(num_heads=4, key_dim=8, name="attention")(x, x)
    y = L.LayerNormalization(epsilon=1e-6, name="norm1")(L.Add(name="residual1")([x, L.Dropout(0.1, name="drop1")(attended)]))
    ffn = L.Dense(32, name="ffn_out")(L.Dense(64, activation="gelu", name="ffn_in")(y))
    y = L.LayerNormalization(epsilon=1e-6, name="norm2")(L.Add(name="residual2")([y, ffn]))
    y = L.GlobalAveragePooling1D(name="pool")(y)
    return keras.Model(x, L.Dense(3, name="logits")(y), name="transformer_block")


def two_inputs_two_outputs():
    """An image branch and a feature branch, joined, with a classification and a regression head."""
    image, features = keras.Input((16, 16, 3), name="image"), keras.Input((8,), name="features")
    a = L.MaxPooling2D(name="pool")(L.Conv2D(8, 3, activation="relu", name="conv")(image))
    a = L.GlobalAveragePooling2D(name="gap")(L.SeparableConv2D(16, 3, padding="same", activation="relu", name="sep")(a))
    b = L.Dense(16, activation="tanh", name="dense")(features)
    joined = L.Concatenate(name="joined")([a, b])
    return keras.Model([image, features], [L.Dense(5, activation="softmax", name="class_out")(joined),
                                           L.Dense(1, name="score_out")(joined)], name="two_inputs_two_outputs")


def lambda_model():
    x = keras.Input((4,), name="x")
    return keras.Model(x, L.Lambda(lambda t: t * 2.0, name="double")(L.Dense(3, name="dense")(x)), name="lambda")


def set_batch_norm_statistics(model, rng):
    """Moving statistics and affine parameters away from their identity defaults."""
    def layers(container):
        for layer in container.layers:
            yield layer
            if hasattr(layer, "layers"):
                yield from layers(layer)

    for layer in layers(model):
        if isinstance(layer, L.BatchNormalization):
            gamma, beta, mean, variance = (w.shape for w in layer.get_weights())
            layer.set_weights([rng.uniform(0.8, 1.2, gamma).astype(np.float32), rng.normal(0, 0.1, beta).astype(np.float32),
                               rng.normal(0, 0.1, mean).astype(np.float32), rng.uniform(0.5, 1.5, variance).astype(np.float32)])


def sample_inputs(model, rng):
    inputs = {}
    for t in model.inputs:
        shape = [2] + [d for d in t.shape[1:]]
        name = t._keras_history[0].name
        if "int" in str(t.dtype):
            inputs[name] = rng.integers(0, 1000, size=shape).astype(np.int32)
        elif len(shape) == 4:
            inputs[name] = rng.uniform(0, 255, size=shape).astype(np.float32) if name == "image" and model.name == "mobilenet_v2" \
                else rng.standard_normal(shape).astype(np.float32)
        else:
            inputs[name] = rng.standard_normal(shape).astype(np.float32)
    return inputs


def save(build, seed):
    keras.utils.set_random_seed(seed)
    model = build()
    rng = np.random.default_rng(seed)
    set_batch_norm_statistics(model, rng)
    stem = OUT / f"{model.name}_{FLAVOR}"
    model.save(f"{stem}.h5")
    inputs = sample_inputs(model, rng)
    outputs = model.predict(list(inputs.values()) if len(inputs) > 1 else next(iter(inputs.values())), verbose=0)
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    names = [model.layers[-1].name] if isinstance(model, keras.Sequential) else list(model.output_names)
    np.savez(f"{stem}.inputs.npz", **inputs)
    np.savez(f"{stem}.expected.npz", **dict(zip(names, [np.asarray(o) for o in outputs])))
    print(f"{stem.name}: {model.count_params()} parameters, {len(model.layers)} layers")


def main():
    OUT.mkdir(exist_ok=True)
    for seed, build in enumerate([mobilenet_v2, resnet_style, text_lstm_gru, transformer_block, two_inputs_two_outputs]):
        save(build, seed)
    lambda_model().save(OUT / f"lambda_{FLAVOR}.h5")


if __name__ == "__main__":
    main()
