#!/usr/bin/env python3
"""Dynamic-range BATCH_MATMUL files (float lhs, constant int8 rhs), which TFLiteConverter does not
write for Keras models (it turns constant-operand matmuls into FULLY_CONNECTED): one-operator models
built with the runtime's own schema module, as Tests/Fixtures/tfliteconverter_quantized/
hybrid_batch_matmul.<form>.tflite, with the official runtime's outputs under its reference kernels
(BUILTIN_REF) for seeded inputs. Forms: symmetric input quantization with one weight scale, and
asymmetric input quantization with per-channel weight scales and adj_y.

Regenerate in the oracle venv (`make samples` runs it):
    .venv/bin/python Tests/Fixtures/make_hybrid_fixtures.py
"""
from pathlib import Path

import flatbuffers
import numpy as np
from ai_edge_litert import schema_py_generated as schema
from ai_edge_litert.interpreter import Interpreter, OpResolverType

OUT = Path(__file__).resolve().parent / "tfliteconverter_quantized"


def model(lhs_shape, weights, scales, asymmetric, adj_y):
    """A BATCH_MATMUL of a float input by the constant int8 `weights` with their `scales`."""
    m = schema.ModelT()
    m.version = 3
    code = schema.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = schema.BuiltinOperator.BATCH_MATMUL
    code.version = 4 if asymmetric else 1
    m.operatorCodes = [code]
    m.buffers = [schema.BufferT(), schema.BufferT(), schema.BufferT(), schema.BufferT()]
    m.buffers[2].data = weights.tobytes()
    n = weights.shape[0] if adj_y else weights.shape[1]

    def tensor(name, shape, dtype, buffer, quantization=None):
        t = schema.TensorT()
        t.name, t.shape, t.type, t.buffer, t.quantization = name.encode(), list(shape), dtype, buffer, quantization
        return t

    q = schema.QuantizationParametersT()
    q.scale = [float(s) for s in scales]
    q.zeroPoint = [0] * len(scales)
    q.quantizedDimension = 0 if adj_y else 1
    graph = schema.SubGraphT()
    graph.tensors = [tensor("lhs", lhs_shape, schema.TensorType.FLOAT32, 1),
                     tensor("weights", weights.shape, schema.TensorType.INT8, 2, q),
                     tensor("out", list(lhs_shape[:-1]) + [n], schema.TensorType.FLOAT32, 3)]
    op = schema.OperatorT()
    op.opcodeIndex, op.inputs, op.outputs = 0, [0, 1], [2]
    options = schema.BatchMatMulOptionsT()
    options.adjY, options.asymmetricQuantizeInputs = adj_y, asymmetric
    op.builtinOptionsType, op.builtinOptions = schema.BuiltinOptions.BatchMatMulOptions, options
    graph.operators, graph.inputs, graph.outputs = [op], [0], [2]
    m.subgraphs = [graph]
    builder = flatbuffers.Builder(1024)
    builder.Finish(m.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def main():
    rng = np.random.default_rng(21)
    forms = {
        "symmetric": dict(lhs_shape=(2, 5, 37), weights=rng.integers(-127, 128, (37, 6)).astype(np.int8),
                          scales=[0.02], asymmetric=False, adj_y=False),
        "asymmetric_per_channel": dict(lhs_shape=(3, 4, 29), weights=rng.integers(-127, 128, (7, 29)).astype(np.int8),
                                       scales=rng.uniform(0.001, 0.05, 7).astype(np.float32), asymmetric=True, adj_y=True),
    }
    for form, spec in forms.items():
        target = OUT / f"hybrid_batch_matmul.{form}.tflite"
        target.write_bytes(model(**spec))
        lhs = (rng.standard_normal(spec["lhs_shape"]) * 2 + 0.7).astype(np.float32)
        interpreter = Interpreter(model_path=str(target), experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
        interpreter.allocate_tensors()
        interpreter.set_tensor(interpreter.get_input_details()[0]["index"], lhs)
        interpreter.invoke()
        out = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
        np.savez(target.with_suffix(".inputs.npz"), lhs=lhs)
        np.savez(target.with_suffix(".expected.npz"), out=out)
        print(f"{target.name}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
