#!/usr/bin/env python3
"""Models for the ONNX importer's error and external-data tests (Tests/Fixtures/import/).
Regenerate with .venv/bin/python Tests/Fixtures/make_import_fixtures.py
"""
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parent / "import"


def model(nodes, inits=(), opset=13, inputs=None, outputs=None):
    inputs = inputs or [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])]
    outputs = outputs or [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])]
    m = helper.make_model(helper.make_graph(nodes, "g", inputs, outputs, list(inits)),
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def external(name, location, offset=0):
    """y = x + w with w stored outside the model at `location`."""
    w = numpy_helper.from_array(np.arange(4, dtype=np.float32).reshape(1, 4), "w")
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    for key, value in [("location", location), ("offset", str(offset)), ("length", "16")]:
        entry = w.external_data.add()
        entry.key, entry.value = key, value
    onnx.save(model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [w]), OUT / name)


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    unsupported = [helper.make_node("Relu", ["x"], ["a"], name="ok"),
                   helper.make_node("NonMaxSuppression", ["a"], ["b"], name="nms"),
                   helper.make_node("Loop", ["b"], ["c"], name="loop"),
                   helper.make_node("MyOp", ["c"], ["y"], name="custom", domain="com.example")]
    onnx.save(model(unsupported), OUT / "unsupported_nodes.onnx")
    onnx.save(model([helper.make_node("Relu", ["x"], ["y"])], opset=29), OUT / "opset29.onnx")
    onnx.save(model([helper.make_node("Reshape", ["x", "s"], ["y"], name="bad_reshape")],
                    [numpy_helper.from_array(np.array([3, 3], dtype=np.int64), "s")]), OUT / "bad_reshape.onnx")
    # Strict import: an attribute no translation reads, an input the translation ignores.
    signal = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 4])]
    onnx.save(model([helper.make_node("Conv", ["x", "w"], ["y"], name="conv1", foo=3)],
                    [numpy_helper.from_array(np.ones((1, 1, 1), dtype=np.float32), "w")], inputs=signal,
                    outputs=[helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, 4])]), OUT / "unknown_attribute.onnx")
    onnx.save(model([helper.make_node("Softmax", ["x", "x"], ["y"], name="softmax1")]), OUT / "extra_input.onnx")
    (OUT / "weights.bin").write_bytes(b"\0" * 16 + np.arange(4, dtype=np.float32).tobytes())
    external("external_ok.onnx", "weights.bin", offset=16)
    external("external_parent.onnx", "../weights.bin")
    external("external_absolute.onnx", "/etc/passwd")
    external("external_symlink.onnx", "link.bin")
    external("external_past_end.onnx", "weights.bin", offset=32)
    print("wrote", sorted(p.name for p in OUT.iterdir()))
