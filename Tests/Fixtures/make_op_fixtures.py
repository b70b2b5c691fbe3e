#!/usr/bin/env python3
"""Per-operator fixtures computed by onnxruntime: Tests/Fixtures/ops/<case>.onnx with
<case>.inputs.npz and <case>.expected.npz. Deterministic; regenerate with
.venv/bin/python Tests/Fixtures/make_op_fixtures.py
"""
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parent / "ops"
rng = np.random.default_rng(7)
DTYPES = {np.float32: TensorProto.FLOAT, np.int64: TensorProto.INT64, np.int32: TensorProto.INT32}


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def case(name, op, inputs, attrs=None, consts=None, opset=13, outputs=1, out_names=None):
    """One node; `inputs` are graph inputs (name → array), `consts` initializers (name → array).
    The node's inputs are listed in the order of the names given in `order` (inputs then consts
    unless a key starts with '_' meaning an omitted optional input)."""
    consts = consts or {}
    order = list(inputs) + list(consts)
    node_inputs = ["" if n.startswith("_") else n for n in order]
    consts = {k: v for k, v in consts.items() if not k.startswith("_")}
    out_names = out_names or [f"y{i}" if outputs > 1 else "y" for i in range(outputs)]
    node = helper.make_node(op, node_inputs, out_names, name=name, **(attrs or {}))
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(k, DTYPES[v.dtype.type], v.shape) for k, v in inputs.items()],
        [helper.make_tensor_value_info(o, TensorProto.UNDEFINED, None) for o in out_names],
        [numpy_helper.from_array(v, k) for k, v in consts.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    model = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    path = OUT / f"{name}.onnx"
    onnx.save(model, path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    results = session.run(out_names, inputs)
    np.savez(OUT / f"{name}.inputs.npz", **inputs)
    np.savez(OUT / f"{name}.expected.npz", **dict(zip(out_names, results)))


def conv_cases():
    x = rand(1, 4, 7, 7)
    case("conv_basic", "Conv", {"x": x}, {"kernel_shape": [3, 3]}, {"w": rand(6, 4, 3, 3), "b": rand(6)})
    case("conv_no_bias_stride2_pads", "Conv", {"x": x}, {"strides": [2, 2], "pads": [1, 0, 2, 1]}, {"w": rand(5, 4, 3, 3)})
    case("conv_dilated", "Conv", {"x": x}, {"dilations": [2, 2], "pads": [2, 2, 2, 2]}, {"w": rand(3, 4, 3, 3), "b": rand(3)})
    case("conv_group2", "Conv", {"x": x}, {"group": 2, "pads": [1, 1, 1, 1]}, {"w": rand(6, 2, 3, 3), "b": rand(6)})
    case("conv_depthwise", "Conv", {"x": x}, {"group": 4, "pads": [1, 1, 1, 1]}, {"w": rand(4, 1, 3, 3), "b": rand(4)})
    case("conv_depthwise_multiplier2", "Conv", {"x": x}, {"group": 4, "strides": [2, 2]}, {"w": rand(8, 1, 3, 3)})
    case("conv_same_upper", "Conv", {"x": rand(1, 4, 6, 6)}, {"auto_pad": "SAME_UPPER", "strides": [2, 2]}, {"w": rand(3, 4, 3, 3)})
    case("conv_same_lower", "Conv", {"x": rand(1, 4, 6, 6)}, {"auto_pad": "SAME_LOWER", "strides": [2, 2]}, {"w": rand(3, 4, 4, 4)})
    case("conv_valid", "Conv", {"x": x}, {"auto_pad": "VALID"}, {"w": rand(2, 4, 2, 2)})
    case("conv_1d", "Conv", {"x": rand(1, 3, 10)}, {"pads": [1, 1], "strides": [2]}, {"w": rand(4, 3, 3), "b": rand(4)})
    case("conv_batch3", "Conv", {"x": rand(3, 4, 5, 5)}, {"pads": [1, 1, 1, 1]}, {"w": rand(2, 4, 3, 3)})


def conv_transpose_cases():
    x = rand(1, 3, 4, 4)
    case("convtranspose_basic", "ConvTranspose", {"x": x}, {}, {"w": rand(3, 2, 3, 3), "b": rand(2)})
    case("convtranspose_stride2", "ConvTranspose", {"x": x}, {"strides": [2, 2]}, {"w": rand(3, 4, 3, 3)})
    case("convtranspose_pads", "ConvTranspose", {"x": x}, {"strides": [2, 2], "pads": [1, 1, 1, 1]}, {"w": rand(3, 2, 3, 3), "b": rand(2)})
    case("convtranspose_output_padding", "ConvTranspose", {"x": x}, {"strides": [2, 2], "pads": [1, 1, 1, 1], "output_padding": [1, 1]},
         {"w": rand(3, 2, 3, 3)})
    case("convtranspose_output_shape", "ConvTranspose", {"x": x}, {"strides": [2, 2], "output_shape": [8, 8]}, {"w": rand(3, 2, 3, 3)})
    case("convtranspose_group", "ConvTranspose", {"x": rand(1, 4, 3, 3)}, {"group": 2}, {"w": rand(4, 1, 2, 2)})


def elementwise_cases():
    x = rand(2, 3, 4, 5)
    for op, attrs in [("Relu", {}), ("Sigmoid", {}), ("Tanh", {}), ("LeakyRelu", {"alpha": 0.3}), ("HardSigmoid", {"alpha": 0.3, "beta": 0.4}),
                      ("Abs", {}), ("Neg", {}), ("Exp", {}), ("Floor", {}), ("Ceil", {})]:
        case(op.lower(), op, {"x": x}, attrs)
    case("hardswish", "HardSwish", {"x": x * 4}, opset=14)
    case("log", "Log", {"x": np.abs(x) + 0.1})
    case("sqrt", "Sqrt", {"x": np.abs(x)})
    case("clip_attributes_opset10", "Clip", {"x": x}, {"min": -0.5, "max": 0.7}, opset=10)
    case("clip_relu6_inputs", "Clip", {"x": x * 5}, {}, {"min": np.float32(0), "max": np.float32(6)})
    case("clip_min_only", "Clip", {"x": x}, {}, {"min": np.float32(-0.2)})
    case("clip_max_only", "Clip", {"x": x}, {}, {"_min": None, "max": np.float32(0.3)})
    case("clip_arbitrary", "Clip", {"x": x}, {}, {"min": np.float32(-0.4), "max": np.float32(0.9)})
    for op in ["Add", "Sub", "Mul", "Div"]:
        case(f"{op.lower()}_same_shape", op, {"a": x, "b": rand(2, 3, 4, 5) + (3 if op == "Div" else 0)})
        case(f"{op.lower()}_broadcast_last", op, {"a": x}, {}, {"b": rand(5) + (3 if op == "Div" else 0)})
        case(f"{op.lower()}_broadcast_channel", op, {"a": x}, {}, {"b": rand(3, 1, 1) + (3 if op == "Div" else 0)})
        case(f"{op.lower()}_scalar", op, {"a": x}, {}, {"b": np.array(2.5, dtype=np.float32)})
    case("add_both_broadcast", "Add", {"a": rand(2, 1, 4), "b": rand(3, 1)})
    case("sum_three", "Sum", {"a": x, "b": rand(5), "c": rand(3, 1, 1)})
    case("sum_one", "Sum", {"a": x})
    case("pow_constant", "Pow", {"a": np.abs(x) + 0.5}, {}, {"b": np.array(1.7, dtype=np.float32)})


def matrix_cases():
    case("matmul_2d", "MatMul", {"a": rand(3, 4)}, {}, {"b": rand(4, 5)})
    case("matmul_3d_const", "MatMul", {"a": rand(2, 3, 4)}, {}, {"b": rand(4, 5)})
    case("matmul_batched", "MatMul", {"a": rand(2, 3, 4), "b": rand(2, 4, 5)})
    case("matmul_broadcast_batch", "MatMul", {"a": rand(2, 1, 3, 4), "b": rand(3, 4, 2)})
    case("gemm_transb", "Gemm", {"a": rand(3, 4)}, {"transB": 1}, {"b": rand(5, 4), "c": rand(5)})
    case("gemm_alpha_beta", "Gemm", {"a": rand(3, 4)}, {"alpha": 0.5, "beta": 2.0}, {"b": rand(4, 5), "c": rand(1)})
    case("gemm_c_matrix", "Gemm", {"a": rand(3, 4)}, {}, {"b": rand(4, 5), "c": rand(3, 5)})
    case("gemm_no_c", "Gemm", {"a": rand(3, 4)}, {}, {"b": rand(4, 5)})
    case("gemm_transa", "Gemm", {"a": rand(4, 3)}, {"transA": 1}, {"b": rand(4, 5), "c": rand(5)})
    case("gemm_dynamic_b", "Gemm", {"a": rand(3, 4), "b": rand(5, 4)}, {"transB": 1})
    bn = {"scale": rand(3), "bias": rand(3), "mean": rand(3), "var": np.abs(rand(3)) + 0.5}
    case("batchnorm", "BatchNormalization", {"x": rand(2, 3, 4, 4)}, {"epsilon": 1e-3}, bn)
    case("batchnorm_2d", "BatchNormalization", {"x": rand(4, 3)}, {}, bn)


def pool_cases():
    x = rand(1, 3, 7, 7)
    case("maxpool_basic", "MaxPool", {"x": x}, {"kernel_shape": [2, 2], "strides": [2, 2]})
    case("maxpool_pads", "MaxPool", {"x": x}, {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]})
    case("maxpool_ceil", "MaxPool", {"x": x}, {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1})
    case("maxpool_same_upper", "MaxPool", {"x": x}, {"kernel_shape": [3, 3], "strides": [2, 2], "auto_pad": "SAME_UPPER"})
    case("maxpool_dilated", "MaxPool", {"x": x}, {"kernel_shape": [2, 2], "dilations": [2, 2]})
    case("avgpool_basic", "AveragePool", {"x": x}, {"kernel_shape": [3, 3], "strides": [2, 2]})
    case("avgpool_pads_exclude", "AveragePool", {"x": rand(1, 3, 6, 6)}, {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [0, 0, 1, 1]})
    case("avgpool_pads_include", "AveragePool", {"x": x}, {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "count_include_pad": 1})
    case("avgpool_ceil", "AveragePool", {"x": x}, {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1})
    case("avgpool_ceil_include_pad", "AveragePool", {"x": x},
         {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1, "count_include_pad": 1})
    case("globalaveragepool", "GlobalAveragePool", {"x": x})
    case("globalmaxpool", "GlobalMaxPool", {"x": x})
    case("lrn_size3", "LRN", {"x": rand(1, 6, 3, 3)}, {"size": 3, "alpha": 0.01, "beta": 0.6, "bias": 1.5})
    case("lrn_size5", "LRN", {"x": rand(1, 8, 3, 3)}, {"size": 5})


def shape_cases():
    x = rand(2, 3, 4, 5)
    for axis in [0, 1, 2, -1]:
        case(f"flatten_axis{axis}".replace("-", "neg"), "Flatten", {"x": x}, {"axis": axis})
    case("reshape_zero_minus_one", "Reshape", {"x": x}, {}, {"shape": np.array([0, -1, 5], dtype=np.int64)})
    case("reshape_plain", "Reshape", {"x": x}, {}, {"shape": np.array([6, 20], dtype=np.int64)})
    case("transpose_default", "Transpose", {"x": x})
    case("transpose_perm", "Transpose", {"x": x}, {"perm": [0, 2, 3, 1]})
    case("concat_axis0", "Concat", {"a": rand(1, 3), "b": rand(2, 3)}, {"axis": 0})
    case("concat_axis1_three", "Concat", {"a": rand(2, 1, 4), "b": rand(2, 3, 4)}, {"axis": 1}, {"c": rand(2, 2, 4)})
    case("concat_axis_neg1", "Concat", {"a": rand(2, 3), "b": rand(2, 2)}, {"axis": -1})
    case("softmax_opset11_axis1", "Softmax", {"x": x}, {"axis": 1}, opset=11)
    case("softmax_opset11_default", "Softmax", {"x": rand(3, 7)}, opset=11)
    case("softmax_axis1", "Softmax", {"x": x}, {"axis": 1})
    case("softmax_last", "Softmax", {"x": x}, {"axis": -1})
    pads = np.array([0, 1, 2, 1, 0, 2, 1, 0], dtype=np.int64)
    case("pad_constant", "Pad", {"x": x}, {"mode": "constant"}, {"pads": pads, "value": np.array(1.5, dtype=np.float32)})
    case("pad_zero", "Pad", {"x": x}, {}, {"pads": pads})
    case("pad_reflect", "Pad", {"x": x}, {"mode": "reflect"}, {"pads": pads})
    case("pad_edge", "Pad", {"x": x}, {"mode": "edge"}, {"pads": pads})
    case("pad_negative", "Pad", {"x": x}, {}, {"pads": np.array([0, 0, -1, 1, 0, 0, 1, -2], dtype=np.int64)})
    case("pad_opset2_attribute", "Pad", {"x": x}, {"pads": [0, 0, 1, 1, 0, 0, 1, 1], "value": -1.0}, opset=10)
    case("dropout", "Dropout", {"x": x})
    case("identity", "Identity", {"x": x})
    case("squeeze_opset11", "Squeeze", {"x": rand(2, 1, 3, 1)}, {"axes": [1, -1]}, opset=11)
    case("squeeze_opset13", "Squeeze", {"x": rand(2, 1, 3, 1)}, {}, {"axes": np.array([1], dtype=np.int64)})
    case("unsqueeze_opset11", "Unsqueeze", {"x": rand(2, 3)}, {"axes": [0, 3]}, opset=11)
    case("unsqueeze_opset13", "Unsqueeze", {"x": rand(2, 3)}, {}, {"axes": np.array([1, -1], dtype=np.int64)})
    case("shape", "Shape", {"x": x})
    case("shape_start_end", "Shape", {"x": x}, {"start": 1, "end": -1}, opset=15)
    case("gather_axis0", "Gather", {"x": rand(5, 4)}, {"axis": 0}, {"i": np.array([3, 0, 3], dtype=np.int64)})
    case("gather_axis1_negative", "Gather", {"x": rand(3, 5, 2)}, {"axis": 1}, {"i": np.array([[-1, 0], [2, -3]], dtype=np.int64)})
    case("gather_scalar_index", "Gather", {"x": rand(3, 4)}, {"axis": 1}, {"i": np.array(2, dtype=np.int64)})
    case("gather_dynamic_indices", "Gather", {"x": rand(5, 3), "i": np.array([4, 1], dtype=np.int64)}, {"axis": 0})
    value = numpy_helper.from_array(np.array([2.5], dtype=np.float32), "value")
    case("constantofshape", "ConstantOfShape", {}, {"value": value}, {"shape": np.array([2, 3], dtype=np.int64)})


def shape_chain():
    """Shape → Gather → Unsqueeze → Concat → Reshape: must fold away at import."""
    x = rand(2, 3, 4)
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["batch"], axis=0),
        helper.make_node("Unsqueeze", ["batch", "axes0"], ["batch1"]),
        helper.make_node("Concat", ["batch1", "minus_one"], ["target"], axis=0),
        helper.make_node("Reshape", ["x", "target"], ["flat"]),
        helper.make_node("Relu", ["flat"], ["y"]),
    ]
    inits = [numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
             numpy_helper.from_array(np.array([0], dtype=np.int64), "axes0"),
             numpy_helper.from_array(np.array([-1], dtype=np.int64), "minus_one")]
    graph = helper.make_graph(nodes, "shape_chain", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 12])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    path = OUT / "shape_chain.onnx"
    onnx.save(model, path)
    result = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(["y"], {"x": x})[0]
    np.savez(OUT / "shape_chain.inputs.npz", x=x)
    np.savez(OUT / "shape_chain.expected.npz", y=result)


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*"):
        if old.suffix in (".onnx", ".npz"):
            old.unlink()
    for group in [conv_cases, conv_transpose_cases, elementwise_cases, matrix_cases, pool_cases, shape_cases, shape_chain]:
        group()
    print(len(list(OUT.glob("*.onnx"))), "fixtures in", OUT)
