#!/usr/bin/env python3
"""Keras conformance cases: every layer class the importer accepts and the operations Keras
saves as nodes of a functional model, each in several configurations, with Keras's own outputs.

For every case and flavor this writes Tests/keras_conformance/cases/<case>_<flavor>.h5 (a tiny
functional model saved with model.save), <…>.inputs.npz (keys: the InputLayer names) and
<…>.expected.npz (keys: the model's output names in order, made distinct as Keras 2 does; values
computed by Keras's predict), and updates this flavor's entries of Tests/keras_conformance/cases.json
(group, kind, flavor, description, the classes the file saved its nodes as, whether Keras itself
reloads the file to the same outputs) and its list of configurations the flavor cannot build.

Flavor k2 is tf-keras (Keras 2, TF_USE_LEGACY_KERAS=1): operations are tf.* functions and
operators on KerasTensors, saved as TFOpLambda / SlicingOpLambda layers. Flavor k3 is Keras 3
(its legacy .h5 format): operations are keras.ops.* and operators, saved as nodes whose
class_name is the operation's class (Add, GetItem, Mean, …). Weights and inputs are random from
fixed seeds (derived from the case name, so adding a case changes no other).

Regenerate (needs TensorFlow; `make keras-venv` sets up .venv-keras):
    .venv-keras/bin/python Tests/keras_conformance/make_cases.py k2
    .venv-keras/bin/python Tests/keras_conformance/make_cases.py k3
    .venv-keras/bin/python Tests/keras_conformance/make_cases.py k3 --only '^op2_'
With --only REGEX only the cases whose name (without the _k2/_k3 suffix) matches are built: their
files and this flavor's manifest entries and skipped-list entries are replaced; every other case's
files, entries and skips (of both flavors) are left as they are.
Check: .venv/bin/python Tests/keras_conformance/keras_conformance.py --liteconv .build/release/liteconv
"""
import json
import logging
import os
import re
import sys
import warnings
import zlib
from pathlib import Path

USAGE = "usage: make_cases.py k2|k3 [--only REGEX]"


def parse_args(argv):
    """(flavor, compiled --only pattern or None); the flavor defaults to k3."""
    flavor, only, rest = None, None, list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--only" or arg.startswith("--only="):
            value = arg.split("=", 1)[1] if "=" in arg else (rest.pop(0) if rest else None)
            if value is None or only is not None:
                sys.exit(USAGE)
            try:
                only = re.compile(value)
            except re.error as error:
                sys.exit(f"make_cases.py: --only {value!r} is no regular expression: {error}")
        elif arg in ("k2", "k3") and flavor is None:
            flavor = arg
        else:
            sys.exit(USAGE)
    return flavor or "k3", only


FLAVOR, ONLY = parse_args(sys.argv[1:])
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
if FLAVOR == "k2":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf
    import tf_keras as keras
else:
    import keras
    from keras import ops
import h5py
import numpy as np

warnings.filterwarnings("ignore")
logging.getLogger("absl").setLevel(logging.ERROR)  # "saving … as an HDF5 file … is considered legacy", per case
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "Fixtures"))
# The per-layer fixtures' random weights (BN variances positive) and Keras 2's output naming.
from make_keras_fixtures import randomize, unique  # noqa: E402
OUT = HERE / "cases"
MANIFEST = HERE / "cases.json"
L = keras.layers
entries, skipped = {}, []
called = []  # every case name record() was called with, in order (skipped-list order with --only)


class Skip(Exception):
    """A configuration this flavor has no way to express."""


# ----------------------------------------------------------------------------------------------
# Inputs, weights, recording

KINDS = {}  # input name -> how to draw its values, for the case being built


def inp(shape, name="x", kind="normal", dtype=None):
    """A keras.Input whose sample values are drawn by `kind`: normal, wide (normal·4), positive
    (uniform 0.5…2), frac (normal·3, for casts), smallint (integers −2…2 as floats), unit (uniform
    −0.95…0.95, inside the domain of arcsin, arccos, arctanh), above_one (uniform 1.05…4, for
    arccosh), nonzero (uniform 0.5…2 with either sign, for divisors), ("int", lo, hi) (int32 in
    [lo, hi)), ("nzint", lo, hi) (the same without 0), mask (bools, each row with a True)."""
    if dtype is None:
        dtype = "int32" if isinstance(kind, tuple) else "bool" if kind == "mask" else "float32"
    KINDS[name] = kind
    return keras.Input(shape, dtype=dtype, name=name)


def draw(kind, shape, rng):
    if isinstance(kind, tuple) and kind[0] == "nzint":
        values = np.array([v for v in range(kind[1], kind[2]) if v != 0], np.int32)
        return rng.choice(values, size=shape).astype(np.int32)
    if isinstance(kind, tuple):
        return rng.integers(kind[1], kind[2], size=shape).astype(np.int32)
    if kind == "unit":
        return rng.uniform(-0.95, 0.95, shape).astype(np.float32)
    if kind == "above_one":
        return rng.uniform(1.05, 4.0, shape).astype(np.float32)
    if kind == "nonzero":
        return (rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], size=shape)).astype(np.float32)
    if kind == "positive":
        return rng.uniform(0.5, 2.0, shape).astype(np.float32)
    if kind == "wide":
        return (rng.standard_normal(shape) * 4).astype(np.float32)
    if kind == "frac":
        return (rng.standard_normal(shape) * 3).astype(np.float32)
    if kind == "smallint":
        return rng.integers(-2, 3, size=shape).astype(np.float32)
    if kind == "mask":
        mask = rng.random(shape) > 0.4
        mask[..., 0] = True
        return mask
    return rng.standard_normal(shape).astype(np.float32)


def as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def to_numpy(value):
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value)


def compute(model, feed):
    """Keras's outputs: predict, or a direct call where predict cannot batch the result (outputs
    without a batch axis)."""
    try:
        outputs = model.predict(feed if len(feed) > 1 else feed[0], verbose=0)
    except Exception:  # noqa: BLE001 — fall back to the eager call, same inference semantics
        outputs = model(feed if len(feed) > 1 else feed[0], training=False)
    return [to_numpy(o) for o in as_list(outputs)]


def saved_classes(path, model):
    """How the file names its nodes: class_name, with TFOpLambda's function; Keras 3 operations
    (not layers) marked "(op)" — the file itself does not say (SpatialDropout1D's config lacks
    `trainable` as an operation's does)."""
    operations = {op.name for op in getattr(model, "operations", []) if not isinstance(op, keras.layers.Layer)}
    with h5py.File(path, "r") as file:
        config = json.loads(file.attrs["model_config"])
    names = set()

    def scan(layer):
        cls = layer.get("class_name", "?")
        cfg = layer.get("config", {})
        if cls in ("Functional", "Model", "Sequential"):
            for inner in cfg.get("layers", []):
                scan(inner)
            return
        if cls == "InputLayer":
            return
        if cls in ("TFOpLambda", "SlicingOpLambda"):
            cls = f"{cls}({cfg.get('function')})"
        elif FLAVOR == "k3" and layer.get("name", cfg.get("name")) in operations:
            cls += " (op)"
        names.add(cls)
    scan(config)
    return sorted(names)


def custom_objects():
    if FLAVOR == "k2":
        from tf_keras.src.applications.convnext import LayerScale, StochasticDepth
        from tf_keras.src.applications.inception_resnet_v2 import CustomScaleLayer
    else:
        from keras.src.applications.convnext import LayerScale, StochasticDepth
        from keras.src.applications.inception_resnet_v2 import CustomScaleLayer
    return {"LayerScale": LayerScale, "CustomScaleLayer": CustomScaleLayer, "Custom>CustomScaleLayer": CustomScaleLayer,
            "StochasticDepth": StochasticDepth}


def reload_check(path, feed, expected):
    """Whether Keras itself, loading the file, computes the recorded outputs: a file that lost
    an argument when saved cannot be converted right by anyone."""
    try:
        model = keras.models.load_model(path, compile=False, custom_objects=custom_objects())
        outputs = compute(model, feed)
    except Exception as error:  # noqa: BLE001
        return f"load fails: {type(error).__name__}: {str(error).splitlines()[0][:150] if str(error) else ''}"
    if len(outputs) != len(expected):
        return f"reloads with {len(outputs)} outputs, saved {len(expected)}"
    for got, want in zip(outputs, expected):
        if got.shape != want.shape:
            return f"reloads to shape {list(got.shape)}, saved {list(want.shape)}"
        if want.dtype.kind in "biu":
            if not np.array_equal(got, want):
                return "reloads to other values"
        elif not np.allclose(got, want, rtol=1e-5, atol=1e-6, equal_nan=True):
            return f"reloads to other values (max abs err {np.nanmax(np.abs(got.astype(np.float64) - want)):.2e})"
    return "ok"


def selected(name):
    """Whether --only (if given) asks for this case."""
    return ONLY is None or ONLY.search(name) is not None


def record(name, group, description, build, flavors=("k2", "k3"), why="", prefix="op_"):
    """Builds one case (a function returning (inputs, outputs)), randomizes, saves and runs it;
    a configuration the flavor cannot build is skipped and listed (`flavors` and `why` name the
    ones with no spelling in a flavor at all). Operation cases are named `prefix` + name; a case
    --only does not select is neither built nor listed."""
    kind = "operation" if group.startswith("op:") else "layer"
    name = f"{prefix}{name}" if kind == "operation" else name
    stem = f"{name}_{FLAVOR}"
    assert stem not in entries and name not in called, f"case {name} twice"
    called.append(name)
    if not selected(name):
        return
    if FLAVOR not in flavors:
        skipped.append({"case": name, "group": group, "reason": why or f"no {FLAVOR} spelling"})
        return
    KINDS.clear()
    seed = zlib.crc32(name.encode()) % 100000
    try:
        inputs, outputs = build()
        inputs, outputs = as_list(inputs), as_list(outputs)
        model = keras.Model(inputs, outputs, name="m")
        randomize(model, seed)
        rng = np.random.default_rng(seed + 1)
        names = [t._keras_history[0].name for t in model.inputs]
        # Values drawn by kind, stored in the input's own dtype (integral indices in a float input).
        feed = [draw(KINDS.get(n, "normal"), [2 if d is None else d for d in t.shape], rng).astype(str(t.dtype).removeprefix("<dtype: '").removesuffix("'>"))
                for n, t in zip(names, model.inputs)]
        expected = compute(model, feed)
        path = OUT / f"{stem}.h5"
        model.save(path)
    except Skip as reason:
        skipped.append({"case": name, "group": group, "reason": str(reason)})
        return
    except Exception as error:  # noqa: BLE001 — anything Keras refuses to build, run or save
        message = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        skipped.append({"case": name, "group": group, "reason": f"{type(error).__name__}: {message}"})
        for leftover in OUT.glob(f"{stem}.*"):
            leftover.unlink()
        return
    outputs_named = unique(list(model.output_names))
    np.savez(OUT / f"{stem}.inputs.npz", **dict(zip(names, feed)))
    np.savez(OUT / f"{stem}.expected.npz", **dict(zip(outputs_named, expected)))
    entries[stem] = {"case": name, "group": group, "kind": kind, "flavor": FLAVOR, "description": description,
                     "saved_as": saved_classes(path, model), "reload": reload_check(path, feed, expected)}


# ----------------------------------------------------------------------------------------------
# Builders

def adapted_normalization(shape):
    """A Normalization layer whose statistics adapt() computed from seeded data."""
    layer = L.Normalization(axis=-1)
    layer.adapt(np.random.default_rng(3).standard_normal((16,) + tuple(shape)).astype("float32") * 2 + 1)
    return layer


def one(shape, layer, kind="normal", dtype=None):
    """One layer on one input."""
    def build():
        x = inp(shape, "x", kind, dtype)
        return x, layer()(x)
    return build


def many(shapes, combine, kinds=None):
    """A function of several inputs x0, x1, …"""
    def build():
        xs = [inp(s, f"x{i}", (kinds or ["normal"] * len(shapes))[i]) for i, s in enumerate(shapes)]
        return xs, combine(*xs)
    return build


def fn(shape, f, kind="normal"):
    """An operation on one input."""
    def build():
        x = inp(shape, "x", kind)
        return x, f(x)
    return build


# ----------------------------------------------------------------------------------------------
# Operations by name, per flavor: keras.ops for Keras 3, the tf functions for tf-keras.

class T:
    pass


def missing(reason):
    """An operation this flavor does not have: building a case with it skips the case."""
    def call(*args, **kwargs):
        raise Skip(reason)
    return call


if FLAVOR == "k3":
    for _name in ["add", "subtract", "multiply", "divide", "true_divide", "power", "negative", "maximum", "minimum",
                  "greater", "greater_equal", "less", "less_equal", "equal", "not_equal", "reshape", "transpose",
                  "expand_dims", "squeeze", "concatenate", "stack", "split", "mean", "sum", "max", "min", "matmul",
                  "einsum", "clip", "where", "cast", "sigmoid", "relu", "relu6", "hard_sigmoid", "silu", "swish",
                  "gelu", "softmax", "log_softmax", "leaky_relu", "elu", "softplus", "tanh", "exp", "log", "sqrt",
                  "rsqrt", "abs", "square", "erf", "hard_silu", "hard_swish", "round",
                  # the op2_ cases
                  "log1p", "expm1", "log2", "log10", "tan", "sinh", "cosh", "arcsin", "arccos", "arctan", "arcsinh",
                  "arccosh", "arctanh", "stop_gradient", "selu", "softsign", "celu", "hard_tanh", "log_sigmoid",
                  "isnan", "isinf", "isfinite", "logical_not", "logical_and", "logical_or", "logical_xor", "mod",
                  "floor_divide", "argmax", "argmin", "prod", "var", "std", "logsumexp", "cumsum", "cumprod",
                  "moveaxis", "swapaxes", "flip", "tile", "pad"]:
        setattr(T, _name, staticmethod(getattr(ops, _name, None) or missing(f"keras.ops has no {_name}")))
else:
    # The tf function of each operation, by its tf name (which TFOpLambda saves as `function`).
    TF_NAME = {"add": "math.add", "subtract": "math.subtract", "multiply": "math.multiply", "divide": "math.divide",
               "true_divide": "math.truediv", "power": "math.pow", "negative": "math.negative", "maximum": "math.maximum",
               "minimum": "math.minimum", "greater": "math.greater", "greater_equal": "math.greater_equal",
               "less": "math.less", "less_equal": "math.less_equal", "equal": "math.equal", "not_equal": "math.not_equal",
               "reshape": "reshape", "expand_dims": "expand_dims", "stack": "stack", "matmul": "linalg.matmul",
               "einsum": "einsum", "clip": "clip_by_value", "where": "where", "cast": "cast", "sigmoid": "math.sigmoid",
               "relu": "nn.relu", "relu6": "nn.relu6", "silu": "nn.silu", "swish": "nn.swish", "softplus": "math.softplus",
               "tanh": "math.tanh", "exp": "math.exp", "log": "math.log", "sqrt": "math.sqrt", "rsqrt": "math.rsqrt",
               "abs": "math.abs", "square": "math.square", "erf": "math.erf", "round": "math.round", "elu": "nn.elu",
               "transpose": "transpose", "squeeze": "squeeze", "concatenate": "concat", "mean": "math.reduce_mean",
               "sum": "math.reduce_sum", "max": "math.reduce_max", "min": "math.reduce_min", "gelu": "nn.gelu",
               "softmax": "nn.softmax", "log_softmax": "nn.log_softmax", "leaky_relu": "nn.leaky_relu",
               # the op2_ cases (tf's own names for arcsin…: asin…; TFOpLambda saves tf.math.floordiv and tf.pad
               # as compat.v1.floor_div and compat.v1.pad, tf.math.logical_xor as the four ops it calls)
               "log1p": "math.log1p", "expm1": "math.expm1", "tan": "math.tan", "sinh": "math.sinh", "cosh": "math.cosh",
               "arcsin": "math.asin", "arccos": "math.acos", "arctan": "math.atan", "arcsinh": "math.asinh",
               "arccosh": "math.acosh", "arctanh": "math.atanh", "stop_gradient": "stop_gradient", "selu": "nn.selu",
               "softsign": "nn.softsign", "log_sigmoid": "math.log_sigmoid", "isnan": "math.is_nan", "isinf": "math.is_inf",
               "isfinite": "math.is_finite", "logical_not": "math.logical_not", "logical_and": "math.logical_and",
               "logical_or": "math.logical_or", "logical_xor": "math.logical_xor", "mod": "math.floormod",
               "floor_divide": "math.floordiv", "argmax": "math.argmax", "argmin": "math.argmin", "prod": "math.reduce_prod",
               "var": "math.reduce_variance", "std": "math.reduce_std", "logsumexp": "math.reduce_logsumexp",
               "cumsum": "math.cumsum", "cumprod": "math.cumprod", "flip": "reverse", "tile": "tile", "pad": "pad"}
    _tf = {}
    for _name, _path in TF_NAME.items():
        _f = tf
        for _part in _path.split("."):
            _f = getattr(_f, _part)
        _tf[_name] = _f
    for _name, _f in _tf.items():
        setattr(T, _name, staticmethod(_f))
    T.transpose = staticmethod(lambda x, axes=None: tf.transpose(x, perm=axes))
    T.squeeze = staticmethod(lambda x, axis=None: tf.squeeze(x, axis=axis))
    T.concatenate = staticmethod(lambda xs, axis=0: tf.concat(xs, axis=axis))
    T.mean = staticmethod(lambda x, axis=None, keepdims=False: tf.math.reduce_mean(x, axis=axis, keepdims=keepdims))
    T.sum = staticmethod(lambda x, axis=None, keepdims=False: tf.math.reduce_sum(x, axis=axis, keepdims=keepdims))
    T.max = staticmethod(lambda x, axis=None, keepdims=False: tf.math.reduce_max(x, axis=axis, keepdims=keepdims))
    T.min = staticmethod(lambda x, axis=None, keepdims=False: tf.math.reduce_min(x, axis=axis, keepdims=keepdims))
    T.gelu = staticmethod(lambda x, approximate=False: tf.nn.gelu(x, approximate=approximate))
    T.softmax = staticmethod(lambda x, axis=-1: tf.nn.softmax(x, axis=axis))
    T.log_softmax = staticmethod(lambda x, axis=-1: tf.nn.log_softmax(x, axis=axis))
    T.leaky_relu = staticmethod(lambda x, negative_slope=0.2: tf.nn.leaky_relu(x, alpha=negative_slope))
    # No tf function: tf-keras's activation functions, which call tf ops (one TFOpLambda each).
    T.hard_sigmoid = staticmethod(keras.activations.hard_sigmoid)
    T.hard_silu = T.hard_swish = staticmethod(getattr(keras.activations, "hard_silu", None)
                                              or missing("tf has no hard-swish function, nor tf-keras' activations"))
    # Operations of the op2_ cases tf has no function for.
    for _name, _why in [("log2", "tf.math has no log2"), ("log10", "tf.math has no log10"), ("celu", "tf has no celu"),
                        ("hard_tanh", "tf has no hard_tanh"), ("moveaxis", "tf has no moveaxis (only tf.experimental.numpy)"),
                        ("swapaxes", "tf has no swapaxes (only tf.experimental.numpy)")]:
        setattr(T, _name, staticmethod(missing(_why)))



def spelled(op):
    """How the case calls an operation, for its description."""
    return f"ops.{op}" if FLAVOR == "k3" else f"tf.{TF_NAME.get(op, op)}"


# ----------------------------------------------------------------------------------------------
# Layer cases

def layer_cases():
    img, seq, vec = (7, 9, 4), (10, 3), (6,)

    # core
    g = "Dense"
    record("dense_default", g, "Dense(4) on [B,6]", one(vec, lambda: L.Dense(4)))
    record("dense_relu", g, "activation relu", one(vec, lambda: L.Dense(5, activation="relu")))
    record("dense_softmax", g, "activation softmax", one(vec, lambda: L.Dense(3, activation="softmax")))
    record("dense_no_bias", g, "use_bias=False", one(vec, lambda: L.Dense(4, use_bias=False)))
    record("dense_rank3", g, "rank-3 input [B,3,6]", one((3, 6), lambda: L.Dense(4, activation="tanh")))
    record("dense_rank4", g, "rank-4 input [B,2,3,5]", one((2, 3, 5), lambda: L.Dense(3)))
    record("dense_rank5", g, "rank-5 input [B,2,1,3,4]", one((2, 1, 3, 4), lambda: L.Dense(2)))
    record("dense_one_unit", g, "units=1, one input feature", one((1,), lambda: L.Dense(1)))
    g = "Embedding"
    record("embedding_default", g, "Embedding(12, 5) on [B,7] int32", one((7,), lambda: L.Embedding(12, 5), kind=("int", 0, 12)))
    record("embedding_rank3", g, "[B,2,3] indices", one((2, 3), lambda: L.Embedding(9, 4), kind=("int", 0, 9)))
    record("embedding_float_indices", g, "float32 input holding integral indices", one((5,), lambda: L.Embedding(6, 3), kind=("int", 0, 6), dtype="float32"))
    record("embedding_mask_zero", g, "mask_zero=True (the output itself is unchanged)", one((6,), lambda: L.Embedding(8, 3, mask_zero=True), kind=("int", 0, 8)))
    g = "Flatten"
    record("flatten_rank4", g, "[B,7,9,4]", one(img, lambda: L.Flatten()))
    record("flatten_rank3", g, "[B,10,3]", one(seq, lambda: L.Flatten()))
    record("flatten_rank5_unit_dims", g, "[B,1,3,1,2]", one((1, 3, 1, 2), lambda: L.Flatten()))
    record("flatten_channels_first", g, "data_format channels_first (channels moved first before flattening)", one(img, lambda: L.Flatten(data_format="channels_first")))
    g = "Reshape"
    record("reshape_minus_one", g, "target (-1, 2) from [B,7,9,4]", one(img, lambda: L.Reshape((-1, 2))))
    record("reshape_rank_up", g, "target (2, 5, 3) from [B,10,3]", one(seq, lambda: L.Reshape((2, 5, 3))))
    record("reshape_rank5", g, "target (2, 3, 1, 5) from [B,10,3]", one(seq, lambda: L.Reshape((2, 3, 1, 5))))
    record("reshape_flat", g, "target (30,)", one(seq, lambda: L.Reshape((30,))))
    g = "Permute"
    record("permute_swap", g, "dims (2,1,3)", one(img, lambda: L.Permute((2, 1, 3))))
    record("permute_rotate", g, "dims (3,1,2)", one(img, lambda: L.Permute((3, 1, 2))))
    record("permute_rank3", g, "dims (2,1) on [B,10,3]", one(seq, lambda: L.Permute((2, 1))))
    record("permute_rank5", g, "dims (4,1,3,2) on [B,2,3,1,4]", one((2, 3, 1, 4), lambda: L.Permute((4, 1, 3, 2))))
    g = "RepeatVector"
    record("repeat_vector", g, "n=3", one((5,), lambda: L.RepeatVector(3)))
    record("repeat_vector_once", g, "n=1 on one feature", one((1,), lambda: L.RepeatVector(1)))
    # identities at inference
    for name, cls, layer, shape in [
            ("dropout", "Dropout", lambda: L.Dropout(0.5), seq),
            ("dropout_noise_shape", "Dropout", lambda: L.Dropout(0.3, noise_shape=(None, 1, 3)), seq),
            ("spatial_dropout1d", "SpatialDropout1D", lambda: L.SpatialDropout1D(0.5), seq),
            ("spatial_dropout2d", "SpatialDropout2D", lambda: L.SpatialDropout2D(0.5), img),
            ("spatial_dropout3d", "SpatialDropout3D", lambda: L.SpatialDropout3D(0.5), (3, 4, 5, 2)),
            ("alpha_dropout", "AlphaDropout", lambda: L.AlphaDropout(0.5), seq),
            ("gaussian_noise", "GaussianNoise", lambda: L.GaussianNoise(0.7), seq),
            ("gaussian_dropout", "GaussianDropout", lambda: L.GaussianDropout(0.4), seq),
            ("activity_regularization", "ActivityRegularization", lambda: L.ActivityRegularization(l1=0.1, l2=0.2), seq)]:
        record(name, cls, "identity at inference" + (", noise_shape (None,1,3)" if "noise" in name and cls == "Dropout" else ""), one(shape, layer))

    # activations
    g = "Activation"
    for activation in ["relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu", "softplus",
                       "softsign", "swish", "silu", "hard_silu", "hard_swish", "gelu", "mish", "leaky_relu", "exponential", "linear",
                       "celu", "log_sigmoid", "hard_tanh"]:
        record(f"activation_{activation}", g, f"'{activation}' on [B,10,3] (values ·4)",
               one(seq, lambda a=activation: L.Activation(a), kind="wide"))
    record("activation_softmax_rank4", g, "'softmax' on [B,7,9,4]", one(img, lambda: L.Activation("softmax")))
    g = "ReLU"
    record("relu_default", g, "defaults", one(seq, lambda: L.ReLU(), kind="wide"))
    record("relu_max6", g, "max_value=6", one(seq, lambda: L.ReLU(6.0), kind="wide"))
    record("relu_negative_slope", g, "negative_slope=0.1", one(seq, lambda: L.ReLU(negative_slope=0.1), kind="wide"))
    record("relu_threshold", g, "threshold=0.5", one(seq, lambda: L.ReLU(threshold=0.5), kind="wide"))
    record("relu_general", g, "max_value=1.5, negative_slope=0.1, threshold=0.2",
           one(seq, lambda: L.ReLU(max_value=1.5, negative_slope=0.1, threshold=0.2), kind="wide"))
    g = "LeakyReLU"
    record("leaky_relu_default", g, "default slope (0.3)", one(seq, lambda: L.LeakyReLU()))
    record("leaky_relu_slope", g, "slope 0.05 (positional)", one(img, lambda: L.LeakyReLU(0.05)))
    g = "PReLU"
    record("prelu_default", g, "alpha per element", one(img, lambda: L.PReLU()))
    record("prelu_shared_hw", g, "shared_axes [1,2]", one(img, lambda: L.PReLU(shared_axes=[1, 2])))
    record("prelu_rank3_shared", g, "rank 3, shared_axes [1]", one(seq, lambda: L.PReLU(shared_axes=[1])))
    g = "ELU"
    record("elu_default", g, "alpha 1", one(seq, lambda: L.ELU(), kind="wide"))
    record("elu_alpha", g, "alpha 0.7", one(seq, lambda: L.ELU(0.7), kind="wide"))
    g = "Softmax"
    record("softmax_default", g, "axis -1", one(seq, lambda: L.Softmax()))
    record("softmax_axis1", g, "axis 1", one(seq, lambda: L.Softmax(axis=1)))
    record("softmax_rank4_axis2", g, "axis 2 of [B,7,9,4]", one(img, lambda: L.Softmax(axis=2)))
    record("softmax_axes_list", g, "axis [1,2]", one(img, lambda: L.Softmax(axis=[1, 2])))
    g = "ThresholdedReLU"
    record("thresholded_relu_default", g, "theta 1", one(seq, lambda: L.ThresholdedReLU(), kind="wide"))
    record("thresholded_relu_theta", g, "theta 0.3", one(seq, lambda: L.ThresholdedReLU(theta=0.3), kind="wide"))

    # convolution
    g = "Conv1D"
    record("conv1d_default", g, "Conv1D(4, 3)", one(seq, lambda: L.Conv1D(4, 3)))
    record("conv1d_same", g, "padding same", one(seq, lambda: L.Conv1D(3, 4, padding="same")))
    record("conv1d_causal_dilated", g, "causal, dilation 2", one(seq, lambda: L.Conv1D(4, 3, padding="causal", dilation_rate=2)))
    record("conv1d_stride2_odd", g, "stride 2 on 11 steps, tanh", one((11, 3), lambda: L.Conv1D(4, 3, strides=2, activation="tanh")))
    record("conv1d_same_stride2", g, "same, stride 2", one((11, 3), lambda: L.Conv1D(2, 3, strides=2, padding="same")))
    record("conv1d_groups", g, "groups 2, no bias", one((10, 4), lambda: L.Conv1D(6, 3, groups=2, use_bias=False)))
    record("conv1d_kernel1", g, "kernel 1 on one step", one((1, 3), lambda: L.Conv1D(5, 1)))
    g = "Conv2D"
    record("conv2d_default", g, "Conv2D(3, 3)", one(img, lambda: L.Conv2D(3, 3)))
    record("conv2d_same_stride2", g, "same, stride 2, relu", one(img, lambda: L.Conv2D(5, 3, strides=2, padding="same", activation="relu")))
    record("conv2d_strides_2_1", g, "strides (2,1), kernel (3,2)", one(img, lambda: L.Conv2D(4, (3, 2), strides=(2, 1))))
    record("conv2d_dilated", g, "dilation (2,1), same", one(img, lambda: L.Conv2D(3, 3, dilation_rate=(2, 1), padding="same")))
    record("conv2d_groups", g, "groups 2", one(img, lambda: L.Conv2D(6, 3, groups=2)))
    record("conv2d_no_bias", g, "use_bias False, kernel (1,3)", one(img, lambda: L.Conv2D(2, (1, 3), use_bias=False)))
    record("conv2d_pointwise_stride2", g, "1x1, stride 2 on odd sizes", one(img, lambda: L.Conv2D(3, 1, strides=2)))
    record("conv2d_unit_height", g, "input [B,1,6,3], kernel (1,3)", one((1, 6, 3), lambda: L.Conv2D(4, (1, 3), padding="same")))
    record("conv2d_channels_first", g, "data_format channels_first", one((4, 7, 9), lambda: L.Conv2D(3, 3, data_format="channels_first")))
    g = "Conv3D"
    record("conv3d_default", g, "Conv3D(3, 2) on [B,4,5,6,2]", one((4, 5, 6, 2), lambda: L.Conv3D(3, 2)))
    record("conv3d_same_stride2", g, "same, stride 2, relu", one((5, 6, 7, 3), lambda: L.Conv3D(4, 3, strides=2, padding="same", activation="relu")))
    record("conv3d_dilated_groups", g, "kernel (2,3,2), dilation (1,2,1), groups 2", one((5, 7, 6, 4), lambda: L.Conv3D(4, (2, 3, 2), dilation_rate=(1, 2, 1), groups=2)))
    record("conv3d_no_bias", g, "use_bias False, strides (1,2,2)", one((3, 6, 5, 2), lambda: L.Conv3D(2, 3, strides=(1, 2, 2), use_bias=False)))
    g = "DepthwiseConv1D"
    record("depthwise1d_default", g, "kernel 3", one(seq, lambda: L.DepthwiseConv1D(3)))
    record("depthwise1d_same_multiplier", g, "same, depth_multiplier 2", one(seq, lambda: L.DepthwiseConv1D(3, padding="same", depth_multiplier=2)))
    record("depthwise1d_stride_dilation", g, "stride 2 / dilation 2 (two layers)",
           one((13, 3), lambda: (lambda a, b: lambda t: b(a(t)))(L.DepthwiseConv1D(3, strides=2), L.DepthwiseConv1D(2, dilation_rate=2, use_bias=False))))
    g = "DepthwiseConv2D"
    record("depthwise2d_default", g, "kernel 3", one(img, lambda: L.DepthwiseConv2D(3)))
    record("depthwise2d_multiplier_stride", g, "depth_multiplier 2, stride 2, same", one(img, lambda: L.DepthwiseConv2D(3, depth_multiplier=2, strides=2, padding="same")))
    record("depthwise2d_dilated", g, "dilation 2, relu", one(img, lambda: L.DepthwiseConv2D(3, dilation_rate=2, activation="relu")))
    record("depthwise2d_no_bias", g, "use_bias False, kernel (1,3)", one(img, lambda: L.DepthwiseConv2D((1, 3), use_bias=False)))
    g = "SeparableConv1D"
    record("separable1d_default", g, "SeparableConv1D(4, 3)", one(seq, lambda: L.SeparableConv1D(4, 3)))
    record("separable1d_stride_same", g, "stride 2, same, multiplier 2", one((11, 3), lambda: L.SeparableConv1D(5, 3, strides=2, padding="same", depth_multiplier=2)))
    record("separable1d_dilated_no_bias", g, "dilation 2, no bias", one(seq, lambda: L.SeparableConv1D(3, 3, dilation_rate=2, use_bias=False)))
    g = "SeparableConv2D"
    record("separable2d_default", g, "SeparableConv2D(4, 3)", one(img, lambda: L.SeparableConv2D(4, 3)))
    record("separable2d_same_multiplier", g, "same, multiplier 2, relu", one(img, lambda: L.SeparableConv2D(6, 3, depth_multiplier=2, padding="same", activation="relu")))
    record("separable2d_stride2", g, "stride 2", one(img, lambda: L.SeparableConv2D(3, 3, strides=2)))
    record("separable2d_dilated_no_bias", g, "dilation 2, no bias", one(img, lambda: L.SeparableConv2D(3, 2, dilation_rate=2, use_bias=False)))
    g = "Conv1DTranspose"
    record("conv1d_transpose_default", g, "Conv1DTranspose(3, 3)", one(seq, lambda: L.Conv1DTranspose(3, 3)))
    record("conv1d_transpose_same_stride2", g, "same, stride 2", one(seq, lambda: L.Conv1DTranspose(3, 4, strides=2, padding="same")))
    record("conv1d_transpose_output_padding", g, "stride 3, output_padding 1", one(seq, lambda: L.Conv1DTranspose(2, 3, strides=3, output_padding=1)))
    record("conv1d_transpose_dilated", g, "dilation 2", one(seq, lambda: L.Conv1DTranspose(2, 3, dilation_rate=2)))
    g = "Conv2DTranspose"
    record("conv2d_transpose_default", g, "Conv2DTranspose(3, 3)", one(img, lambda: L.Conv2DTranspose(3, 3)))
    record("conv2d_transpose_same_stride2", g, "same, stride 2", one(img, lambda: L.Conv2DTranspose(4, 3, strides=2, padding="same")))
    record("conv2d_transpose_output_padding", g, "stride 2, output_padding 1", one(img, lambda: L.Conv2DTranspose(3, 3, strides=2, output_padding=1)))
    record("conv2d_transpose_strides_2_3", g, "strides (2,3), kernel (4,3), same, relu", one(img, lambda: L.Conv2DTranspose(2, (4, 3), strides=(2, 3), padding="same", activation="relu")))
    record("conv2d_transpose_dilated_no_bias", g, "dilation 2, no bias", one(img, lambda: L.Conv2DTranspose(2, 3, dilation_rate=2, use_bias=False)))

    # pooling
    g = "MaxPooling1D"
    record("maxpool1d_default", g, "pool 2", one(seq, lambda: L.MaxPooling1D()))
    record("maxpool1d_stride_same", g, "pool 3, stride 2, same, 11 steps", one((11, 3), lambda: L.MaxPooling1D(3, strides=2, padding="same")))
    g = "MaxPooling2D"
    record("maxpool2d_default", g, "pool 2 on odd sizes", one(img, lambda: L.MaxPooling2D()))
    record("maxpool2d_same_stride2", g, "pool 3, stride 2, same", one(img, lambda: L.MaxPooling2D(3, strides=2, padding="same")))
    record("maxpool2d_rect", g, "pool (2,3), strides (1,2)", one(img, lambda: L.MaxPooling2D((2, 3), strides=(1, 2))))
    record("maxpool2d_channels_first", g, "pool 2, data_format channels_first", one((4, 7, 9), lambda: L.MaxPooling2D(2, data_format="channels_first")))
    g = "AveragePooling1D"
    record("avgpool1d_default", g, "pool 2 (Keras 3 has no default pool_size)", one(seq, lambda: L.AveragePooling1D(2)))
    record("avgpool1d_same", g, "pool 3, same (padding not counted)", one(seq, lambda: L.AveragePooling1D(3, strides=1, padding="same")))
    g = "AveragePooling2D"
    record("avgpool2d_default", g, "pool 2 (Keras 3 has no default pool_size)", one(img, lambda: L.AveragePooling2D(2)))
    record("avgpool2d_same_stride2", g, "pool 3, stride 2, same", one(img, lambda: L.AveragePooling2D(3, strides=2, padding="same")))
    record("avgpool2d_rect_valid", g, "pool (3,2), strides (2,2)", one(img, lambda: L.AveragePooling2D((3, 2), strides=2)))
    record("avgpool1d_channels_first", "AveragePooling1D", "pool 2, data_format channels_first", one((3, 10), lambda: L.AveragePooling1D(2, data_format="channels_first")))
    for cls, shape in [("GlobalMaxPooling1D", seq), ("GlobalAveragePooling1D", seq), ("GlobalMaxPooling2D", img), ("GlobalAveragePooling2D", img)]:
        short = cls.replace("Global", "global_").replace("Pooling", "pool").lower()
        record(f"{short}_default", cls, "defaults", one(shape, lambda c=cls: getattr(L, c)()))
        record(f"{short}_keepdims", cls, "keepdims True", one(shape, lambda c=cls: getattr(L, c)(keepdims=True)))
    record("global_avgpool2d_unit_spatial", "GlobalAveragePooling2D", "[B,1,1,5]", one((1, 1, 5), lambda: L.GlobalAveragePooling2D()))
    record("global_avgpool2d_channels_first", "GlobalAveragePooling2D", "data_format channels_first", one((4, 7, 9), lambda: L.GlobalAveragePooling2D(data_format="channels_first")))
    record("global_maxpool1d_channels_first", "GlobalMaxPooling1D", "data_format channels_first, keepdims", one((3, 10), lambda: L.GlobalMaxPooling1D(data_format="channels_first", keepdims=True)))

    # normalization
    g = "BatchNormalization"
    record("batchnorm_image", g, "rank 4, axis -1", one(img, lambda: L.BatchNormalization()))
    record("batchnorm_vector", g, "rank 2", one(vec, lambda: L.BatchNormalization()))
    record("batchnorm_sequence", g, "rank 3", one(seq, lambda: L.BatchNormalization()))
    record("batchnorm_axis1", g, "axis 1 of a rank-4 input", one(img, lambda: L.BatchNormalization(axis=1)))
    record("batchnorm_no_center", g, "center False, epsilon 0.01", one(vec, lambda: L.BatchNormalization(center=False, epsilon=0.01)))
    record("batchnorm_no_scale", g, "scale False", one(seq, lambda: L.BatchNormalization(scale=False)))
    record("batchnorm_rank5", g, "rank 5", one((2, 3, 4, 3), lambda: L.BatchNormalization()))
    g = "LayerNormalization"
    record("layernorm_default", g, "axis -1", one(seq, lambda: L.LayerNormalization()))
    record("layernorm_axes", g, "axis [1,2] of rank 4", one(img, lambda: L.LayerNormalization(axis=[1, 2])))
    record("layernorm_all_axes", g, "axis [1,2,3], epsilon 1e-5", one(img, lambda: L.LayerNormalization(axis=[1, 2, 3], epsilon=1e-5)))
    record("layernorm_axis1", g, "axis 1 of rank 3", one(seq, lambda: L.LayerNormalization(axis=1)))
    record("layernorm_no_center_scale", g, "center False, scale False", one(seq, lambda: L.LayerNormalization(center=False, scale=False)))
    record("layernorm_rms", g, "rms_scaling True", one(seq, lambda: L.LayerNormalization(rms_scaling=True)))
    record("layernorm_rank5", g, "axis -1 of rank 5", one((2, 3, 4, 5), lambda: L.LayerNormalization()))
    g = "GroupNormalization"
    record("groupnorm_default", g, "groups 2 of 4 channels", one(img, lambda: L.GroupNormalization(groups=2)))
    record("groupnorm_instance", g, "groups -1 (one per channel)", one(img, lambda: L.GroupNormalization(groups=-1)))
    record("groupnorm_one_group", g, "groups 1, rank 3, epsilon 0.01", one((10, 6), lambda: L.GroupNormalization(groups=1, epsilon=0.01)))
    record("groupnorm_no_center", g, "center False, groups 3", one((5, 6), lambda: L.GroupNormalization(groups=3, center=False)))
    g = "UnitNormalization"
    record("unitnorm_default", g, "axis -1", one(seq, lambda: L.UnitNormalization()))
    record("unitnorm_axes", g, "axis [1,2] of rank 4", one(img, lambda: L.UnitNormalization(axis=[1, 2])))

    # merging
    two = [seq, seq]
    g = "Concatenate"
    record("concatenate_axis1", g, "axis 1", many(two, lambda a, b: L.Concatenate(axis=1)([a, b])))
    record("concatenate_last", g, "axis -1, different widths", many([(10, 3), (10, 5)], lambda a, b: L.Concatenate()([a, b])))
    record("concatenate_three_rank4", g, "3 inputs, axis 2 of rank 4", many([img, img, img], lambda a, b, c: L.Concatenate(axis=2)([a, b, c])))
    for cls in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]:
        record(f"merge_{cls.lower()}", cls, "2 inputs", many(two, lambda a, b, c=cls: getattr(L, c)()([a, b])))
        if cls != "Subtract":
            record(f"merge_{cls.lower()}_three", cls, "3 inputs, rank 4", many([img, img, img], lambda a, b, d, c=cls: getattr(L, c)()([a, b, d])))
        record(f"merge_{cls.lower()}_broadcast", cls, "[B,10,3] with [B,1,3]", many([seq, (1, 3)], lambda a, b, c=cls: getattr(L, c)()([a, b])))
    g = "Dot"
    record("dot_vectors", g, "axes 1 on [B,6]", many([vec, vec], lambda a, b: L.Dot(axes=1)([a, b])))
    record("dot_sequences_normalized", g, "axes (2,2), normalize", many([(4, 3), (5, 3)], lambda a, b: L.Dot(axes=(2, 2), normalize=True)([a, b])))
    record("dot_axes1", g, "axes 1 on [B,4,3] and [B,4,5]", many([(4, 3), (4, 5)], lambda a, b: L.Dot(axes=1)([a, b])))
    record("dot_matmul", g, "axes (2,1): a batched matmul", many([(4, 3), (3, 5)], lambda a, b: L.Dot(axes=(2, 1))([a, b])))
    record("dot_negative_axes", g, "axes -1", many([(4, 3), (5, 3)], lambda a, b: L.Dot(axes=-1)([a, b])))

    # reshaping
    g = "ZeroPadding1D"
    record("zero_padding1d_default", g, "padding 1", one(seq, lambda: L.ZeroPadding1D()))
    record("zero_padding1d_pair", g, "padding (2, 0)", one(seq, lambda: L.ZeroPadding1D((2, 0))))
    g = "ZeroPadding2D"
    record("zero_padding2d_default", g, "padding 1", one(img, lambda: L.ZeroPadding2D()))
    record("zero_padding2d_symmetric", g, "padding (1, 2)", one(img, lambda: L.ZeroPadding2D((1, 2))))
    record("zero_padding2d_explicit", g, "padding ((1,2),(0,1))", one(img, lambda: L.ZeroPadding2D(((1, 2), (0, 1)))))
    record("zero_padding2d_channels_first", g, "padding ((1,0),(2,1)), channels_first", one((4, 7, 9), lambda: L.ZeroPadding2D(((1, 0), (2, 1)), data_format="channels_first")))
    g = "Cropping1D"
    record("cropping1d_default", g, "cropping (1,1)", one(seq, lambda: L.Cropping1D()))
    record("cropping1d_pair", g, "cropping (0, 3)", one(seq, lambda: L.Cropping1D((0, 3))))
    g = "Cropping2D"
    record("cropping2d_int", g, "cropping 1", one(img, lambda: L.Cropping2D(1)))
    record("cropping2d_symmetric", g, "cropping (2, 1)", one(img, lambda: L.Cropping2D((2, 1))))
    record("cropping2d_explicit", g, "cropping ((1,0),(2,3))", one(img, lambda: L.Cropping2D(((1, 0), (2, 3)))))
    record("cropping2d_channels_first", g, "cropping ((1,2),(0,3)), channels_first", one((4, 7, 9), lambda: L.Cropping2D(((1, 2), (0, 3)), data_format="channels_first")))
    g = "UpSampling1D"
    record("upsampling1d_default", g, "size 2", one(seq, lambda: L.UpSampling1D()))
    record("upsampling1d_size3", g, "size 3", one(seq, lambda: L.UpSampling1D(3)))
    g = "UpSampling2D"
    record("upsampling2d_nearest", g, "size 2, nearest", one(img, lambda: L.UpSampling2D()))
    record("upsampling2d_nearest_rect", g, "size (2,3), nearest", one(img, lambda: L.UpSampling2D((2, 3))))
    record("upsampling2d_bilinear", g, "size (2,3), bilinear", one(img, lambda: L.UpSampling2D((2, 3), interpolation="bilinear")))
    record("upsampling2d_bicubic", g, "size 2, bicubic", one((4, 5, 2), lambda: L.UpSampling2D(2, interpolation="bicubic")))
    record("upsampling2d_channels_first", g, "size (2,1), nearest, channels_first", one((4, 5, 3), lambda: L.UpSampling2D((2, 1), data_format="channels_first")))

    # recurrent
    g = "SimpleRNN"
    record("simple_rnn_default", g, "units 5, last output", one(seq, lambda: L.SimpleRNN(5)))
    record("simple_rnn_sequences_backwards", g, "return_sequences, go_backwards", one(seq, lambda: L.SimpleRNN(4, return_sequences=True, go_backwards=True)))
    record("simple_rnn_relu_no_bias", g, "activation relu, use_bias False", one(seq, lambda: L.SimpleRNN(3, activation="relu", use_bias=False)))
    record("simple_rnn_state", g, "return_state", many([seq], lambda x: L.SimpleRNN(3, return_state=True)(x)))
    record("simple_rnn_one_step", g, "one time step", one((1, 4), lambda: L.SimpleRNN(3)))
    g = "LSTM"
    record("lstm_default", g, "units 4, last output", one(seq, lambda: L.LSTM(4)))
    record("lstm_sequences_state", g, "return_sequences, return_state", many([seq], lambda x: L.LSTM(5, return_sequences=True, return_state=True)(x)))
    record("lstm_backwards", g, "go_backwards", one(seq, lambda: L.LSTM(4, go_backwards=True)))
    record("lstm_hard_sigmoid_relu", g, "recurrent_activation hard_sigmoid, activation relu", one(seq, lambda: L.LSTM(3, activation="relu", recurrent_activation="hard_sigmoid")))
    record("lstm_no_bias", g, "use_bias False, unit_forget_bias False", one(seq, lambda: L.LSTM(3, use_bias=False, unit_forget_bias=False)))
    record("lstm_dropout_unroll", g, "dropout, recurrent_dropout (identity at inference), unroll True", one(seq, lambda: L.LSTM(3, dropout=0.3, recurrent_dropout=0.2, unroll=True)))
    g = "GRU"
    record("gru_reset_after", g, "reset_after True (default), sequences", one(seq, lambda: L.GRU(5, return_sequences=True)))
    record("gru_reset_before", g, "reset_after False", one(seq, lambda: L.GRU(5, reset_after=False)))
    record("gru_backwards_state", g, "go_backwards, return_state", many([seq], lambda x: L.GRU(3, go_backwards=True, return_state=True)(x)))
    record("gru_no_bias", g, "use_bias False", one(seq, lambda: L.GRU(4, use_bias=False)))
    record("gru_activations", g, "activation relu, recurrent_activation hard_sigmoid", one(seq, lambda: L.GRU(3, activation="relu", recurrent_activation="hard_sigmoid")))
    g = "Bidirectional"
    record("bidirectional_lstm_concat", g, "LSTM, merge concat, sequences", one(seq, lambda: L.Bidirectional(L.LSTM(4, return_sequences=True))))
    record("bidirectional_gru_sum", g, "GRU, merge sum", one(seq, lambda: L.Bidirectional(L.GRU(3), merge_mode="sum")))
    record("bidirectional_rnn_mul", g, "SimpleRNN, merge mul", one(seq, lambda: L.Bidirectional(L.SimpleRNN(3, return_sequences=True), merge_mode="mul")))
    record("bidirectional_lstm_ave", g, "LSTM, merge ave", one(seq, lambda: L.Bidirectional(L.LSTM(3), merge_mode="ave")))
    record("bidirectional_backward_layer", g, "an explicit backward_layer of other units' activation",
           one(seq, lambda: L.Bidirectional(L.LSTM(3, return_sequences=True), backward_layer=L.LSTM(3, activation="relu", return_sequences=True, go_backwards=True))))
    g = "TimeDistributed"
    record("time_distributed_dense", g, "Dense on [B,4,6]", one((4, 6), lambda: L.TimeDistributed(L.Dense(3))))
    record("time_distributed_conv2d", g, "Conv2D on [B,3,5,5,2] (rank 5)", one((3, 5, 5, 2), lambda: L.TimeDistributed(L.Conv2D(2, 3))))

    # attention
    g = "MultiHeadAttention"
    record("mha_self", g, "self-attention, 2 heads", many([(5, 8)], lambda x: L.MultiHeadAttention(num_heads=2, key_dim=3)(x, x)))
    record("mha_cross_value_dim", g, "cross, value_dim 4", many([(4, 8), (6, 5)], lambda q, v: L.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4)(q, v)))
    record("mha_key", g, "separate key tensor", many([(4, 6), (5, 6), (5, 3)], lambda q, v, k: L.MultiHeadAttention(num_heads=2, key_dim=2)(q, v, k)))
    record("mha_causal", g, "use_causal_mask", many([(5, 8)], lambda x: L.MultiHeadAttention(num_heads=2, key_dim=4)(x, x, use_causal_mask=True)))
    record("mha_output_shape_no_bias", g, "output_shape 3, use_bias False", many([(5, 4)], lambda x: L.MultiHeadAttention(num_heads=1, key_dim=3, output_shape=3, use_bias=False)(x, x)))
    record("mha_attention_mask", g, "attention_mask input [B,4,6] bool", many([(4, 6), (6, 6), (4, 6)],
           lambda q, v, m: L.MultiHeadAttention(num_heads=2, key_dim=3)(q, v, attention_mask=m), kinds=["normal", "normal", "mask"]))
    record("mha_attention_axes", g, "attention_axes (2,) on [B,3,4,6] (attends within each row)", many([(3, 4, 6)], lambda x: L.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(2,))(x, x)))
    record("mha_dropout", g, "dropout 0.3 (identity at inference)", many([(5, 4)], lambda x: L.MultiHeadAttention(num_heads=2, key_dim=2, dropout=0.3)(x, x)))

    # preprocessing
    g = "Rescaling"
    record("rescaling_scale", g, "scale 1/255", one(img, lambda: L.Rescaling(1 / 255.0), kind="positive"))
    record("rescaling_offset", g, "scale 1/127.5, offset -1", one(img, lambda: L.Rescaling(1 / 127.5, offset=-1)))
    record("rescaling_per_channel", g, "per-channel scale and offset lists", one((3, 3, 3), lambda: L.Rescaling([0.5, 2.0, -1.0], offset=[0.1, 0.0, -0.2])))
    g = "Normalization"
    record("normalization_given", g, "mean/variance given, axis -1", one(seq, lambda: L.Normalization(mean=[0.5, -1.0, 2.0], variance=[1.0, 4.0, 0.25])))
    record("normalization_scalar", g, "scalar mean/variance, axis None", one(seq, lambda: L.Normalization(axis=None, mean=0.5, variance=2.0)))
    record("normalization_invert", g, "invert True", one(seq, lambda: L.Normalization(mean=[0.5, -1.0, 2.0], variance=[1.0, 4.0, 0.25], invert=True)))
    record("normalization_image", g, "per channel on [B,7,9,4]", one(img, lambda: L.Normalization(mean=[0.1, 0.2, 0.3, 0.4], variance=[1.0, 2.0, 3.0, 0.5])))
    record("normalization_adapted", g, "adapt()ed: the statistics are weights, mean/variance null in the config (EfficientNet)",
           one(img, lambda: adapted_normalization(img)))
    g = "Resizing"
    record("resizing_bilinear", g, "5x7 bilinear (down and up)", one(img, lambda: L.Resizing(5, 11)))
    record("resizing_nearest", g, "14x4 nearest", one(img, lambda: L.Resizing(14, 4, interpolation="nearest")))
    record("resizing_crop", g, "4x6 nearest, crop_to_aspect_ratio", one(img, lambda: L.Resizing(4, 6, interpolation="nearest", crop_to_aspect_ratio=True)))
    record("resizing_bicubic", g, "6x6 bicubic", one(img, lambda: L.Resizing(6, 6, interpolation="bicubic")))
    record("resizing_pad", g, "4x6 pad_to_aspect_ratio", one(img, lambda: L.Resizing(4, 6, pad_to_aspect_ratio=True)))
    record("resizing_antialias", g, "3x4 bilinear, antialias True (downsampling)", one(img, lambda: L.Resizing(3, 4, antialias=True)))
    g = "CenterCrop"
    record("center_crop", g, "4x5 of 7x9", one(img, lambda: L.CenterCrop(4, 5)))
    record("center_crop_odd", g, "3x8 of 7x9 (odd margins)", one(img, lambda: L.CenterCrop(3, 8)))
    record("center_crop_larger", g, "10x4 of 7x9 (taller than the input)", one(img, lambda: L.CenterCrop(10, 4)))

    g = "InputLayer"
    record("input_fixed_batch", g, "keras.Input with batch_size 2, then Dense",
           lambda: (lambda x: (x, L.Dense(3)(x)))(keras.Input((4,), batch_size=2, name="x")))

    # the layer classes keras.applications defines for itself
    app = custom_objects()
    g = "LayerScale"
    record("layer_scale_image", g, "LayerScale(1e-6, 4) on [B,3,3,4] (gamma random)", one((3, 3, 4), lambda: app["LayerScale"](1e-6, 4)))
    record("layer_scale_sequence", g, "LayerScale(0.5, 6) on [B,5,6]", one((5, 6), lambda: app["LayerScale"](0.5, 6)))
    g = "CustomScaleLayer"
    record("custom_scale_layer", g, "CustomScaleLayer(0.17) on [x, r]", many([img, img], lambda a, b: app["CustomScaleLayer"](0.17)([a, b])))
    record("custom_scale_layer_one", g, "CustomScaleLayer(1.0) on rank 3", many([seq, seq], lambda a, b: app["CustomScaleLayer"](1.0)([a, b])))
    g = "StochasticDepth"
    record("stochastic_depth", g, "StochasticDepth(0.1) on [B,3,3,4] (identity at inference)", one((3, 3, 4), lambda: app["StochasticDepth"](0.1)))
    record("stochastic_depth_residual", g, "x + StochasticDepth(0.5)(Dense(x)), as ConvNeXt adds it",
           lambda: (lambda x: (x, x + app["StochasticDepth"](0.5)(L.Dense(5)(x))))(inp((4, 5))))


# ----------------------------------------------------------------------------------------------
# Operation cases

def operation_cases():
    s, col, row = (5, 3), (5, 1), (1, 3)
    const3 = np.array([0.5, -1.0, 2.0], np.float32)

    # arithmetic with a Python scalar, as operators
    for name, op, f, kind, text in [
            ("add_scalar_right", "add", lambda x: x + 3.0, "normal", "x + 3.0"),
            ("add_scalar_left", "add", lambda x: 3.0 + x, "normal", "3.0 + x"),
            ("subtract_scalar_right", "subtract", lambda x: x - 1.5, "normal", "x - 1.5"),
            ("subtract_scalar_left", "subtract", lambda x: 3.0 - x, "normal", "3.0 - x"),
            ("multiply_scalar_right", "multiply", lambda x: x * 2.0, "normal", "x * 2.0"),
            ("multiply_scalar_left", "multiply", lambda x: 2.0 * x, "normal", "2.0 * x"),
            ("divide_scalar_right", "true_divide", lambda x: x / 4.0, "normal", "x / 4.0"),
            ("divide_scalar_left", "true_divide", lambda x: 2.0 / x, "positive", "2.0 / x (x > 0)"),
            ("power_scalar_two", "power", lambda x: x ** 2.0, "normal", "x ** 2.0"),
            ("power_scalar_half", "power", lambda x: x ** 0.5, "positive", "x ** 0.5 (x > 0)"),
            ("power_scalar_three", "power", lambda x: x ** 3.0, "normal", "x ** 3.0"),
            ("power_scalar_left", "power", lambda x: 2.0 ** x, "normal", "2.0 ** x"),
            ("negative_operator", "negative", lambda x: -x, "normal", "-x")]:
        record(name, f"op:{op}", f"{text} on [B,5,3]", fn(s, f, kind))
    record("add_scalar_int", "op:add", "x + 2 (Python int) on int32 input", fn(s, lambda x: x + 2, ("int", -5, 5)))
    record("multiply_scalar_int", "op:multiply", "x * 3 (Python int) on int32 input", fn(s, lambda x: x * 3, ("int", -5, 5)))

    # binary operations as functions: tensor with tensor, broadcasting, a constant array, a scalar
    binary = ["add", "subtract", "multiply", "divide", "true_divide", "power", "maximum", "minimum"]
    for op in binary:
        base = "positive" if op == "power" else "normal"
        other = "positive" if op in ("divide", "true_divide") else "normal"
        f = getattr(T, op)
        record(f"{op}_same_shape", f"op:{op}", f"{spelled(op)}(x, y), both [B,5,3]", many([s, s], f, kinds=[base, other]))
        record(f"{op}_broadcast_column", f"op:{op}", f"{spelled(op)}(x, y), [B,5,3] with [B,5,1]", many([s, col], f, kinds=[base, other]))
        record(f"{op}_broadcast_row", f"op:{op}", f"{spelled(op)}(x, y), [B,1,3] with [B,5,3]", many([row, s], f, kinds=[base if op != "power" else "positive", other]))
        record(f"{op}_constant_vector", f"op:{op}", f"{spelled(op)}(x, const [3]) on [B,5,3]",
               fn(s, lambda x, f=f, op=op: f(x, np.abs(const3) + 0.5 if op in ("divide", "true_divide", "power") else const3), base))
        record(f"{op}_scalar_function", f"op:{op}", f"{spelled(op)}(x, 0.75)", fn(s, lambda x, f=f: f(x, 0.75), base))
    record("add_scalar_left_function", "op:add", f"{spelled('add')}(3.0, x): the constant first", fn(s, lambda x: T.add(3.0, x)))
    record("subtract_constant_left", "op:subtract", f"{spelled('subtract')}(const [3], x): a constant array first", fn(s, lambda x: T.subtract(const3, x)))
    record("add_rank4_bias", "op:add", "x + y, [B,7,9,4] with [B,1,1,4]", many([(7, 9, 4), (1, 1, 4)], lambda x, y: x + y))
    record("multiply_operator_tensors", "op:multiply", "x * y, [B,5,3] with [B,5,1]", many([s, col], lambda x, y: x * y))
    record("subtract_operator_tensors", "op:subtract", "x - y, both [B,5,3]", many([s, s], lambda x, y: x - y))
    record("divide_operator_tensors", "op:true_divide", "x / y, y > 0", many([s, s], lambda x, y: x / y, kinds=["normal", "positive"]))
    record("power_operator_tensors", "op:power", "x ** y, x > 0", many([s, s], lambda x, y: x ** y, kinds=["positive", "normal"]))
    record("negative_function", "op:negative", f"{spelled('negative')}(x) on [B,7,9,4]", fn((7, 9, 4), T.negative))

    # comparisons (bool outputs)
    for op, sym in [("greater", ">"), ("greater_equal", ">="), ("less", "<"), ("less_equal", "<="), ("equal", "=="), ("not_equal", "!=")]:
        f = getattr(T, op)
        record(f"{op}_tensors", f"op:{op}", f"{spelled(op)}(x, y) on small-integer floats (ties)", many([s, s], f, kinds=["smallint", "smallint"]))
        record(f"{op}_broadcast", f"op:{op}", f"{spelled(op)}(x, y), [B,5,3] with [B,5,1], small integers", many([s, col], f, kinds=["smallint", "smallint"]))
        record(f"{op}_scalar", f"op:{op}", f"{spelled(op)}(x, 1.0) on small-integer floats", fn(s, lambda x, f=f: f(x, 1.0), "smallint"))
        if op not in ("equal", "not_equal"):  # Keras tensors compare by identity with == and !=
            record(f"{op}_operator", f"op:{op}", f"x {sym} 0.0", fn(s, lambda x, sym=sym: eval(f"x {sym} 0.0"), "normal"))
    record("equal_rounded", "op:equal", f"{spelled('equal')}(round(x), 1.0) on normal·3 values", fn(s, lambda x: T.equal(T.round(x), 1.0), "frac"))

    # GetItem slicing
    r4 = (6, 5, 4)
    slicing = [("int", "x[:, 1]", lambda x: x[:, 1]),
               ("slice", "x[:, 1:5]", lambda x: x[:, 1:5]),
               ("negative_bounds", "x[:, -4:-1]", lambda x: x[:, -4:-1]),
               ("step2", "x[:, ::2]", lambda x: x[:, ::2]),
               ("start_stop_step", "x[:, 1:6:2, 3:]", lambda x: x[:, 1:6:2, 3:]),
               ("reverse", "x[:, ::-1]", lambda x: x[:, ::-1]),
               ("reverse_step2", "x[:, 5:0:-2]", lambda x: x[:, 5:0:-2]),
               ("newaxis", "x[:, None]", lambda x: x[:, None]),
               ("ellipsis_last", "x[..., -1]", lambda x: x[..., -1]),
               ("ellipsis_middle", "x[:, 1:5, ..., :2]", lambda x: x[:, 1:5, ..., :2]),
               ("newaxis_int_step", "x[:, None, 2, ::2]", lambda x: x[:, None, 2, ::2]),
               ("ints_two", "x[:, -1, :, 0]", lambda x: x[:, -1, :, 0]),
               ("unit_slice", "x[:, :, 2:3]", lambda x: x[:, :, 2:3]),
               ("past_end", "x[:, 4:100]", lambda x: x[:, 4:100]),
               ("ellipsis_newaxis", "x[..., None, 1:3]", lambda x: x[..., None, 1:3])]
    for name, text, f in slicing:
        record(f"getitem_{name}", "op:getitem", f"{text} on [B,6,5,4]", fn(r4, f))
    record("getitem_rank2", "op:getitem", "x[:, 2:] on [B,6]", fn((6,), lambda x: x[:, 2:]))
    record("getitem_rank3_int", "op:getitem", "x[:, 0, :] on [B,5,3]", fn(s, lambda x: x[:, 0, :]))
    record("getitem_rank5_ellipsis", "op:getitem", "x[..., 1:3] on [B,2,3,4,5]", fn((2, 3, 4, 5), lambda x: x[..., 1:3]))

    # shape operations
    record("reshape_flatten", "op:reshape", f"{spelled('reshape')}(x, (-1, 30)) on [B,6,5]", fn((6, 5), lambda x: T.reshape(x, (-1, 30))))
    record("reshape_rank_up", "op:reshape", f"{spelled('reshape')}(x, (-1, 2, 3, 5))", fn((6, 5), lambda x: T.reshape(x, (-1, 2, 3, 5))))
    record("reshape_inner_minus_one", "op:reshape", f"{spelled('reshape')}(x, (2, -1, 5)) on a fixed batch of 2",
           lambda: (lambda x: (x, T.reshape(x, (2, -1, 5))))(keras.Input((6, 5), batch_size=2, name="x")))
    record("reshape_unit_dims", "op:reshape", f"{spelled('reshape')}(x, (-1, 1, 30, 1))", fn((6, 5), lambda x: T.reshape(x, (-1, 1, 30, 1))))
    record("transpose_axes", "op:transpose", f"{spelled('transpose')}(x, (0, 2, 1))", fn((6, 5), lambda x: T.transpose(x, (0, 2, 1))))
    record("transpose_rank4", "op:transpose", f"{spelled('transpose')}(x, (0, 3, 1, 2))", fn(r4, lambda x: T.transpose(x, (0, 3, 1, 2))))
    record("transpose_default", "op:transpose", f"{spelled('transpose')}(x): every axis reversed, batch last", fn((6, 5), lambda x: T.transpose(x)))
    record("expand_dims_axis1", "op:expand_dims", f"{spelled('expand_dims')}(x, 1)", fn(s, lambda x: T.expand_dims(x, 1)))
    record("expand_dims_last", "op:expand_dims", f"{spelled('expand_dims')}(x, -1)", fn(s, lambda x: T.expand_dims(x, -1)))
    record("expand_dims_negative", "op:expand_dims", f"{spelled('expand_dims')}(x, -2) on rank 4", fn(r4, lambda x: T.expand_dims(x, -2)))
    record("squeeze_axis", "op:squeeze", f"{spelled('squeeze')}(x, axis=2) on [B,5,1,3]", fn((5, 1, 3), lambda x: T.squeeze(x, axis=2)))
    record("squeeze_negative_axis", "op:squeeze", f"{spelled('squeeze')}(x, axis=-1) on [B,5,1]", fn(col, lambda x: T.squeeze(x, axis=-1)))
    record("squeeze_all", "op:squeeze", f"{spelled('squeeze')}(x) on [B,1,5,1]", fn((1, 5, 1), lambda x: T.squeeze(x)))
    record("concatenate_axis1", "op:concatenate", f"{spelled('concatenate')}([x0, x1, x2], axis=1)", many([s, (2, 3), s], lambda a, b, c: T.concatenate([a, b, c], axis=1)))
    record("concatenate_last", "op:concatenate", f"{spelled('concatenate')}([x0, x1], axis=-1)", many([s, (5, 2)], lambda a, b: T.concatenate([a, b], axis=-1)))
    record("concatenate_rank4_axis2", "op:concatenate", f"{spelled('concatenate')}(3 inputs, axis=2) on rank 4", many([r4, (6, 2, 4), r4], lambda a, b, c: T.concatenate([a, b, c], axis=2)))
    record("concatenate_with_self", "op:concatenate", f"{spelled('concatenate')}([x, x], axis=1)", fn(s, lambda x: T.concatenate([x, x], axis=1)))
    record("stack_axis1", "op:stack", f"{spelled('stack')}([x0, x1], axis=1)", many([s, s], lambda a, b: T.stack([a, b], axis=1)))
    record("stack_last", "op:stack", f"{spelled('stack')}([x0, x1, x2], axis=-1)", many([s, s, s], lambda a, b, c: T.stack([a, b, c], axis=-1)))
    k3_only, k2_only = dict(flavors=("k3",), why="tf.split takes sizes, not split indices"), dict(flavors=("k2",), why="keras.ops.split takes split indices, not sizes")
    record("split_sections_all", "op:split", "ops.split(x, 3, axis=1): all three outputs", fn((6, 4), lambda x: ops.split(x, 3, axis=1)), **k3_only)
    record("split_indices_one", "op:split", "ops.split(x, [1, 3], axis=-1)[1]", fn((6, 4), lambda x: ops.split(x, [1, 3], axis=-1)[1]), **k3_only)
    record("split_indices_all", "op:split", "ops.split(x, [2], axis=1): both outputs", fn((6, 4), lambda x: ops.split(x, [2], axis=1)), **k3_only)
    record("split_sections_used", "op:split", "ops.split(x, 2, axis=-1), the parts added", fn((6, 4), lambda x: (lambda p: p[0] + p[1])(ops.split(x, 2, axis=-1))), **k3_only)
    record("tf_split_num_all", "op:split", "tf.split(x, 3, axis=1): all three outputs", fn((6, 4), lambda x: tf.split(x, 3, axis=1)), **k2_only)
    record("tf_split_sizes_one", "op:split", "tf.split(x, [1, 3], axis=-1)[1]", fn((6, 4), lambda x: tf.split(x, [1, 3], axis=-1)[1]), **k2_only)
    record("tf_split_sizes_all", "op:split", "tf.split(x, [2, 1, 3], axis=1): all outputs", fn((6, 4), lambda x: tf.split(x, [2, 1, 3], axis=1)), **k2_only)
    record("tf_split_num_used", "op:split", "tf.split(x, 2, axis=-1), the parts added", fn((6, 4), lambda x: (lambda p: p[0] + p[1])(tf.split(x, 2, axis=-1))), **k2_only)

    # reductions
    for op in ["mean", "sum", "max", "min"]:
        f = getattr(T, op)
        for name, kwargs, text in [("axis1", {"axis": 1}, "axis=1"), ("axis1_keepdims", {"axis": 1, "keepdims": True}, "axis=1, keepdims"),
                                   ("axes", {"axis": [1, 2]}, "axis=[1, 2]"), ("axes_keepdims", {"axis": [1, 3], "keepdims": True}, "axis=[1, 3], keepdims"),
                                   ("last", {"axis": -1}, "axis=-1"), ("all", {}, "axis=None (every axis, the batch too)"),
                                   ("all_keepdims", {"axis": None, "keepdims": True}, "axis=None, keepdims")]:
            record(f"{op}_{name}", f"op:{op}", f"{spelled(op)}(x, {text}) on [B,6,5,4]", fn(r4, lambda x, f=f, k=kwargs: f(x, **k)))

    # matmul and einsum
    w = np.random.default_rng(7).standard_normal((3, 5)).astype(np.float32)
    record("matmul_2d_constant", "op:matmul", f"{spelled('matmul')}(x [B,3], const [3,5])", fn((3,), lambda x: T.matmul(x, w)))
    record("matmul_batched", "op:matmul", f"{spelled('matmul')}(x [B,4,3], y [B,3,5])", many([(4, 3), (3, 5)], T.matmul))
    record("matmul_broadcast_constant", "op:matmul", f"{spelled('matmul')}(x [B,4,3], const [3,5])", fn((4, 3), lambda x: T.matmul(x, w)))
    record("matmul_operator", "op:matmul", "x @ y, [B,2,4,3] and [B,2,3,2]", many([(2, 4, 3), (2, 3, 2)], lambda a, b: a @ b))
    record("matmul_transpose_a", "op:matmul", "tf.linalg.matmul(x, y, transpose_a=True)", many([(3, 4), (3, 5)], lambda a, b: tf.linalg.matmul(a, b, transpose_a=True)), flavors=("k2",), why="keras.ops.matmul has no transpose flags")
    record("matmul_transpose_b", "op:matmul", "tf.linalg.matmul(x, y, transpose_b=True)", many([(4, 3), (5, 3)], lambda a, b: tf.linalg.matmul(a, b, transpose_b=True)), flavors=("k2",), why="keras.ops.matmul has no transpose flags")
    record("einsum_batched_matmul", "op:einsum", f"{spelled('einsum')}('bij,bjk->bik')", many([(4, 3), (3, 5)], lambda a, b: T.einsum("bij,bjk->bik", a, b)))
    record("einsum_dense_constant", "op:einsum", f"{spelled('einsum')}('bhwc,cd->bhwd', x, const [4,2])",
           fn((3, 5, 4), lambda x: T.einsum("bhwc,cd->bhwd", x, np.random.default_rng(3).standard_normal((4, 2)).astype(np.float32))))
    record("einsum_dot", "op:einsum", f"{spelled('einsum')}('bi,bi->b')", many([(6,), (6,)], lambda a, b: T.einsum("bi,bi->b", a, b)))
    record("einsum_transpose", "op:einsum", f"{spelled('einsum')}('bij->bji')", fn(s, lambda x: T.einsum("bij->bji", x)))

    # clip, where, cast
    record("clip_symmetric", "op:clip", f"{spelled('clip')}(x, -0.5, 0.5)", fn(s, lambda x: T.clip(x, -0.5, 0.5)))
    record("clip_relu6_like", "op:clip", f"{spelled('clip')}(x, 0.0, 6.0) on values ·4", fn(s, lambda x: T.clip(x, 0.0, 6.0), "wide"))
    record("where_tensors", "op:where", f"{spelled('where')}(x > 0, x, y)", many([s, s], lambda x, y: T.where(x > 0.0, x, y)))
    record("where_scalar_branch", "op:where", f"{spelled('where')}(x > 0, x, 0.0)", fn(s, lambda x: T.where(x > 0.0, x, 0.0)))
    record("where_scalars", "op:where", f"{spelled('where')}(x < 0.5, 1.0, -1.0)", fn(s, lambda x: T.where(x < 0.5, 1.0, -1.0)))
    record("where_broadcast", "op:where", f"{spelled('where')}(y > 0, x, 2.0), condition [B,5,1]", many([s, col], lambda x, y: T.where(y > 0.0, x, 2.0)))
    record("cast_float_to_int", "op:cast", f"{spelled('cast')}(x, 'int32') on values with fractions and negatives", fn(s, lambda x: T.cast(x, "int32"), "frac"))
    record("cast_int_to_float", "op:cast", f"{spelled('cast')}(i, 'float32') on int32 input", fn(s, lambda x: T.cast(x, "float32") * 0.5, ("int", -20, 20)))
    record("cast_bool_to_float", "op:cast", f"{spelled('cast')}(x > 0, 'float32')", fn(s, lambda x: T.cast(x > 0.0, "float32")))

    # activations as operations
    unary = [("sigmoid", T.sigmoid, "normal"), ("relu", T.relu, "normal"), ("relu6", T.relu6, "wide"),
             ("hard_sigmoid", T.hard_sigmoid, "wide"), ("hard_silu", T.hard_silu, "wide"), ("hard_swish", T.hard_swish, "wide"),
             ("silu", T.silu, "normal"), ("swish", T.swish, "normal"), ("log_softmax", T.log_softmax, "normal"),
             ("elu", T.elu, "normal"), ("softplus", T.softplus, "normal"), ("tanh", T.tanh, "normal"), ("exp", T.exp, "normal"),
             ("log", T.log, "positive"), ("sqrt", T.sqrt, "positive"), ("rsqrt", T.rsqrt, "positive"), ("abs", T.abs, "normal"),
             ("square", T.square, "normal"), ("erf", T.erf, "normal")]
    for op, f, kind in unary:
        record(f"{op}_op", f"op:{op}", f"{spelled(op) if op not in ('hard_sigmoid', 'hard_silu', 'hard_swish') or FLAVOR == 'k3' else 'tf_keras.activations.' + op}(x)"
               + (" (x > 0)" if kind == "positive" else ""), fn(s, lambda x, f=f: f(x), kind))
    record("relu_op_rank4", "op:relu", f"{spelled('relu')}(x) on [B,6,5,4]", fn(r4, T.relu))
    record("gelu_exact", "op:gelu", f"{spelled('gelu')}(x, approximate=False)", fn(s, lambda x: T.gelu(x, approximate=False)))
    record("gelu_tanh", "op:gelu", f"{spelled('gelu')}(x, approximate=True)", fn(s, lambda x: T.gelu(x, approximate=True)))
    record("gelu_default", "op:gelu", f"{spelled('gelu')}(x) (default: {'approximate=True' if FLAVOR == 'k3' else 'approximate=False'})", fn(s, lambda x: T.gelu(x)))
    record("softmax_last", "op:softmax", f"{spelled('softmax')}(x, axis=-1)", fn(s, lambda x: T.softmax(x, axis=-1)))
    record("softmax_axis1", "op:softmax", f"{spelled('softmax')}(x, axis=1)", fn(s, lambda x: T.softmax(x, axis=1)))
    record("log_softmax_axis1", "op:log_softmax", f"{spelled('log_softmax')}(x, axis=1)", fn(s, lambda x: T.log_softmax(x, axis=1)))
    record("leaky_relu_slope", "op:leaky_relu", f"{spelled('leaky_relu')}(x, slope 0.1)", fn(s, lambda x: T.leaky_relu(x, negative_slope=0.1)))
    record("leaky_relu_default", "op:leaky_relu", f"{spelled('leaky_relu')}(x) (default slope 0.2)", fn(s, lambda x: T.leaky_relu(x)))
    record("elu_alpha", "op:elu", "ops.elu(x, alpha=0.5)", fn(s, lambda x: ops.elu(x, alpha=0.5)), flavors=("k3",), why="tf.nn.elu has no alpha")

    # patterns of keras.applications
    record("mobilenetv3_hard_sigmoid", "op:mobilenetv3_pattern", "ReLU(6.)(x + 3.) * (1. / 6.)", fn(s, lambda x: L.ReLU(6.0)(x + 3.0) * (1.0 / 6.0), "wide"))
    record("mobilenetv3_hard_swish", "op:mobilenetv3_pattern", "x * (ReLU(6.)(x + 3.) * (1. / 6.)) on rank 4",
           fn((4, 4, 3), lambda x: L.Multiply()([x, L.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)]), "wide"))
    record("mobilenetv3_block", "op:applications_block", "MobileNetV3 inverted residual: conv, BN, hard-swish ops, depthwise, SE (pool, 1x1 convs, hard-sigmoid ops, Multiply), project, Add",
           mobilenetv3_block)
    record("convnext_block", "op:applications_block", "ConvNeXt block: depthwise 7x7, LayerNormalization, Dense, gelu, Dense, LayerScale, StochasticDepth, Add", convnext_block)
    record("inception_resnet_block", "op:applications_block", "Inception-ResNet block: two conv branches, Concatenate, 1x1 conv, CustomScaleLayer, relu", inception_resnet_block)
    record("efficientnet_se_block", "op:applications_block", "EfficientNet: Rescaling, Normalization, conv, swish, SE with Reshape and Multiply, Dropout, Add", efficientnet_block)
    record("vit_token_block", "op:applications_block", "ViT-style: patches as Conv2D, reshape op, class token by concatenate, MHA, x[:, 0]", vit_block)


# ----------------------------------------------------------------------------------------------
# More operation cases (named op2_…: `make_cases.py k2|k3 --only '^op2_'` builds only these)

def operation_cases_2():
    s, col, r4, r3 = (5, 3), (5, 1), (6, 5, 4), (4, 3, 2)

    def rec(name, op, description, build, **kw):
        record(name, f"op:{op}", description, build, prefix="op2_", **kw)

    k3_only = lambda why: dict(flavors=("k3",), why=why)  # noqa: E731
    k2_only = lambda why: dict(flavors=("k2",), why=why)  # noqa: E731

    # unary math and activations as operations (the kind keeps the input in the function's domain)
    for op, kind in [("log1p", "unit"), ("expm1", "normal"), ("log2", "positive"), ("log10", "positive"), ("tan", "unit"),
                     ("sinh", "normal"), ("cosh", "normal"), ("arcsin", "unit"), ("arccos", "unit"), ("arctan", "wide"),
                     ("arcsinh", "wide"), ("arccosh", "above_one"), ("arctanh", "unit"), ("stop_gradient", "normal"),
                     ("selu", "wide"), ("softsign", "wide"), ("celu", "wide"), ("hard_tanh", "wide"), ("log_sigmoid", "wide")]:
        f = getattr(T, op)
        rec(op, op, f"{spelled(op)}(x) on [B,5,3] ({kind} values)", fn(s, lambda x, f=f: f(x), kind))
    rec("log1p_rank4", "log1p", f"{spelled('log1p')}(x) on [B,6,5,4], x > 0", fn(r4, lambda x: T.log1p(x), "positive"))
    rec("celu_alpha", "celu", "ops.celu(x, alpha=0.5)", fn(s, lambda x: ops.celu(x, alpha=0.5), "wide"), **k3_only("tf has no celu"))

    # predicates on values with NaN and infinities made in the model (bool outputs)
    for op in ["isnan", "isinf", "isfinite"]:
        f = getattr(T, op)
        rec(f"{op}_divide", op, f"{spelled(op)}(x / y) on small-integer floats (0/0 NaN, ±1/0 ±inf)",
            many([s, s], lambda x, y, f=f: f(x / y), kinds=["smallint", "smallint"]))
        rec(f"{op}_log", op, f"{spelled(op)}({spelled('log')}(x)) on small-integer floats (log of <0 NaN, of 0 -inf)",
            fn(s, lambda x, f=f: f(T.log(x)), "smallint"))

    # logic on comparison results
    rec("logical_not", "logical_not", f"{spelled('logical_not')}(x > 0)", fn(s, lambda x: T.logical_not(x > 0.0)))
    rec("logical_and", "logical_and", f"{spelled('logical_and')}(x > 0, y < 0.5)", many([s, s], lambda x, y: T.logical_and(x > 0.0, y < 0.5)))
    rec("logical_or", "logical_or", f"{spelled('logical_or')}(x > 0.5, y < -0.5)", many([s, s], lambda x, y: T.logical_or(x > 0.5, y < -0.5)))
    rec("logical_xor", "logical_xor", f"{spelled('logical_xor')}(x > 0, y > 0)", many([s, s], lambda x, y: T.logical_xor(x > 0.0, y > 0.0)))
    rec("logical_and_broadcast", "logical_and", f"{spelled('logical_and')}(x > 0, y > 0), [B,5,3] with [B,5,1]",
        many([s, col], lambda x, y: T.logical_and(x > 0.0, y > 0.0)))
    rec("logical_xor_of_logic", "logical_xor", f"{spelled('logical_xor')}({spelled('logical_not')}(x > 0), {spelled('logical_or')}(x > 1, y < 0))",
        many([s, s], lambda x, y: T.logical_xor(T.logical_not(x > 0.0), T.logical_or(x > 1.0, y < 0.0))))

    # mod and floor_divide: negative values on both sides, floats and int32
    for op, sym in [("mod", "%"), ("floor_divide", "//")]:
        f = getattr(T, op)
        rec(f"{op}_float", op, f"{spelled(op)}(x, y), x normal·4, y ±(0.5…2)", many([s, s], f, kinds=["wide", "nonzero"]))
        rec(f"{op}_int", op, f"{spelled(op)}(x, y) on int32, x −9…9, y −4…4 without 0", many([s, s], f, kinds=[("int", -9, 10), ("nzint", -4, 5)]))
        rec(f"{op}_broadcast", op, f"{spelled(op)}(x, y), [B,5,3] with [B,5,1], y ±(0.5…2)", many([s, col], f, kinds=["wide", "nonzero"]))
        rec(f"{op}_scalar_negative", op, f"{spelled(op)}(x, -1.5), x normal·4", fn(s, lambda x, f=f: f(x, -1.5), "wide"))
        rec(f"{op}_int_scalar_negative", op, f"{spelled(op)}(x, -3) on int32 −9…9", fn(s, lambda x, f=f: f(x, -3), ("int", -9, 10)))
        rec(f"{op}_operator_float", op, f"x {sym} 1.5, x normal·4", fn(s, lambda x, sym=sym: eval(f"x {sym} 1.5"), "wide"))
        rec(f"{op}_operator_int", op, f"x {sym} 3 on int32 −9…9", fn(s, lambda x, sym=sym: eval(f"x {sym} 3"), ("int", -9, 10)))
        rec(f"{op}_operator_tensors", op, f"x {sym} y, y ±(0.5…2)", many([s, s], lambda x, y, sym=sym: eval(f"x {sym} y"), kinds=["wide", "nonzero"]))

    # argmax / argmin (Keras 3: int32; tf: int64 unless output_type)
    for op in ["argmax", "argmin"]:
        f = getattr(T, op)
        rec(f"{op}_axis1", op, f"{spelled(op)}(x, axis=1) on [B,5,3]", fn(s, lambda x, f=f: f(x, axis=1)))
        rec(f"{op}_last", op, f"{spelled(op)}(x, axis=-1) on [B,6,5,4]", fn(r4, lambda x, f=f: f(x, axis=-1)))
        rec(f"{op}_ties", op, f"{spelled(op)}(x, axis=-1) on small-integer floats (ties: the first index)", fn(s, lambda x, f=f: f(x, axis=-1), "smallint"))
        rec(f"{op}_all", op, f"ops.{op}(x): axis None, the index into the flattened tensor (the batch too)",
            fn(s, lambda x, op=op: getattr(ops, op)(x)), **k3_only(f"tf.math.{op}'s axis None is axis 0, not the flattened tensor"))
        rec(f"{op}_keepdims", op, f"ops.{op}(x, axis=1, keepdims=True)", fn(s, lambda x, op=op: getattr(ops, op)(x, axis=1, keepdims=True)),
            **k3_only(f"tf.math.{op} has no keepdims"))
        rec(f"{op}_int32", op, f"tf.math.{op}(x, axis=1, output_type=tf.int32)", fn(s, lambda x, op=op: getattr(tf.math, op)(x, axis=1, output_type=tf.int32)),
            **k2_only(f"keras.ops.{op} has no output type (always int32)"))

    # reductions with axis and keepdims
    for op, kind in [("prod", "positive"), ("var", "normal"), ("std", "normal"), ("logsumexp", "wide")]:
        f = getattr(T, op)
        for name, kwargs, text in [("axis1", {"axis": 1}, "axis=1"), ("last_keepdims", {"axis": -1, "keepdims": True}, "axis=-1, keepdims"),
                                   ("axes", {"axis": [1, 2]}, "axis=[1, 2]"), ("axes_keepdims", {"axis": [1, 2], "keepdims": True}, "axis=[1, 2], keepdims"),
                                   ("all", {}, "axis=None (every axis, the batch too)")]:
            rec(f"{op}_{name}", op, f"{spelled(op)}(x, {text}) on [B,4,3,2]", fn(r3, lambda x, f=f, k=kwargs: f(x, **k), kind))

    # cumulative sums and products
    for op in ["cumsum", "cumprod"]:
        f = getattr(T, op)
        rec(f"{op}_axis1", op, f"{spelled(op)}(x, axis=1) on [B,5,3]", fn(s, lambda x, f=f: f(x, axis=1)))
        rec(f"{op}_last", op, f"{spelled(op)}(x, axis=-1) on [B,6,5,4]", fn(r4, lambda x, f=f: f(x, axis=-1)))
        rec(f"{op}_int", op, f"{spelled(op)}(x, axis=1) on int32 −3…3", fn(s, lambda x, f=f: f(x, axis=1), ("int", -3, 4)))
        rec(f"{op}_flat", op, f"ops.{op}(x): axis None, over the flattened tensor (the batch too)", fn(s, lambda x, op=op: getattr(ops, op)(x)),
            **k3_only(f"tf.math.{op}'s default axis is 0, it does not flatten"))
        for name, kwargs, text in [("exclusive", {"exclusive": True}, "exclusive=True"), ("reverse", {"reverse": True}, "reverse=True"),
                                   ("exclusive_reverse", {"exclusive": True, "reverse": True}, "exclusive=True, reverse=True")]:
            rec(f"{op}_{name}", op, f"tf.math.{op}(x, axis=1, {text})", fn(s, lambda x, op=op, k=kwargs: getattr(tf.math, op)(x, axis=1, **k)),
                **k2_only(f"keras.ops.{op} has no exclusive / reverse"))
        rec(f"{op}_axis_negative_reverse", op, f"tf.math.{op}(x, axis=-1, reverse=True) on [B,6,5,4]",
            fn(r4, lambda x, op=op: getattr(tf.math, op)(x, axis=-1, reverse=True)), **k2_only(f"keras.ops.{op} has no exclusive / reverse"))

    # axes moved, swapped, reversed
    rec("moveaxis_one", "moveaxis", f"{spelled('moveaxis')}(x, 1, -1) on [B,6,5,4]", fn(r4, lambda x: T.moveaxis(x, 1, -1)))
    rec("moveaxis_to_front", "moveaxis", f"{spelled('moveaxis')}(x, -1, 1) on [B,6,5,4]", fn(r4, lambda x: T.moveaxis(x, -1, 1)))
    rec("moveaxis_many", "moveaxis", f"{spelled('moveaxis')}(x, [1, 2], [3, 1]) on [B,6,5,4]", fn(r4, lambda x: T.moveaxis(x, [1, 2], [3, 1])))
    rec("swapaxes", "swapaxes", f"{spelled('swapaxes')}(x, 1, 2) on [B,6,5,4]", fn(r4, lambda x: T.swapaxes(x, 1, 2)))
    rec("swapaxes_negative", "swapaxes", f"{spelled('swapaxes')}(x, -1, 1) on [B,6,5,4]", fn(r4, lambda x: T.swapaxes(x, -1, 1)))
    for name, axis, text in [("axis", 1, "1"), ("last", -1, "-1"), ("tuple", (1, 2), "(1, 2)")]:
        if FLAVOR == "k3":
            rec(f"flip_{name}", "flip", f"ops.flip(x, axis={text}) on [B,6,5,4]", fn(r4, lambda x, a=axis: ops.flip(x, axis=a)))
        else:
            rec(f"flip_{name}", "flip", f"tf.reverse(x, axis={as_list(axis)}) on [B,6,5,4]", fn(r4, lambda x, a=axis: tf.reverse(x, axis=as_list(a))))
    rec("flip_all", "flip", "ops.flip(x): axis None, every axis (the batch too)", fn(s, lambda x: ops.flip(x)), **k3_only("tf.reverse needs its axes"))

    # tile and pad
    rec("tile_full", "tile", f"{spelled('tile')}(x, [1, 2, 3]) on [B,5,3]", fn(s, lambda x: T.tile(x, [1, 2, 3])))
    rec("tile_batch", "tile", f"{spelled('tile')}(x, [2, 1, 1]): the batch repeated", fn(s, lambda x: T.tile(x, [2, 1, 1])))
    rec("tile_rank4", "tile", f"{spelled('tile')}(x, [1, 1, 2, 2]) on [B,3,2,4]", fn((3, 2, 4), lambda x: T.tile(x, [1, 1, 2, 2])))
    rec("tile_short", "tile", "ops.tile(x, [2]) on [B,5,3]: repeats shorter than the rank (the last axis)", fn(s, lambda x: ops.tile(x, [2])),
        **k3_only("tf.tile needs one multiple per axis"))
    rec("tile_short_two", "tile", "ops.tile(x, [3, 1]) on [B,5,3]: repeats shorter than the rank (the last two axes)", fn(s, lambda x: ops.tile(x, [3, 1])),
        **k3_only("tf.tile needs one multiple per axis"))
    widths = [[0, 0], [1, 2], [2, 0]]
    rec("pad_constant_value", "pad", f"{spelled('pad')}(x, {widths}, constant_values=1.5) on [B,5,3]",
        fn(s, lambda x: T.pad(x, widths, constant_values=1.5)))
    rec("pad_zeros", "pad", f"{spelled('pad')}(x, [[0, 0], [1, 1], [0, 3]]) (default value 0)", fn(s, lambda x: T.pad(x, [[0, 0], [1, 1], [0, 3]])))
    rec("pad_rank4_negative_value", "pad", f"{spelled('pad')}(x, [[0, 0], [1, 0], [0, 0], [2, 1]], constant_values=-1.0) on [B,3,2,4]",
        fn((3, 2, 4), lambda x: T.pad(x, [[0, 0], [1, 0], [0, 0], [2, 1]], constant_values=-1.0)))
    rec("pad_int", "pad", f"{spelled('pad')}(x, [[0, 0], [2, 1], [1, 1]], constant_values=7) on int32", fn(s, lambda x: T.pad(x, [[0, 0], [2, 1], [1, 1]], constant_values=7), ("int", -5, 5)))
    if FLAVOR == "k3":
        rec("pad_mode_constant", "pad", "ops.pad(x, ((0, 0), (1, 2), (0, 1)), mode='constant', constant_values=0.25): mode spelled, widths as tuples",
            fn(s, lambda x: ops.pad(x, ((0, 0), (1, 2), (0, 1)), mode="constant", constant_values=0.25)))
    else:
        rec("pad_mode_constant", "pad", "tf.pad(x, [[0, 0], [1, 2], [0, 1]], mode='CONSTANT', constant_values=0.25): mode spelled",
            fn(s, lambda x: tf.pad(x, [[0, 0], [1, 2], [0, 1]], mode="CONSTANT", constant_values=0.25)))


def hard_sigmoid_ops(x):
    return L.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def mobilenetv3_block():
    x = inp((8, 8, 4), "image")
    y = L.Conv2D(8, 1, padding="same", use_bias=False, name="expand")(x)
    y = L.BatchNormalization(name="expand_bn")(y)
    y = L.Multiply()([y, hard_sigmoid_ops(y)])
    y = L.DepthwiseConv2D(3, padding="same", use_bias=False, name="depthwise")(y)
    y = L.BatchNormalization(name="depthwise_bn")(y)
    se = L.GlobalAveragePooling2D(keepdims=True)(y)
    se = L.Conv2D(2, 1, activation="relu", name="squeeze")(se)
    se = hard_sigmoid_ops(L.Conv2D(8, 1, name="excite")(se))
    y = L.Multiply()([y, se])
    y = L.BatchNormalization(name="project_bn")(L.Conv2D(4, 1, use_bias=False, name="project")(y))
    return x, L.Add()([x, y])


def convnext_block():
    layer_scale = custom_objects()["LayerScale"]
    x = inp((6, 6, 4), "image")
    y = L.DepthwiseConv2D(7, padding="same", name="dw")(x)
    y = L.LayerNormalization(epsilon=1e-6, name="ln")(y)
    y = L.Dense(16, name="pw1")(y)
    y = L.Activation("gelu")(y)
    y = L.Dense(4, name="pw2")(y)
    y = layer_scale(1e-6, 4, name="scale")(y)
    y = custom_objects()["StochasticDepth"](0.1, name="drop_path")(y)
    return x, x + y


def inception_resnet_block():
    custom_scale = custom_objects()["CustomScaleLayer"]
    x = inp((5, 5, 6), "image")
    b0 = L.Conv2D(2, 1, activation="relu")(x)
    b1 = L.Conv2D(3, 3, padding="same", activation="relu")(L.Conv2D(2, 1, activation="relu")(x))
    mixed = L.Concatenate()([b0, b1])
    up = L.Conv2D(6, 1, name="up")(mixed)
    return x, L.Activation("relu")(custom_scale(0.17)([x, up]))


def efficientnet_block():
    x = inp((6, 6, 3), "image", "positive")
    y = L.Rescaling(1.0 / 255.0)(x)
    y = L.Normalization(mean=[0.485, 0.456, 0.406], variance=[0.229 ** 2, 0.224 ** 2, 0.225 ** 2])(y)
    y = L.Conv2D(8, 3, padding="same", use_bias=False)(y)
    y = L.Activation("swish")(L.BatchNormalization()(y))
    se = L.Reshape((1, 1, 8))(L.GlobalAveragePooling2D()(y))
    se = L.Conv2D(2, 1, activation="swish")(se)
    se = L.Conv2D(8, 1, activation="sigmoid")(se)
    y = L.Conv2D(8, 1)(L.Multiply()([y, se]))
    return x, L.Add()([L.Dropout(0.2)(y), y * 0.5])


def vit_block():
    x = inp((8, 8, 3), "image")
    patches = L.Conv2D(6, 4, strides=4, name="patches")(x)  # [B,2,2,6]
    tokens = T.reshape(patches, (-1, 4, 6))
    cls = L.Dense(6, name="cls")(tokens[:, :1] * 0.0 + 1.0)  # a learned token per example
    tokens = T.concatenate([cls, tokens], axis=1)
    y = L.LayerNormalization(epsilon=1e-6)(tokens)
    y = L.MultiHeadAttention(num_heads=2, key_dim=3)(y, y)
    tokens = tokens + y
    return x, tokens[:, 0]


def case_of_file(path):
    """The case name a file of this flavor belongs to: its name up to the first dot, less _<flavor>."""
    return path.name.split(".", 1)[0].removesuffix(f"_{FLAVOR}")


def merged_skips(old):
    """This flavor's skipped list: with --only, the old entries --only does not select, in the
    order the cases are recorded (old entries of cases no longer recorded last), the new ones in
    place of the selected."""
    if ONLY is None:
        return skipped
    new = {s["case"]: s for s in skipped}
    kept = {s["case"]: s for s in old if not selected(s["case"])}
    merged = [new.get(name) or kept.get(name) for name in called]
    return [s for s in merged if s] + [s for name, s in kept.items() if name not in called]


def augmentation_cases():
    """Layers that are the identity at inference: random augmentations and Identity."""
    img = (8, 8, 3)
    for cls, make in [("RandomFlip", lambda: L.RandomFlip()), ("RandomRotation", lambda: L.RandomRotation(0.2)),
                      ("RandomZoom", lambda: L.RandomZoom(0.2)), ("RandomContrast", lambda: L.RandomContrast(0.3)),
                      ("RandomTranslation", lambda: L.RandomTranslation(0.1, 0.1)), ("RandomBrightness", lambda: L.RandomBrightness(0.2)),
                      ("Identity", lambda: L.Identity())]:
        record(f"augmentation_{cls.lower()}", cls, f"{cls} at inference (the identity)", one(img, lambda m=make: m(), kind="positive"))


def main():
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob(f"*_{FLAVOR}.*"):
        if selected(case_of_file(old)):
            old.unlink()
    keras.utils.set_random_seed(0)
    layer_cases()
    augmentation_cases()
    operation_cases()
    operation_cases_2()
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    cases = {k: v for k, v in manifest.get("cases", {}).items() if v.get("flavor") != FLAVOR or not selected(v["case"])}
    cases.update(entries)
    skips = dict(manifest.get("skipped", {}))
    skips[FLAVOR] = merged_skips(skips.get(FLAVOR, []))
    versions = dict(manifest.get("versions", {}))
    versions[FLAVOR] = f"{'tf-keras' if FLAVOR == 'k2' else 'keras'} {keras.__version__}"
    MANIFEST.write_text(json.dumps({"versions": dict(sorted(versions.items())), "cases": dict(sorted(cases.items())),
                                    "skipped": dict(sorted(skips.items()))}, indent=1) + "\n")
    size = sum(f.stat().st_size for f in OUT.glob(f"*_{FLAVOR}.*") if selected(case_of_file(f)))
    print(f"{FLAVOR}: {len(entries)} cases written to {OUT} ({size / 1e6:.2f} MB)"
          + (f", only those matching {ONLY.pattern!r}" if ONLY is not None else ""))
    for entry in skipped:
        print(f"skipped {entry['case']} ({entry['group']}): {entry['reason']}")
    for stem, entry in sorted(entries.items()):
        if entry["reload"] != "ok":
            print(f"keras does not reload {stem} to its outputs: {entry['reload']}")


if __name__ == "__main__":
    main()
