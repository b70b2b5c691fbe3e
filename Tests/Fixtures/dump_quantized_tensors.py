#!/usr/bin/env python3
"""Every tensor the official runtime computes for a quantized fixture under its reference kernels
(BUILTIN_REF, all intermediates preserved), as <sample>.<form>.tensors.npz beside the file, keyed by
tensor name: what QuantizedFileTests compares LiteConvert's interpreter with, tensor by tensor.

Run in the oracle venv (make_quantized_fixtures.py calls it for the integer forms):
    .venv/bin/python Tests/Fixtures/dump_quantized_tensors.py Tests/Fixtures/tfliteconverter_quantized/X.int8.tflite …
"""
import sys
from pathlib import Path

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType


def dump(tflite):
    interpreter = Interpreter(model_path=str(tflite), experimental_op_resolver_type=OpResolverType.BUILTIN_REF,
                              experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    inputs = np.load(tflite.with_suffix(".inputs.npz"))
    for d in interpreter.get_input_details():
        interpreter.set_tensor(d["index"], inputs[d["name"]])
    interpreter.invoke()
    tensors = {}
    for d in interpreter.get_tensor_details():
        try:
            value = interpreter.get_tensor(d["index"])
        except ValueError:  # a constant buffer the runtime does not expose
            continue
        if value is not None and value.size > 0 and d["name"]:
            tensors[d["name"]] = value
    produced = {i for op in interpreter._get_ops_details() for i in op["outputs"]}
    names = {d["index"]: d["name"] for d in interpreter.get_tensor_details()}
    kept = {names[i]: tensors[names[i]] for i in produced if names.get(i) in tensors}
    np.savez_compressed(tflite.with_suffix(".tensors.npz"), **kept)
    print(f"{tflite.with_suffix('.tensors.npz').name}: {len(kept)} tensors")


if __name__ == "__main__":
    for path in sys.argv[1:]:
        dump(Path(path))
