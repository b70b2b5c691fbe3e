#!/usr/bin/env python3
"""Writes the malformed-input corpus's Keras cases (cases/keras_*.h5) and keras_cases.json:
committed fixtures with their model config's numbers made absurd, a refused Lambda, and broken
HDF5 files. Each must end in `liteconv convert` exit 2 naming the file (run_cases.py checks).
Run with the Keras venv (h5py): .venv-keras/bin/python Tests/malformed/make_keras_cases.py"""
import json
import shutil
from pathlib import Path

import h5py

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
FIXTURES = HERE.parents[1] / "Tests/Fixtures/keras"
CONVERT = ["convert", "{file}", "-o", "{out}"]
cases = []


def with_config(name, fixture, layer_class, edit, words):
    """`fixture` with `edit(config)` applied to its first `layer_class` layer."""
    path = CASES / f"keras_{name}.h5"
    shutil.copy(FIXTURES / fixture, path)
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        layer = next(l for l in config["config"]["layers"] if l["class_name"] == layer_class)
        edit(layer["config"])
        f.attrs["model_config"] = json.dumps(config)
    cases.append({"file": path.name, "command": CONVERT, "words": [path.name] + words})


def raw(name, data, words):
    path = CASES / f"keras_{name}.h5"
    path.write_bytes(data)
    cases.append({"file": path.name, "command": CONVERT, "words": [path.name] + words})


def with_weights(name, fixture, edit, words, options=()):
    """`fixture` with `edit(file)` applied to its HDF5 content."""
    path = CASES / f"keras_{name}.h5"
    shutil.copy(FIXTURES / fixture, path)
    with h5py.File(path, "r+") as f:
        edit(f)
    cases.append({"file": path.name, "command": CONVERT + list(options), "words": [path.name] + words})


def replace_kernel(**dataset):
    """Replaces the Dense kernel by a dataset made with `dataset` (h5py create_dataset arguments)."""
    def edit(f):
        del f["model_weights/dense/dense/kernel"]
        f.create_dataset("model_weights/dense/dense/kernel", **dataset)
    return edit


def link_layer_elsewhere(f):
    """The Dense layer's weights group becomes a link into another file (never followed)."""
    del f["model_weights/dense"]
    f["model_weights/dense"] = h5py.ExternalLink("/etc/other.h5", "/")


def set_value(key, value):
    def edit(config):
        config[key] = value
    return edit


if __name__ == "__main__":
    CASES.mkdir(exist_ok=True)
    for old in CASES.glob("keras_*"):
        old.unlink()
    conv, dense = "conv2d_same_stride2_k3.h5", "dense_relu_k3.h5"
    with_config("conv_kernel_huge", conv, "Conv2D", set_value("kernel_size", [1 << 30, 1 << 30]), ["conv2d"])
    with_config("conv_kernel_zero", conv, "Conv2D", set_value("kernel_size", [0, 3]), ["conv2d"])
    with_config("conv_strides_zero", conv, "Conv2D", set_value("strides", [0, 0]), ["conv2d"])
    with_config("conv_strides_huge", conv, "Conv2D", set_value("strides", [1 << 62, 1 << 62]), ["conv2d"])
    with_config("conv_dilation_negative", conv, "Conv2D", set_value("dilation_rate", [-2, -2]), ["conv2d"])
    with_config("conv_filters_negative", conv, "Conv2D", set_value("filters", -5), ["conv2d"])
    with_config("conv_groups_zero", conv, "Conv2D", set_value("groups", 0), ["conv2d"])
    with_config("dense_units_negative", dense, "Dense", set_value("units", -1), ["dense"])
    with_config("dense_units_huge", dense, "Dense", set_value("units", 1 << 40), ["dense"])
    with_config("dense_units_string", dense, "Dense", set_value("units", "many"), ["dense"])
    with_config("input_shape_huge", dense, "InputLayer", set_value("batch_shape", [None, 1 << 62]), [])
    with_config("unknown_layer", dense, "Dense", lambda c: None, [])
    # The last case's layer class becomes one nobody knows.
    path = CASES / "keras_unknown_layer.h5"
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        next(l for l in config["config"]["layers"] if l["class_name"] == "Dense")["class_name"] = "TotallyCustomLayer"
        f.attrs["model_config"] = json.dumps(config)
    cases[-1]["words"].append("TotallyCustomLayer")
    shutil.copy(HERE.parents[1] / "Samples/keras/lambda_k3.h5", CASES / "keras_lambda.h5")
    cases.append({"file": "keras_lambda.h5", "command": CONVERT, "words": ["keras_lambda.h5", "Lambda"]})
    # HDF5 content the reader process refuses, or values over the memory limit.
    with_weights("external_values", dense, replace_kernel(shape=(6, 4), dtype="f4", external=[("/etc/hostname", 0, 96)]),
                 ["outside the file", "kernel"])
    with_weights("unstored_values", dense, replace_kernel(shape=(1 << 20, 1 << 8), dtype="f4"), ["the file stores 0 bytes", "kernel"])
    with_weights("external_link", dense, link_layer_elsewhere, ["dense"])
    with_weights("values_over_memory_limit", dense, lambda f: None, ["memory limit of 64 bytes", "kernel"], ["--max-memory", "64"])
    sample = (FIXTURES / dense).read_bytes()
    raw("truncated", sample[: len(sample) // 2], [])
    raw("garbage", b"\x89HDF\r\n\x1a\n" + bytes(range(256)) * 16, [])
    raw("not_hdf5", b"{\"class_name\": \"Sequential\"}", [])
    (HERE / "keras_cases.json").write_text(json.dumps(cases, indent=1) + "\n")
    print(f"wrote {len(cases)} Keras cases")
