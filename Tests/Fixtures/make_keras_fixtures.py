#!/usr/bin/env python3
"""Per-layer Keras fixtures with Keras's own outputs, for the Keras importer tests.

For every case and flavor this writes Tests/Fixtures/keras/<case>_<flavor>.h5 (a small model
saved with model.save), <…>.inputs.npz (keys: the model's input names) and <…>.expected.npz
(keys: the output layer names, values computed by Keras's predict). Flavor k2 is tf-keras
(Keras 2), k3 is Keras 3 (its legacy .h5 format). Weights, batch-norm statistics included, are
random from a fixed seed.

Regenerate (needs TensorFlow; `make keras-venv` sets up .venv-keras, `make samples` runs this too):
    .venv-keras/bin/python Tests/Fixtures/make_keras_fixtures.py k2
    .venv-keras/bin/python Tests/Fixtures/make_keras_fixtures.py k3
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
written, skipped = [], []


def randomize(model, seed):
    """Random weights; variances (batch-norm, Normalization) positive."""
    rng = np.random.default_rng(seed)
    values = []
    for w in model.weights:
        name = w.name if FLAVOR == "k2" else w.path
        shape = tuple(w.shape)
        if "variance" in name:
            values.append(rng.uniform(0.5, 1.5, shape).astype(np.float32))
        elif "count" in name or w.dtype not in ("float32", "float32_ref") and "float" not in str(w.dtype):
            values.append(np.asarray(w.numpy()))
        else:
            values.append((rng.standard_normal(shape) * 0.5).astype(np.float32))
    model.set_weights(values)
    # Keras 3's adapted preprocessing layers compute with statistics finalize_state() derives from
    # their variables; without it they keep adapt()'s, unlike the file they are saved to.
    for layer in model.layers:
        if FLAVOR == "k3" and hasattr(layer, "finalize_state"):
            layer.finalize_state()


def sample_inputs(model, seed):
    rng = np.random.default_rng(seed)
    inputs = {}
    for t in model.inputs:
        shape = [2 if d is None else d for d in t.shape]
        name = t._keras_history[0].name  # the InputLayer's name (a Keras 3 Sequential's tensor has another)
        if "int" in str(t.dtype):
            inputs[name] = rng.integers(0, 40, size=shape).astype(np.int32)
        else:
            inputs[name] = rng.standard_normal(shape).astype(np.float32)
    return inputs


def record(name, build, seed=0, weights_only=None):
    """Builds, randomizes, saves and runs one model; a case the flavor cannot build is skipped.
    weights_only (a file suffix) saves <stem><suffix> with save_weights and the config as
    <stem>.json: ".weights.h5" is the layout of Keras 3's saving library, ".h5" the legacy one."""
    try:
        model = build()
    except (AttributeError, TypeError, ValueError) as error:
        skipped.append(f"{name}: {error}")
        return
    randomize(model, seed)
    stem = OUT / f"{name}_{FLAVOR}"
    if weights_only:
        model.save_weights(f"{stem}{weights_only}")
        Path(f"{stem}.json").write_text(model.to_json())
    else:
        model.save(f"{stem}.h5")
    inputs = sample_inputs(model, seed + 1)
    outputs = model.predict(list(inputs.values()) if len(inputs) > 1 else next(iter(inputs.values())), verbose=0)
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    names = unique([model.layers[-1].name] if isinstance(model, keras.Sequential) else list(model.output_names))
    np.savez(f"{stem}.inputs.npz", **inputs)
    np.savez(f"{stem}.expected.npz", **dict(zip(names, [np.asarray(o) for o in outputs])))
    written.append(name)


def unique(names):
    """Output names made distinct as Keras 2 does (Keras 3 repeats a layer's name per output)."""
    seen, result = {}, []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        result.append(name if count == 0 else f"{name}_{count}")
    return result


def single(input_shape, layer, dtype="float32"):
    """A functional model of one layer on one input."""
    def build():
        x = keras.Input(input_shape, dtype=dtype, name="x")
        return keras.Model(x, layer()(x), name="m")
    return build


def several(shapes, combine):
    """A functional model combining several inputs."""
    def build():
        inputs = [keras.Input(s, name=f"x{i}") for i, s in enumerate(shapes)]
        return keras.Model(inputs, combine(inputs), name="m")
    return build


def cases():
    img, seq = (9, 9, 4), (10, 3)
    record("dense_relu", single((6,), lambda: L.Dense(4, activation="relu")))
    record("dense_rank3_no_bias", single((3, 6), lambda: L.Dense(4, use_bias=False)))
    record("conv1d_causal_dilated", single(seq, lambda: L.Conv1D(4, 3, padding="causal", dilation_rate=2)))
    record("conv1d_valid_stride", single(seq, lambda: L.Conv1D(4, 3, strides=2, activation="tanh")))
    record("conv2d_same_stride2", single(img, lambda: L.Conv2D(5, 3, strides=2, padding="same", activation="relu")))
    record("conv2d_dilated_groups", single(img, lambda: L.Conv2D(4, 3, dilation_rate=2, groups=2)))
    record("depthwise2d_multiplier", single(img, lambda: L.DepthwiseConv2D(3, depth_multiplier=2, strides=2, padding="same")))
    record("depthwise1d", single(seq, lambda: L.DepthwiseConv1D(3, padding="same")))
    record("separable2d", single(img, lambda: L.SeparableConv2D(6, 3, depth_multiplier=2, padding="same", activation="relu")))
    record("separable1d", single(seq, lambda: L.SeparableConv1D(5, 3, strides=2)))
    record("conv2d_transpose_same", single(img, lambda: L.Conv2DTranspose(4, 3, strides=2, padding="same")))
    record("conv2d_transpose_output_padding", single(img, lambda: L.Conv2DTranspose(3, 3, strides=2, output_padding=1)))
    record("conv1d_transpose", single(seq, lambda: L.Conv1DTranspose(3, 4, strides=2, padding="same")))
    record("conv3d_same_stride2", single((5, 6, 7, 3), lambda: L.Conv3D(4, 3, strides=2, padding="same", activation="relu")))
    record("conv3d_dilated_groups", single((5, 7, 6, 4), lambda: L.Conv3D(4, (2, 3, 2), dilation_rate=(1, 2, 1), groups=2)))
    record("batchnorm_image", single(img, lambda: L.BatchNormalization()))
    record("batchnorm_no_center", single((6,), lambda: L.BatchNormalization(center=False, epsilon=0.01)))
    record("layernorm", single(seq, lambda: L.LayerNormalization()))
    record("layernorm_axes", single(img, lambda: L.LayerNormalization(axis=[1, 2])))
    record("groupnorm", single(img, lambda: L.GroupNormalization(groups=2)))
    record("unitnorm", single(seq, lambda: L.UnitNormalization()))
    for activation in ["relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu", "softplus", "softsign",
                       "swish", "silu", "hard_silu", "hard_swish", "gelu", "mish", "leaky_relu", "exponential", "linear"]:
        record(f"activation_{activation}", single(seq, lambda a=activation: L.Activation(a)))
    record("relu_layer_general", single(seq, lambda: L.ReLU(max_value=1.5, negative_slope=0.1, threshold=0.2)))
    record("relu_layer_max6", single(seq, lambda: L.ReLU(max_value=6.0)))
    record("leaky_relu_layer", single(seq, lambda: L.LeakyReLU(0.2)))
    record("prelu_shared", single(img, lambda: L.PReLU(shared_axes=[1, 2])))
    record("elu_layer", single(seq, lambda: L.ELU(0.7)))
    record("softmax_axis1", single(seq, lambda: L.Softmax(axis=1)))
    record("maxpool2d_valid", single(img, lambda: L.MaxPooling2D(2)))
    record("maxpool2d_same_stride", single(img, lambda: L.MaxPooling2D(3, strides=2, padding="same")))
    record("avgpool2d_same", single(img, lambda: L.AveragePooling2D(3, strides=2, padding="same")))
    record("maxpool1d", single(seq, lambda: L.MaxPooling1D(2)))
    record("avgpool1d_same", single(seq, lambda: L.AveragePooling1D(3, padding="same")))
    record("global_avg2d", single(img, lambda: L.GlobalAveragePooling2D()))
    record("global_max2d_keepdims", single(img, lambda: L.GlobalMaxPooling2D(keepdims=True)))
    record("global_avg1d", single(seq, lambda: L.GlobalAveragePooling1D()))
    record("global_max1d", single(seq, lambda: L.GlobalMaxPooling1D()))
    record("flatten", single(img, lambda: L.Flatten()))
    record("reshape", single(img, lambda: L.Reshape((-1, 2))))
    record("permute", single(img, lambda: L.Permute((2, 1, 3))))
    record("repeat_vector", single((5,), lambda: L.RepeatVector(3)))
    for identity in ["Dropout", "GaussianNoise", "GaussianDropout", "ActivityRegularization", "SpatialDropout1D"]:
        record(f"identity_{identity.lower()}", single(seq, lambda i=identity: getattr(L, i)(0.5) if i != "ActivityRegularization" else L.ActivityRegularization()))
    record("zero_padding2d", single(img, lambda: L.ZeroPadding2D(((1, 2), (0, 1)))))
    record("zero_padding1d", single(seq, lambda: L.ZeroPadding1D(2)))
    record("cropping2d", single(img, lambda: L.Cropping2D(((1, 0), (2, 1)))))
    record("cropping1d", single(seq, lambda: L.Cropping1D((1, 2))))
    record("upsampling2d_nearest", single(img, lambda: L.UpSampling2D(2)))
    record("upsampling2d_bilinear", single(img, lambda: L.UpSampling2D((2, 3), interpolation="bilinear")))
    record("upsampling1d", single(seq, lambda: L.UpSampling1D(3)))
    record("concatenate", several([seq, seq], lambda xs: L.Concatenate(axis=1)(xs)))
    for merge in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]:
        record(f"merge_{merge.lower()}", several([seq, seq], lambda xs, m=merge: getattr(L, m)()(xs)))
    record("dot_vectors", several([(6,), (6,)], lambda xs: L.Dot(axes=1)(xs)))
    record("dot_sequences_normalized", several([(4, 3), (5, 3)], lambda xs: L.Dot(axes=(2, 2), normalize=True)(xs)))
    record("embedding", single((7,), lambda: L.Embedding(40, 8), dtype="int32"))
    record("simple_rnn", single(seq, lambda: L.SimpleRNN(5)))
    record("simple_rnn_backwards_sequences", single(seq, lambda: L.SimpleRNN(4, return_sequences=True, go_backwards=True)))
    record("lstm_sequences_state", several([seq], lambda xs: L.LSTM(6, return_sequences=True, return_state=True)(xs[0])))
    record("lstm_backwards", single(seq, lambda: L.LSTM(4, go_backwards=True)))
    record("gru_reset_after", single(seq, lambda: L.GRU(5, return_sequences=True)))
    record("gru_reset_before", single(seq, lambda: L.GRU(5, reset_after=False)))
    record("bidirectional_lstm_concat", single(seq, lambda: L.Bidirectional(L.LSTM(4, return_sequences=True))))
    record("bidirectional_gru_sum", single(seq, lambda: L.Bidirectional(L.GRU(3), merge_mode="sum")))
    record("time_distributed_dense", single((4, 6), lambda: L.TimeDistributed(L.Dense(3))))
    record("mha_self", several([(5, 8)], lambda xs: L.MultiHeadAttention(num_heads=2, key_dim=3)(xs[0], xs[0])))
    record("mha_cross_value_dim", several([(4, 8), (6, 5)], lambda xs: L.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4)(xs[0], xs[1])))
    record("mha_causal", several([(5, 8)], lambda xs: L.MultiHeadAttention(num_heads=2, key_dim=4)(xs[0], xs[0], use_causal_mask=True)))
    record("rescaling", single(img, lambda: L.Rescaling(1 / 127.5, offset=-1)))
    record("normalization", single(seq, lambda: L.Normalization(mean=[0.5, -1.0, 2.0], variance=[1.0, 4.0, 0.25])))
    record("resizing_bilinear", single(img, lambda: L.Resizing(5, 7)))
    record("resizing_nearest_crop", single(img, lambda: L.Resizing(4, 6, interpolation="nearest", crop_to_aspect_ratio=True)))
    record("center_crop", single(img, lambda: L.CenterCrop(4, 5)))
    record("shared_dense", several([(6,), (6,)], lambda xs: (lambda d: L.Concatenate()([d(xs[0]), d(xs[1])]))(L.Dense(3, name="shared"))))
    record("two_in_two_out", two_in_two_out)
    record("nested_functional_shared", nested_functional_shared)
    record("nested_sequential", nested_sequential)
    record("sequential_backbone", sequential_backbone)


def two_in_two_out():
    a, b = keras.Input((8,), name="features"), keras.Input((5, 3), name="sequence")
    joined = L.Concatenate(name="joined")([L.Dense(4, activation="relu", name="fa")(a), L.Flatten(name="fb")(b)])
    return keras.Model([a, b], [L.Dense(2, activation="softmax", name="class_out")(joined), L.Dense(1, name="value_out")(joined)], name="m")


def nested_functional_shared():
    """A Functional model called twice inside another (its config counts a hidden first node)."""
    i = keras.Input((6,), name="inner_in")
    inner = keras.Model(i, L.Dense(3, name="inner_b")(L.Dense(4, activation="tanh", name="inner_a")(i)), name="inner")
    x1, x2 = keras.Input((6,), name="x1"), keras.Input((6,), name="x2")
    return keras.Model([x1, x2], L.Subtract(name="diff")([inner(x1), inner(x2)]), name="m")


def nested_sequential():
    inner = keras.Sequential([keras.Input((6,)), L.Dense(4, activation="relu", name="s1"), L.Dense(2, name="s2")], name="inner")
    x = keras.Input((5,), name="x")
    return keras.Model(x, inner(L.Dense(6, name="pre")(x)), name="m")


def sequential_backbone():
    """A Functional backbone as the first layer of a Sequential, as with keras.applications."""
    i = keras.Input((8, 8, 3), name="image")
    y = L.Conv2D(4, 3, padding="same", activation="relu", name="bb_conv")(i)
    backbone = keras.Model(i, L.BatchNormalization(name="bb_bn")(y), name="backbone")
    return keras.Sequential([keras.Input((8, 8, 3)), backbone, L.GlobalAveragePooling2D(name="pool"), L.Dense(3, name="head")], name="m")


def weights_only_model():
    """Layers with several weights each, a nested model and a Bidirectional wrapper: the weights
    of save_weights (Keras 3: its own .weights.h5 layout) must find their layers by config."""
    x = keras.Input((10, 3), name="x")
    y = L.Conv1D(4, 3, name="conv")(x)
    y = L.BatchNormalization(center=False, name="bn")(y)
    y = L.Bidirectional(L.LSTM(5, return_sequences=True), name="bi")(y)
    z = L.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")(x, x)
    z = L.LayerNormalization(name="ln")(z)
    inner = keras.Sequential([keras.Input((30,)), L.Dense(4, name="inner_dense"), L.Dense(2, name="inner_out")], name="inner")
    return keras.Model(x, [L.GRU(3, name="gru")(y), inner(L.Flatten(name="flat")(z))], name="m")


def refused_model():
    """A Lambda layer and a custom layer class: both must be refused, by name, never executed."""
    @keras.utils.register_keras_serializable(package="Custom")
    class Doubling(L.Layer):
        def call(self, inputs):
            return inputs * 2

    x = keras.Input((4,), name="x")
    y = L.Lambda(lambda t: t + 1, name="add_one")(x)
    model = keras.Model(x, L.Dense(2, name="head")(Doubling(name="doubling")(y)), name="m")
    model.save(OUT / f"refused_lambda_custom_{FLAVOR}.h5")
    written.append("refused_lambda_custom")


def main():
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob(f"*_{FLAVOR}.*"):
        old.unlink()
    cases()
    record("weights_only", weights_only_model, weights_only=".weights.h5")
    if FLAVOR == "k2":
        record("weights_only_legacy", weights_only_model, weights_only=".h5")
    refused_model()
    print(f"{FLAVOR}: {len(written)} cases written to {OUT}")
    for line in skipped:
        print("skipped", line)


if __name__ == "__main__":
    main()
