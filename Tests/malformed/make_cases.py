#!/usr/bin/env python3
"""Writes the malformed-input corpus's ONNX, TFLite and .npz cases into Tests/malformed/cases/
and their manifest cases.json: for each, the liteconv command, and words its error must hold.
Every case must end in exit 2 with a message, never a signal (run_cases.py checks).
Run with the oracle venv: .venv/bin/python Tests/malformed/make_cases.py
(Keras cases: make_keras_cases.py, in the Keras venv.)"""
import io
import json
import struct
import zipfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
ROOT = HERE.parents[1]
cases = []


def model(nodes, inputs, outputs, inits=(), opset=13, check=False):
    graph = helper.make_graph(nodes, "malformed", inputs, outputs, list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="liteconvert-malformed")
    m.ir_version = 8
    if check:
        onnx.checker.check_model(m)
    return m


def raw_tensor(name, dims, raw=b""):
    """A float TensorProto with whatever dims and bytes, checked by nobody."""
    t = TensorProto(name=name, data_type=TensorProto.FLOAT, raw_data=raw)
    t.dims.extend(dims)
    return t


def value(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def add(name, data, command, words, inputs=None, names_file=True):
    """One case: `data` (bytes or an onnx model) written as cases/<name>; `command` is the
    liteconv subcommand and its arguments with {file} (and {inputs}) in them. The message must
    hold `words` and, unless `names_file` is false (the error is another file's), the file's name."""
    path = CASES / name
    path.write_bytes(data if isinstance(data, bytes) else data.SerializeToString())
    entry = {"file": name, "command": command, "words": ([name] if names_file else []) + words}
    if inputs is not None:
        np.savez(CASES / (name + ".inputs.npz"), **inputs)
        entry["inputs"] = name + ".inputs.npz"
    cases.append(entry)


CONVERT = ["convert", "{file}", "-o", "{out}"]
RUN = ["run", "{file}", "--inputs", "{inputs}", "--outputs", "{out}.npz"]
INSPECT = ["inspect", "{file}"]


def onnx_cases():
    sample = (ROOT / "Samples/lenet.onnx").read_bytes()
    add("truncated.onnx", sample[: len(sample) // 3], INSPECT, ["truncated.onnx"])
    add("garbage.onnx", bytes(range(256)) * 8, INSPECT, ["garbage.onnx"])
    add("empty.onnx", b"", INSPECT, ["empty.onnx"])
    relu = helper.make_node("Relu", ["x"], ["y"], name="relu")
    x, y = value("x", [1, 4]), value("y", [1, 4])
    add("no_opset.onnx", helper.make_model(helper.make_graph([relu], "g", [x], [y]), opset_imports=[]), CONVERT, ["opset"])
    add("future_opset.onnx", model([relu], [x], [y], opset=99), CONVERT, ["opset 99"])
    add("cycle.onnx", model([helper.make_node("Relu", ["b"], ["a"], name="first"), helper.make_node("Relu", ["a"], ["b"], name="second")],
                            [x], [value("b", [1, 4])]), CONVERT, ["first", "'b'", "not produced"])
    add("undefined_input.onnx", model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y]), CONVERT, ["add", "'w'"])
    add("duplicate_output.onnx", model([helper.make_node("Relu", ["x"], ["y"], name="one"), helper.make_node("Neg", ["x"], ["y"], name="two")],
                                       [x], [y]), CONVERT, ["two", "'y'", "already produced", "one"])
    # The other rules of ONNX's checker on names: an initializer, a graph input, an attribute or
    # an opset domain given twice (importing either one would silently drop the other).
    w1, w2 = (numpy_helper.from_array(np.full((1, 4), v, np.float32), "w") for v in (1, 2))
    add("duplicate_initializer.onnx", model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y], [w1, w2]), CONVERT,
        ["initializer 'w' appears twice"])
    add("duplicate_input.onnx", model([relu], [x, x], [y]), CONVERT, ["graph input 'x' appears twice"])
    twice = helper.make_node("LeakyRelu", ["x"], ["y"], name="leaky", alpha=0.1)
    twice.attribute.append(helper.make_attribute("alpha", 0.2))
    add("duplicate_attribute.onnx", model([twice], [x], [y]), CONVERT, ["leaky", "attribute 'alpha' appears twice"])
    two_opsets = model([relu], [x], [y])
    two_opsets.opset_import.append(helper.make_opsetid("", 17))
    add("duplicate_opset.onnx", two_opsets, CONVERT, ["opset of domain 'ai.onnx' imported twice"])
    add("output_not_produced.onnx", model([relu], [x], [value("z", [1, 4])]), CONVERT, ["'z'", "not produced"])
    add("unknown_op.onnx", model([helper.make_node("FrobnicateTensor", ["x"], ["y"], name="frob")], [x], [y]), CONVERT, ["frob", "FrobnicateTensor"])
    add("foreign_domain.onnx", model([helper.make_node("Relu", ["x"], ["y"], name="r", domain="com.example")], [x], [y]), CONVERT, ["com.example"])
    # Initializers whose numbers lie.
    huge = raw_tensor("w", [1 << 40, 1 << 40], b"\0" * 16)
    add("dims_overflow.onnx", model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y], [huge]), CONVERT, ["'w'"])
    short = numpy_helper.from_array(np.zeros((1, 4), np.float32), "w")
    short.raw_data = short.raw_data[:7]
    add("raw_data_short.onnx", model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y], [short]), CONVERT, ["'w'", "bytes"])
    negative = raw_tensor("w", [-3, 4])
    add("negative_dim.onnx", model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y], [negative]), CONVERT, ["'w'"])
    for label, location in [("escape", "../../etc/passwd"), ("absolute", "/etc/passwd"), ("missing", "no_such_file.bin")]:
        t = raw_tensor("w", [1, 4])
        t.ClearField("raw_data")
        t.data_location = TensorProto.EXTERNAL
        t.external_data.add(key="location", value=location)
        add(f"external_{label}.onnx", model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y], [t]), CONVERT,
            ["external data", location.split("/")[-1] if label == "missing" else location])
    # A location cut short by a NUL would name a file that exists: it must be refused, not read.
    (CASES / "external_nul.bin").write_bytes(np.ones(4, np.float32).tobytes())
    t = raw_tensor("w", [1, 4])
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    t.external_data.add(key="location", value="external_nul.bin\x00/../../etc/passwd")
    add("external_nul.onnx", model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y], [t]), CONVERT,
        ["external data entry 'location' holds a NUL byte", "'w'"])
    # Attributes with absurd numbers.
    w = numpy_helper.from_array(np.ones((2, 1, 3, 3), np.float32), "w")
    image = value("image", [1, 1, 8, 8])
    for label, attrs, words in [("conv_kernel_huge", {"kernel_shape": [1 << 30, 1 << 30]}, ["conv"]),
                                ("conv_stride_zero", {"strides": [0, 0]}, ["conv", "stride"]),
                                ("conv_pads_negative", {"pads": [-5, -5, -5, -5]}, ["conv", "pad"]),
                                ("conv_pads_huge", {"pads": [1 << 62, 0, 1 << 62, 0]}, ["conv"]),
                                ("conv_dilation_huge", {"dilations": [1 << 40, 1 << 40]}, ["conv"]),
                                ("conv_group_zero", {"group": 0}, ["conv", "group"])]:
        add(f"{label}.onnx", model([helper.make_node("Conv", ["image", "w"], ["out"], name="conv", **attrs)], [image], [value("out", None)], [w]),
            CONVERT, words)
    pool = helper.make_node("MaxPool", ["image"], ["out"], name="pool", kernel_shape=[3, 3], strides=[1 << 62, 1 << 62])
    add("pool_stride_huge.onnx", model([pool], [image], [value("out", None)]), CONVERT, ["pool"])
    # Valid small models computing huge tensors: run and convert must refuse, not trap.
    big = numpy_helper.from_array(np.array([1 << 20, 1 << 20, 1 << 4], np.int64), "shape")
    add("expand_huge.onnx", model([helper.make_node("Expand", ["x1", "shape"], ["y"], name="expand")], [value("x1", [1])], [value("y", None)], [big]),
        RUN, ["expand", "memory budget"], inputs={"x1": np.ones(1, np.float32)})
    square = numpy_helper.from_array(np.array([1 << 31, 1 << 31], np.int64), "shape")
    add("expand_square.onnx", model([helper.make_node("Expand", ["x1", "shape"], ["y"], name="expand")], [value("x1", [1])], [value("y", None)], [square]),
        CONVERT, ["expand"])
    dims = numpy_helper.from_array(np.array([1 << 40], np.int64), "dims")
    add("constant_of_shape_huge.onnx", model([helper.make_node("ConstantOfShape", ["dims"], ["y"], name="fill")], [], [value("y", None)], [dims]),
        CONVERT, ["fill"])
    shape_in = value("dims", [1], TensorProto.INT64)
    add("constant_of_shape_runtime.onnx", model([helper.make_node("ConstantOfShape", ["dims"], ["y"], name="fill")], [shape_in], [value("y", None)]),
        RUN, ["fill", "memory budget"], inputs={"dims": np.array([1 << 40], np.int64)})
    repeats = value("repeats", [2], TensorProto.INT64)
    add("tile_runtime.onnx", model([helper.make_node("Tile", ["x", "repeats"], ["y"], name="tile")], [x, repeats], [value("y", None)]),
        RUN, ["tile", "memory budget"], inputs={"x": np.ones((1, 4), np.float32), "repeats": np.array([1 << 30, 1 << 30], np.int64)})
    indices = numpy_helper.from_array(np.array([7], np.int64), "indices")
    add("gather_out_of_range.onnx", model([helper.make_node("Gather", ["x", "indices"], ["y"], name="gather", axis=1)], [x], [value("y", None)], [indices]),
        CONVERT, ["gather", "7"])
    reshape = numpy_helper.from_array(np.array([-7, 3], np.int64), "target")
    add("reshape_negative.onnx", model([helper.make_node("Reshape", ["x", "target"], ["y"], name="reshape")], [x], [value("y", None)], [reshape]),
        CONVERT, ["reshape"])
    # Inputs a run is given.
    add("inputs_wrong_shape.onnx", model([relu], [x], [y]), RUN, ["'x'"], inputs={"x": np.ones((3, 3), np.float32)})


def npz_bomb():
    """A small .npz whose one member inflates far beyond what its own header declares."""
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }"
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    payload = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("x.npy", "w", force_zip64=True) as member:
            member.write(payload)
            block = b"\0" * (1 << 20)
            for _ in range(256):  # 256 MiB of zeros, a few hundred KB deflated
                member.write(block)
    return buffer.getvalue()


def npz_cases():
    relu = model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [value("x", [4])], [value("y", [4])])
    add("npz_bomb_model.onnx", relu, ["run", "{file}", "--inputs", "{dir}/npz_bomb.npz", "--outputs", "{out}.npz"], ["npz_bomb.npz", "'x'", "more than"], names_file=False)
    (CASES / "npz_bomb.npz").write_bytes(npz_bomb())
    add("npz_garbage_model.onnx", relu, ["run", "{file}", "--inputs", "{dir}/npz_garbage.npz", "--outputs", "{out}.npz"], ["npz_garbage.npz"], names_file=False)
    (CASES / "npz_garbage.npz").write_bytes(b"PK\x03\x04" + bytes(200))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("x.npy", date_time=(1980, 1, 1, 0, 0, 0)), b"\x93NUMPY\x01\x00\x10\x00{'descr': '<f4'")  # fixed date: the same bytes every time
    (CASES / "npz_bad_header.npz").write_bytes(buffer.getvalue())
    add("npz_bad_header_model.onnx", relu, ["run", "{file}", "--inputs", "{dir}/npz_bad_header.npz", "--outputs", "{out}.npz"], ["npz_bad_header.npz", "'x'"], names_file=False)


def edited_tflite(name, edit, words):
    """The sample TFLite file decoded by flatc, changed by `edit(model_json)`, encoded again."""
    import subprocess, tempfile
    schema = ROOT / "Schemas/tflite.fbs"
    sample = ROOT / "Tests/Fixtures/tfliteconverter_sparse/mlp.float32.tflite"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["flatc", "--json", "--strict-json", "--raw-binary", "--defaults-json", "-o", tmp, str(schema), "--", str(sample)], check=True)
        decoded = Path(tmp) / (sample.stem + ".json")
        model = json.loads(decoded.read_text())
        edit(model)
        decoded.write_text(json.dumps(model))
        subprocess.run(["flatc", "-b", "-o", tmp, str(schema), str(decoded)], check=True)
        add(name, (Path(tmp) / (sample.stem + ".tflite")).read_bytes(), INSPECT, words)


def tflite_cases():
    def first_operator(model):
        return model["subgraphs"][0]["operators"][0]
    edited_tflite("operator_input_out_of_range.tflite", lambda m: first_operator(m)["inputs"].__setitem__(0, 999), [])
    edited_tflite("tensor_buffer_out_of_range.tflite", lambda m: m["subgraphs"][0]["tensors"][1].__setitem__("buffer", 999), [])
    edited_tflite("subgraph_output_negative.tflite", lambda m: m["subgraphs"][0].__setitem__("outputs", [-5]), [])
    edited_tflite("tensor_negative_dim.tflite", lambda m: m["subgraphs"][0]["tensors"][1].__setitem__("shape", [-7, 3]), [])
    edited_tflite("opcode_index_out_of_range.tflite", lambda m: first_operator(m).__setitem__("opcode_index", 99), [])
    sample = (ROOT / "Tests/Fixtures/tfliteconverter_sparse/mlp.float32.tflite").read_bytes()
    add("truncated.tflite", sample[: len(sample) // 2], INSPECT, ["truncated.tflite"])
    add("garbage.tflite", b"\xff" * 4096, INSPECT, ["garbage.tflite"])
    add("root_offset_past_end.tflite", struct.pack("<I", 1 << 30) + b"TFL3" + b"\0" * 64, INSPECT, ["root_offset_past_end.tflite"])
    flipped = bytearray(sample)
    for position in range(64, len(flipped), 97):
        flipped[position] ^= 0xFF
    add("bit_flipped.tflite", bytes(flipped), INSPECT, ["bit_flipped.tflite"])


if __name__ == "__main__":
    CASES.mkdir(exist_ok=True)
    for old in CASES.iterdir():
        if not old.name.endswith(".h5") and not old.name.startswith("keras_"):
            old.unlink()
    onnx_cases()
    npz_cases()
    tflite_cases()
    (HERE / "cases.json").write_text(json.dumps(cases, indent=1) + "\n")
    print(f"wrote {len(cases)} cases")
