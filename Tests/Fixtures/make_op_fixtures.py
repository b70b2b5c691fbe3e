#!/usr/bin/env python3
"""Per-operator fixtures with onnxruntime's outputs, for the importer, interpreter and converter tests.

For every case this writes Tests/Fixtures/ops/<case>.onnx (one small graph, usually one node),
<case>.inputs.npz (keys: the graph input names) and <case>.expected.npz (keys: the graph output
names, values computed by onnxruntime's CPUExecutionProvider).

Conventions: the data tensor is a graph input; weights and parameters are initializers. Opset 13
of the default domain and IR version 8 unless a case says otherwise. Random data comes from fixed
seeds (one per group of cases), and np.savez stamps members with a fixed date, so a rerun writes
identical bytes.

Regenerate (from the repository root):  .venv/bin/python Tests/Fixtures/make_op_fixtures.py
"""
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

OUT = Path(__file__).resolve().parent / "ops"
DEFAULT_OPSET = 13
IR_VERSION = 8

rng = np.random.default_rng(0)
written = []  # case names, in order


def reseed(seed):
    """Each group of cases draws from its own seed, so adding a case elsewhere changes nothing here."""
    global rng
    rng = np.random.default_rng(seed)


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def ints(*values):
    return np.array(values, dtype=np.int64)


def scalar(value):
    return np.array(value, dtype=np.float32)


def record(name, nodes, inputs, initializers, output_names, opset=DEFAULT_OPSET, reference=None, shapes=None):
    """Builds the model, runs onnxruntime on `inputs` and writes the three files of one case.
    `reference` (inputs -> list of outputs) replaces onnxruntime where it cannot run the model.

    inputs: graph input name -> array; initializers: name -> array; shapes: graph input name ->
    declared shape (a string for a dim known only at run time), else the array's.
    The graph inputs and outputs carry full types and shapes (outputs as onnxruntime produced them).
    """
    shapes = shapes or {}
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(k, helper.np_dtype_to_tensor_dtype(v.dtype), shapes.get(k, v.shape)) for k, v in inputs.items()],
        [helper.make_tensor_value_info(o, TensorProto.UNDEFINED, None) for o in output_names],
        [numpy_helper.from_array(v, k) for k, v in initializers.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="liteconvert-fixtures")
    model.ir_version = IR_VERSION
    # ONNX shape inference types the outputs (onnxruntime refuses untyped ones) and value_info.
    model = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    if reference is None:
        session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        results = dict(zip(output_names, session.run(output_names, inputs)))
    else:
        results = dict(zip(output_names, reference(inputs)))

    # Declare the outputs with the types and shapes just computed.
    del model.graph.output[:]
    model.graph.output.extend(
        helper.make_tensor_value_info(o, helper.np_dtype_to_tensor_dtype(r.dtype), r.shape) for o, r in results.items())
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, OUT / f"{name}.onnx")
    np.savez(OUT / f"{name}.inputs.npz", **inputs)
    np.savez(OUT / f"{name}.expected.npz", **results)
    written.append(name)


def case(name, op, inputs, attrs=None, consts=None, opset=DEFAULT_OPSET, outputs=("y",), reference=None,
         node_inputs=None, shapes=None):
    """A one-node graph. Unless `node_inputs` lists them, the node's inputs are the graph inputs,
    then the initializers, in the order given; an initializer whose value is None becomes an
    omitted optional input ('')."""
    consts = consts or {}
    if node_inputs is None:
        node_inputs = list(inputs) + ["" if v is None else k for k, v in consts.items()]
    node = helper.make_node(op, node_inputs, list(outputs), name=name, **(attrs or {}))
    record(name, [node], inputs, {k: v for k, v in consts.items() if v is not None}, list(outputs), opset, reference, shapes)


def conv_cases():
    reseed(1)
    x = rand(1, 4, 7, 7)
    # 3x3, no padding, with bias.
    case("conv_basic", "Conv", {"x": x}, {"kernel_shape": [3, 3]}, {"w": rand(6, 4, 3, 3), "b": rand(6)})
    # Stride 2, asymmetric explicit pads (top 1, left 0, bottom 2, right 1), no bias, kernel_shape inferred.
    case("conv_no_bias_stride2_pads", "Conv", {"x": x}, {"strides": [2, 2], "pads": [1, 0, 2, 1]}, {"w": rand(5, 4, 3, 3)})
    # Dilation 2 with symmetric pads.
    case("conv_dilated", "Conv", {"x": x}, {"dilations": [2, 2], "pads": [2, 2, 2, 2]}, {"w": rand(3, 4, 3, 3), "b": rand(3)})
    # Different dilations and strides per axis.
    case("conv_dilated_strided_hw", "Conv", {"x": rand(1, 2, 9, 8)}, {"dilations": [2, 1], "strides": [1, 2]},
         {"w": rand(3, 2, 3, 3)})
    # Two groups of 2 input channels -> 3 output channels each.
    case("conv_group2", "Conv", {"x": x}, {"group": 2, "pads": [1, 1, 1, 1]}, {"w": rand(6, 2, 3, 3), "b": rand(6)})
    # Groups combined with dilation and asymmetric pads.
    case("conv_group2_dilated", "Conv", {"x": x}, {"group": 2, "dilations": [2, 2], "pads": [2, 1, 1, 2]},
         {"w": rand(4, 2, 3, 3), "b": rand(4)})
    # Depthwise: group == in channels == out channels.
    case("conv_depthwise", "Conv", {"x": x}, {"group": 4, "pads": [1, 1, 1, 1]}, {"w": rand(4, 1, 3, 3), "b": rand(4)})
    # Depthwise with channel multiplier 2, stride 2, no bias.
    case("conv_depthwise_multiplier2", "Conv", {"x": x}, {"group": 4, "strides": [2, 2]}, {"w": rand(8, 1, 3, 3)})
    # auto_pad SAME_UPPER, stride 2: the odd padding goes at the end.
    case("conv_same_upper", "Conv", {"x": rand(1, 4, 6, 6)}, {"auto_pad": "SAME_UPPER", "strides": [2, 2]}, {"w": rand(3, 4, 3, 3)})
    # auto_pad SAME_LOWER with an even kernel: the odd padding goes at the beginning.
    case("conv_same_lower", "Conv", {"x": rand(1, 4, 6, 6)}, {"auto_pad": "SAME_LOWER", "strides": [2, 2]}, {"w": rand(3, 4, 4, 4)})
    # auto_pad SAME_UPPER, stride 1, with bias.
    case("conv_same_upper_stride1", "Conv", {"x": x}, {"auto_pad": "SAME_UPPER"}, {"w": rand(2, 4, 4, 4), "b": rand(2)})
    # auto_pad VALID (no padding).
    case("conv_valid", "Conv", {"x": x}, {"auto_pad": "VALID"}, {"w": rand(2, 4, 2, 2)})
    # 1-D convolution on [N, C, W].
    case("conv_1d", "Conv", {"x": rand(1, 3, 10)}, {"pads": [1, 1], "strides": [2]}, {"w": rand(4, 3, 3), "b": rand(4)})
    # Batch of 3.
    case("conv_batch3", "Conv", {"x": rand(3, 4, 5, 5)}, {"pads": [1, 1, 1, 1]}, {"w": rand(2, 4, 3, 3)})
    # Pointwise 1x1 convolution.
    case("conv_pointwise", "Conv", {"x": x}, {"kernel_shape": [1, 1]}, {"w": rand(5, 4, 1, 1), "b": rand(5)})


def conv_transpose_cases():
    reseed(2)
    x = rand(1, 3, 4, 4)
    # Stride 1, with bias. Weight layout [C_in, C_out / group, kH, kW].
    case("convtranspose_basic", "ConvTranspose", {"x": x}, {}, {"w": rand(3, 2, 3, 3), "b": rand(2)})
    # Stride 2, no bias.
    case("convtranspose_stride2", "ConvTranspose", {"x": x}, {"strides": [2, 2]}, {"w": rand(3, 4, 3, 3)})
    # Stride 2 with pads cropping the output.
    case("convtranspose_pads", "ConvTranspose", {"x": x}, {"strides": [2, 2], "pads": [1, 1, 1, 1]},
         {"w": rand(3, 2, 3, 3), "b": rand(2)})
    # Asymmetric pads.
    case("convtranspose_pads_asymmetric", "ConvTranspose", {"x": x}, {"strides": [2, 2], "pads": [0, 1, 1, 0]},
         {"w": rand(3, 2, 3, 3)})
    # output_padding adds one row and column at the end.
    case("convtranspose_output_padding", "ConvTranspose", {"x": x},
         {"strides": [2, 2], "pads": [1, 1, 1, 1], "output_padding": [1, 1]}, {"w": rand(3, 2, 3, 3)})
    # output_shape given instead of pads.
    case("convtranspose_output_shape", "ConvTranspose", {"x": x}, {"strides": [2, 2], "output_shape": [8, 8]},
         {"w": rand(3, 2, 3, 3)})
    # Dilated kernel.
    case("convtranspose_dilated", "ConvTranspose", {"x": x}, {"dilations": [2, 2]}, {"w": rand(3, 2, 3, 3), "b": rand(2)})
    # Two groups.
    case("convtranspose_group", "ConvTranspose", {"x": rand(1, 4, 3, 3)}, {"group": 2}, {"w": rand(4, 1, 2, 2)})


def activation_cases():
    reseed(3)
    x = rand(2, 3, 4, 5)
    # Unary activations and math with default attributes unless given.
    for op, attrs in [("Relu", {}), ("Sigmoid", {}), ("Tanh", {}), ("LeakyRelu", {"alpha": 0.3}),
                      ("HardSigmoid", {"alpha": 0.3, "beta": 0.4}), ("Abs", {}), ("Neg", {}), ("Exp", {}),
                      ("Floor", {}), ("Ceil", {})]:
        case(op.lower(), op, {"x": x}, attrs)
    # LeakyRelu and HardSigmoid with their default alpha (0.01) / alpha, beta (0.2, 0.5).
    case("leakyrelu_default", "LeakyRelu", {"x": x})
    case("hardsigmoid_default", "HardSigmoid", {"x": x * 4})
    # HardSwish exists from opset 14; inputs scaled to cover both saturated ends.
    case("hardswish", "HardSwish", {"x": x * 4}, opset=14)
    # Log and Sqrt on positive inputs.
    case("log", "Log", {"x": np.abs(x) + 0.1})
    case("sqrt", "Sqrt", {"x": np.abs(x)})


def clip_cases():
    reseed(4)
    x = rand(2, 3, 4, 5)
    # Clip-6 form (min and max are attributes) under opset 7, the oldest opset onnxruntime
    # guarantees (it only warns on an opset-6 model) and the importer accepts.
    case("clip_attributes_opset7", "Clip", {"x": x}, {"min": -0.5, "max": 0.7}, opset=7)
    # Same attribute form, last opset that has it.
    case("clip_attributes_opset10", "Clip", {"x": x}, {"min": -0.5, "max": 0.7}, opset=10)
    # Opset 13 input form as ReLU6.
    case("clip_relu6_inputs", "Clip", {"x": x * 5}, {}, {"min": scalar(0), "max": scalar(6)})
    # Arbitrary bounds.
    case("clip_arbitrary", "Clip", {"x": x}, {}, {"min": scalar(-0.4), "max": scalar(0.9)})
    # Only min: the max input is left out.
    case("clip_min_only", "Clip", {"x": x}, {}, {"min": scalar(-0.2)})
    # Only min, with the max input spelled as the empty name ''.
    case("clip_min_only_empty_max", "Clip", {"x": x}, {}, {"min": scalar(-0.2), "max": None})
    # Only max: the min input is the empty name ''.
    case("clip_max_only", "Clip", {"x": x}, {}, {"min": None, "max": scalar(0.3)})
    # Neither bound: identity.
    case("clip_no_bounds", "Clip", {"x": x})


def binary_cases():
    reseed(5)
    x = rand(2, 3, 4, 5)
    for op in ["Add", "Sub", "Mul", "Div"]:
        lower = op.lower()
        offset = 3 if op == "Div" else 0  # keep divisors away from zero
        # Two graph inputs of the same shape.
        case(f"{lower}_same_shape", op, {"a": x, "b": rand(2, 3, 4, 5) + offset})
        # Constant [5] broadcast over the last axis.
        case(f"{lower}_broadcast_last", op, {"a": x}, {}, {"b": rand(5) + offset})
        # Constant [3, 1, 1] broadcast per channel.
        case(f"{lower}_broadcast_channel", op, {"a": x}, {}, {"b": rand(3, 1, 1) + offset})
        # Constant of shape [1].
        case(f"{lower}_broadcast_one", op, {"a": x}, {}, {"b": rand(1) + offset})
        # Rank-0 constant.
        case(f"{lower}_scalar", op, {"a": x}, {}, {"b": scalar(2.5)})
    # Two graph inputs that both broadcast: [2, 1, 4] + [3, 1] -> [2, 3, 4].
    case("add_both_broadcast", "Add", {"a": rand(2, 1, 4), "b": rand(3, 1)})
    # Two graph inputs, the second broadcast per channel: [2, 3, 4, 5] - [3, 1, 1].
    case("sub_inputs_broadcast_channel", "Sub", {"a": x, "b": rand(3, 1, 1)})
    # Constant first operand: [5] / x (order of operands matters).
    case("div_constant_numerator", "Div", {"b": np.abs(x) + 1}, {}, {"a": rand(5)}, node_inputs=["a", "b"])
    # Constant first operand: [3, 1, 1] - x.
    case("sub_constant_minuend", "Sub", {"b": x}, {}, {"a": rand(3, 1, 1)}, node_inputs=["a", "b"])
    # Variadic Sum of three graph inputs with broadcasting.
    case("sum_three", "Sum", {"a": x, "b": rand(5), "c": rand(3, 1, 1)})
    # Sum of one input.
    case("sum_one", "Sum", {"a": x})
    # Sum of a graph input and a broadcast constant.
    case("sum_constant", "Sum", {"a": x}, {}, {"b": rand(4, 1)})
    # Pow with a scalar exponent.
    case("pow_constant", "Pow", {"a": np.abs(x) + 0.5}, {}, {"b": scalar(1.7)})


def matrix_cases():
    reseed(6)
    # [3, 4] x [4, 5] with a constant right operand.
    case("matmul_2d", "MatMul", {"a": rand(3, 4)}, {}, {"b": rand(4, 5)})
    # Batched [2, 3, 4] x constant [4, 5].
    case("matmul_3d_const", "MatMul", {"a": rand(2, 3, 4)}, {}, {"b": rand(4, 5)})
    # Batched 3-D, both graph inputs.
    case("matmul_batched", "MatMul", {"a": rand(2, 3, 4), "b": rand(2, 4, 5)})
    # Batch dimensions broadcast: [2, 1, 3, 4] x [3, 4, 2] -> [2, 3, 3, 2].
    case("matmul_broadcast_batch", "MatMul", {"a": rand(2, 1, 3, 4), "b": rand(3, 4, 2)})
    # 1-D right operand: [3, 4] x [4] -> [3].
    case("matmul_vector_right", "MatMul", {"a": rand(3, 4)}, {}, {"b": rand(4)})
    # 1-D left operand: [4] x [4, 5] -> [5].
    case("matmul_vector_left", "MatMul", {"a": rand(4)}, {}, {"b": rand(4, 5)})
    # Batched left with a 1-D right operand: [2, 3, 4] x [4] -> [2, 3].
    case("matmul_batched_vector", "MatMul", {"a": rand(2, 3, 4)}, {}, {"b": rand(4)})
    # Gemm with transB and C of shape [N].
    case("gemm_transb", "Gemm", {"a": rand(3, 4)}, {"transB": 1}, {"b": rand(5, 4), "c": rand(5)})
    # alpha and beta with C of shape [1].
    case("gemm_alpha_beta", "Gemm", {"a": rand(3, 4)}, {"alpha": 0.5, "beta": 2.0}, {"b": rand(4, 5), "c": rand(1)})
    # C of shape [M, N].
    case("gemm_c_matrix", "Gemm", {"a": rand(3, 4)}, {}, {"b": rand(4, 5), "c": rand(3, 5)})
    # C of shape [M, 1].
    case("gemm_c_column", "Gemm", {"a": rand(3, 4)}, {"beta": 0.5}, {"b": rand(4, 5), "c": rand(3, 1)})
    # Without C.
    case("gemm_no_c", "Gemm", {"a": rand(3, 4)}, {}, {"b": rand(4, 5)})
    # transA.
    case("gemm_transa", "Gemm", {"a": rand(4, 3)}, {"transA": 1}, {"b": rand(4, 5), "c": rand(5)})
    # transA and transB with alpha.
    case("gemm_transa_transb", "Gemm", {"a": rand(4, 3)}, {"transA": 1, "transB": 1, "alpha": 1.5},
         {"b": rand(5, 4), "c": rand(5)})
    # B is a graph input rather than a weight.
    case("gemm_dynamic_b", "Gemm", {"a": rand(3, 4), "b": rand(5, 4)}, {"transB": 1})


def batchnorm_cases():
    reseed(7)

    def params(c):
        return {"scale": rand(c), "bias": rand(c), "mean": rand(c), "var": np.abs(rand(c)) + 0.5}

    # 4-D input, custom epsilon.
    case("batchnorm", "BatchNormalization", {"x": rand(2, 3, 4, 4)}, {"epsilon": 1e-3}, params(3))
    # 2-D input [N, C].
    case("batchnorm_2d", "BatchNormalization", {"x": rand(4, 3)}, {}, params(3))
    # 3-D input [N, C, L], opset 15 (current BatchNormalization signature).
    case("batchnorm_3d_opset15", "BatchNormalization", {"x": rand(2, 4, 6)}, {"epsilon": 1e-2}, params(4), opset=15)


def lrn_reference(x, size, alpha=1e-4, beta=0.75, bias=1.0):
    """LRN as the ONNX spec defines it: the sum of squares runs over channels
    max(0, c - floor((size - 1) / 2)) ... min(C - 1, c + ceil((size - 1) / 2))."""
    before, after = (size - 1) // 2, size // 2
    squares = x.astype(np.float64) ** 2
    channels = x.shape[1]
    square_sum = np.stack([squares[:, max(0, c - before):min(channels, c + after + 1)].sum(axis=1)
                           for c in range(channels)], axis=1)
    return (x / (bias + alpha / size * square_sum) ** beta).astype(np.float32)


def check_lrn_reference(name, x, **attrs):
    """lrn_reference must reproduce onnxruntime's output of an (odd-size) case already written."""
    with np.load(OUT / f"{name}.expected.npz") as expected:
        np.testing.assert_allclose(lrn_reference(x, **attrs), expected["y"], rtol=1e-5, atol=1e-6)


def pool_cases():
    reseed(8)
    x = rand(1, 3, 7, 7)
    # 2x2 stride 2 (floor drops the last row and column).
    case("maxpool_basic", "MaxPool", {"x": x}, {"kernel_shape": [2, 2], "strides": [2, 2]})
    # 3x3 stride 2, pads 1.
    case("maxpool_pads", "MaxPool", {"x": x}, {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]})
    # Asymmetric pads, stride 1.
    case("maxpool_pads_asymmetric", "MaxPool", {"x": x}, {"kernel_shape": [3, 2], "pads": [0, 1, 2, 0]})
    # ceil_mode keeps the partial last window.
    case("maxpool_ceil", "MaxPool", {"x": x}, {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1})
    # ceil_mode with pads.
    case("maxpool_ceil_pads", "MaxPool", {"x": rand(1, 2, 6, 6)},
         {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1})
    # auto_pad SAME_UPPER.
    case("maxpool_same_upper", "MaxPool", {"x": x}, {"kernel_shape": [3, 3], "strides": [2, 2], "auto_pad": "SAME_UPPER"})
    # Dilated window.
    case("maxpool_dilated", "MaxPool", {"x": x}, {"kernel_shape": [2, 2], "dilations": [2, 2]})
    # Dilated window with stride.
    case("maxpool_dilated_strided", "MaxPool", {"x": x}, {"kernel_shape": [2, 2], "dilations": [2, 2], "strides": [2, 2]})
    # 3x3 stride 2, no pads.
    case("avgpool_basic", "AveragePool", {"x": x}, {"kernel_shape": [3, 3], "strides": [2, 2]})
    # Pads excluded from the divisor (count_include_pad 0, the default).
    case("avgpool_pads_exclude", "AveragePool", {"x": rand(1, 3, 6, 6)},
         {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [0, 0, 1, 1]})
    # Pads included in the divisor.
    case("avgpool_pads_include", "AveragePool", {"x": x}, {"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "count_include_pad": 1})
    # ceil_mode without pads: the partial window averages only real elements.
    case("avgpool_ceil", "AveragePool", {"x": x}, {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1})
    # ceil_mode with pads, pads excluded.
    case("avgpool_ceil_pads_exclude", "AveragePool", {"x": x},
         {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1})
    # ceil_mode with pads, pads counted (the part past the pads is still not counted).
    case("avgpool_ceil_count_include_pad", "AveragePool", {"x": x},
         {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1, "count_include_pad": 1})
    # Global pooling.
    case("globalaveragepool", "GlobalAveragePool", {"x": x})
    case("globalmaxpool", "GlobalMaxPool", {"x": x})
    # LRN across channels, odd sizes 3 and 5 (onnxruntime; lrn_reference must agree with it).
    lrn3 = {"size": 3, "alpha": 0.01, "beta": 0.6, "bias": 1.5}
    x3 = rand(1, 6, 3, 3)
    case("lrn_size3", "LRN", {"x": x3}, lrn3)
    x5 = rand(2, 8, 3, 3)
    case("lrn_size5", "LRN", {"x": x5}, {"size": 5})
    check_lrn_reference("lrn_size3", x3, **lrn3)
    check_lrn_reference("lrn_size5", x5, size=5)
    # LRN with an even size 4: the window is one channel longer after c than before it.
    # onnxruntime refuses even sizes (its kernel requires size % 2 == 1), so lrn_reference computes it.
    lrn4 = {"size": 4, "alpha": 0.02, "beta": 0.75, "bias": 2.0}
    case("lrn_size4", "LRN", {"x": rand(1, 7, 3, 3)}, lrn4, reference=lambda feeds: [lrn_reference(feeds["x"], **lrn4)])


def shape_cases():
    reseed(9)
    x = rand(2, 3, 4, 5)
    # Flatten around axis 0, 1, 2 and -1.
    for axis in [0, 1, 2, -1]:
        case(f"flatten_axis{axis}".replace("-", "neg"), "Flatten", {"x": x}, {"axis": axis})
    # Reshape with 0 (copy the input dimension) and -1 (inferred); allowzero absent.
    case("reshape_zero_minus_one", "Reshape", {"x": x}, {}, {"shape": ints(0, -1, 5)})
    # Reshape to explicit sizes.
    case("reshape_plain", "Reshape", {"x": x}, {}, {"shape": ints(6, 20)})
    # Reshape to one dimension.
    case("reshape_minus_one", "Reshape", {"x": x}, {}, {"shape": ints(-1)})
    # Transpose: default perm reverses the axes; explicit NCHW -> NHWC.
    case("transpose_default", "Transpose", {"x": x})
    case("transpose_perm", "Transpose", {"x": x}, {"perm": [0, 2, 3, 1]})
    # Concat along 0, along 1 with three inputs (one constant), and along -1.
    case("concat_axis0", "Concat", {"a": rand(1, 3), "b": rand(2, 3)}, {"axis": 0})
    case("concat_axis1_three", "Concat", {"a": rand(2, 1, 4), "b": rand(2, 3, 4)}, {"axis": 1}, {"c": rand(2, 2, 4)})
    case("concat_axis_neg1", "Concat", {"a": rand(2, 3), "b": rand(2, 2)}, {"axis": -1})
    # Softmax opset 11: axis 1 on a 4-D input normalizes over the flattened [C*H*W].
    case("softmax_opset11_axis1", "Softmax", {"x": x}, {"axis": 1}, opset=11)
    # Softmax opset 11 default axis (1) on a 2-D input.
    case("softmax_opset11_default", "Softmax", {"x": rand(3, 7)}, opset=11)
    # Softmax opset 13: axis 1 only, and the last axis.
    case("softmax_axis1", "Softmax", {"x": x}, {"axis": 1})
    case("softmax_last", "Softmax", {"x": x}, {"axis": -1})
    # Softmax opset 13 default axis (-1).
    case("softmax_default", "Softmax", {"x": rand(3, 7)})


def pad_cases():
    reseed(10)
    x = rand(2, 3, 4, 5)
    pads = ints(0, 1, 2, 1, 0, 2, 1, 0)  # [begin per axis..., end per axis...]
    # Constant mode with a value input.
    case("pad_constant", "Pad", {"x": x}, {"mode": "constant"}, {"pads": pads, "value": scalar(1.5)})
    # Default mode (constant) and value (0).
    case("pad_zero", "Pad", {"x": x}, {}, {"pads": pads})
    # Reflect and edge modes.
    case("pad_reflect", "Pad", {"x": x}, {"mode": "reflect"}, {"pads": pads})
    case("pad_edge", "Pad", {"x": x}, {"mode": "edge"}, {"pads": pads})
    # Negative pads crop.
    case("pad_negative", "Pad", {"x": x}, {}, {"pads": ints(0, 0, -1, 1, 0, 0, 1, -2)})
    # Opset 2-10 form: pads and value are attributes.
    case("pad_opset2_attribute", "Pad", {"x": x}, {"pads": [0, 0, 1, 1, 0, 0, 1, 1], "value": -1.0}, opset=10)
    case("pad_wrap", "Pad", {"x": x}, {"mode": "wrap"}, {"pads": pads}, opset=19)
    # Pads, value and axes known only at run time (graph inputs).
    case("pad_runtime_axes", "Pad", {"x": x, "pads": ints(1, 2, 0, 1), "value": scalar(-2.0), "axes": ints(-1, 1)}, {"mode": "constant"},
         opset=18)
    case("pad_runtime_reflect", "Pad", {"x": x, "pads": ints(0, 0, 1, 2, 0, 0, 2, 1)}, {"mode": "reflect"})


def runtime_bounds_cases():
    """Slice, Split and CenterCropPad whose bounds are graph inputs, as in dynamic-shape exports."""
    reseed(14)
    x = rand(3, 5, 6)
    case("slice_runtime_bounds", "Slice", {"x": x, "starts": ints(1, -4), "ends": ints(3, 100), "axes": ints(0, 2), "steps": ints(1, 2)})
    case("slice_runtime_negative_step", "Slice", {"x": x, "starts": ints(-1), "ends": ints(-100), "axes": ints(1), "steps": ints(-2)})
    case("slice_runtime_axes_input", "Slice", {"x": x, "starts": ints(0, 1), "ends": ints(2, 4), "axes": ints(-1, 0)})
    case("split_runtime_sizes", "Split", {"x": x, "split": ints(1, 4)}, {"axis": 1}, outputs=("a", "b"))
    case("center_crop_pad_runtime", "CenterCropPad", {"x": x, "shape": ints(4, 3)}, {"axes": [0, 2]}, opset=18)
    case("trilu_runtime_k", "Trilu", {"x": rand(2, 4, 5), "k": np.array(-1, dtype=np.int64)}, {"upper": 0}, opset=14)


def sequence_cases():
    """TopK, OneHot, CumSum and EyeLike."""
    reseed(15)
    x = rand(3, 7)
    x[1, 2] = x[1, 4]  # a tie: the lower index comes first
    case("topk_largest", "TopK", {"x": x}, {"axis": 1}, {"k": ints(3)}, outputs=("values", "indices"))
    case("topk_smallest_axis0", "TopK", {"x": x}, {"axis": 0, "largest": 0}, {"k": ints(2)}, outputs=("values", "indices"))
    case("onehot_axis0", "OneHot", {"indices": np.array([[1, -1], [7, 0]], dtype=np.int64)}, {"axis": 0},
         {"depth": np.array(4, dtype=np.int64), "values": np.array([-1.0, 2.0], dtype=np.float32)})
    case("cumsum_exclusive_reverse", "CumSum", {"x": x}, {"exclusive": 1, "reverse": 1}, {"axis": np.array(1, dtype=np.int32)})
    case("cumsum_int64", "CumSum", {"x": np.arange(12, dtype=np.int64).reshape(3, 4)}, {}, {"axis": np.array(0, dtype=np.int64)})
    case("eyelike_k1", "EyeLike", {"x": rand(3, 4)}, {"k": 1})
    # No TFLite builtin computes a determinant: refused, or a LiteConvert custom operator.
    case("det_batched", "Det", {"x": rand(2, 3, 3)})


def recurrent_cases():
    """LSTM, GRU and RNN with constant weights (as exporters write them), unrolled by the importer."""
    reseed(17)
    t, b, i, h = 5, 2, 3, 4
    x = rand(t, b, i)
    case("lstm_bidirectional_peepholes", "LSTM", {"x": x}, {"hidden_size": h, "direction": "bidirectional"},
         {"w": rand(2, 4 * h, i), "r": rand(2, 4 * h, h), "b": rand(2, 8 * h), "lens": None, "h0": rand(2, b, h), "c0": rand(2, b, h),
          "p": rand(2, 3 * h)}, outputs=("y", "y_h", "y_c"))
    case("lstm_clip_coupled_forget", "LSTM", {"x": x}, {"hidden_size": h, "clip": 0.5, "input_forget": 1},
         {"w": rand(1, 4 * h, i), "r": rand(1, 4 * h, h)}, outputs=("y", "y_h", "y_c"))
    # onnxruntime has no batch-first recurrences: ONNX's reference evaluator computes this one.
    weights = {"w": rand(1, 3 * h, i), "r": rand(1, 3 * h, h), "b": rand(1, 6 * h)}
    gru = helper.make_node("GRU", ["x", *weights], ["y", "y_h"], hidden_size=h, layout=1, linear_before_reset=1)
    evaluator = ReferenceEvaluator(helper.make_graph([gru], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, None)],
                                                     [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in ("y", "y_h")],
                                                     [numpy_helper.from_array(v, k) for k, v in weights.items()]), opsets={"": 14})
    case("gru_batch_first_linear_before_reset", "GRU", {"x": rand(b, t, i)}, {"hidden_size": h, "layout": 1, "linear_before_reset": 1},
         weights, opset=14, outputs=("y", "y_h"), reference=lambda inputs: evaluator.run(None, inputs))
    case("gru_reverse_relu", "GRU", {"x": x}, {"hidden_size": h, "direction": "reverse", "activations": ["HardSigmoid", "Relu"],
                                                "activation_alpha": [0.3], "activation_beta": [0.4]},
         {"w": rand(1, 3 * h, i), "r": rand(1, 3 * h, h), "b": rand(1, 6 * h)}, outputs=("y", "y_h"))
    case("rnn_sequence_lengths", "RNN", {"x": x}, {"hidden_size": h, "direction": "bidirectional"},
         {"w": rand(2, h, i), "r": rand(2, h, h), "b": rand(2, 2 * h), "lens": np.array([5, 3], dtype=np.int32)}, outputs=("y", "y_h"))
    # Layers TFLite's sequence builtins compute: one UNIDIRECTIONAL_SEQUENCE_LSTM / _RNN per direction,
    # the time and batch sizes known only at run time.
    sequence = {"x": ["steps", "batch", i]}
    case("lstm_sequence_forward", "LSTM", {"x": x}, {"hidden_size": h},
         {"w": rand(1, 4 * h, i), "r": rand(1, 4 * h, h), "b": rand(1, 8 * h)}, outputs=("y", "y_h"), shapes=sequence)
    case("lstm_sequence_bidirectional_peepholes", "LSTM", {"x": x}, {"hidden_size": h, "direction": "bidirectional"},
         {"w": rand(2, 4 * h, i), "r": rand(2, 4 * h, h), "b": rand(2, 8 * h), "lens": None, "h0": None, "c0": None, "p": rand(2, 3 * h)},
         outputs=("y", "y_h"), shapes=sequence)
    case("lstm_sequence_reverse_relu", "LSTM", {"x": x}, {"hidden_size": h, "direction": "reverse", "activations": ["Sigmoid", "Relu", "Relu"]},
         {"w": rand(1, 4 * h, i), "r": rand(1, 4 * h, h)}, outputs=("y",), shapes=sequence)
    case("rnn_sequence_bidirectional", "RNN", {"x": x}, {"hidden_size": h, "direction": "bidirectional"},
         {"w": rand(2, h, i), "r": rand(2, h, h), "b": rand(2, 2 * h)}, outputs=("y", "y_h"), shapes=sequence)


def quantization_cases():
    """QDQ models (per-tensor activations, per-channel int8 weights) and the QLinear/Integer ops."""
    reseed(18)
    x = rand(1, 3, 6, 6)
    w = rng.integers(-127, 128, size=(4, 3, 3, 3)).astype(np.int8)
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zero"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "x_scale", "x_zero"], ["xd"]),
        helper.make_node("DequantizeLinear", ["wq", "w_scale"], ["wd"], axis=0),
        helper.make_node("Conv", ["xd", "wd", "b"], ["conv"], pads=[1, 1, 1, 1]),
        helper.make_node("QuantizeLinear", ["conv", "y_scale", "y_zero"], ["yq"]),
        helper.make_node("DequantizeLinear", ["yq", "y_scale", "y_zero"], ["y"]),
    ]
    record("qdq_conv_per_channel", nodes, {"x": x}, {
        "x_scale": scalar(0.02), "x_zero": np.array(3, dtype=np.uint8), "wq": w, "w_scale": np.array([0.01, 0.02, 0.015, 0.03], dtype=np.float32),
        "b": rand(4), "y_scale": scalar(0.05), "y_zero": np.array(-5, dtype=np.int8)}, ["y"])
    case("quantize_per_axis_int8", "QuantizeLinear", {"x": rand(2, 3, 4)}, {"axis": 1},
         {"s": np.array([0.1, 0.05, 0.2], dtype=np.float32), "z": np.array([1, -2, 0], dtype=np.int8)})
    case("dequantize_blocked", "DequantizeLinear", {"x": rng.integers(0, 256, size=(2, 6)).astype(np.uint8)}, {"axis": 1, "block_size": 3},
         {"s": np.array([[0.1, 0.2], [0.3, 0.4]], dtype=np.float32), "z": np.array([[1, 2], [3, 4]], dtype=np.uint8)}, opset=21)
    case("dynamic_quantize", "DynamicQuantizeLinear", {"x": rand(3, 5)}, outputs=("y", "scale", "zero"), opset=11)
    case("qlinear_matmul", "QLinearMatMul", {"a": rng.integers(0, 256, size=(2, 4)).astype(np.uint8)}, {}, {
        "as": scalar(0.02), "az": np.array(128, dtype=np.uint8), "b": rng.integers(0, 256, size=(4, 3)).astype(np.uint8),
        "bs": scalar(0.03), "bz": np.array(120, dtype=np.uint8), "ys": scalar(0.05), "yz": np.array(100, dtype=np.uint8)}, opset=10)
    case("matmul_integer", "MatMulInteger", {"a": rng.integers(0, 256, size=(3, 4)).astype(np.uint8)}, {}, {
        "b": rng.integers(0, 256, size=(4, 2)).astype(np.uint8), "az": np.array(12, dtype=np.uint8), "bz": np.array(130, dtype=np.uint8)},
         opset=10)
    case("qlinear_conv", "QLinearConv", {"x": rng.integers(0, 256, size=(1, 2, 5, 5)).astype(np.uint8)}, {"pads": [1, 1, 1, 1]}, {
        "xs": scalar(0.02), "xz": np.array(128, dtype=np.uint8), "w": rng.integers(0, 256, size=(3, 2, 3, 3)).astype(np.uint8),
        "ws": np.array([0.01, 0.02, 0.03], dtype=np.float32), "wz": np.array([120, 128, 130], dtype=np.uint8), "ys": scalar(0.1),
        "yz": np.array(90, dtype=np.uint8), "bias": np.array([100, -50, 7], dtype=np.int32)}, opset=10)


def einsum_cases():
    """Einsum equations that are products, contractions, sums and transposes."""
    reseed(19)
    case("einsum_batch_matmul", "Einsum", {"a": rand(2, 3, 4), "b": rand(2, 4, 5)}, {"equation": "bij,bjk->bik"}, opset=12)
    case("einsum_attention_scores", "Einsum", {"q": rand(2, 5, 3, 4), "k": rand(2, 6, 3, 4)}, {"equation": "bqhd,bkhd->bhqk"}, opset=12)
    case("einsum_ellipsis_implicit", "Einsum", {"a": rand(2, 3, 4), "b": rand(4, 5)}, {"equation": "...ij,jk"}, opset=12)
    case("einsum_sum_transpose", "Einsum", {"a": rand(3, 4, 5)}, {"equation": "ijk->ki"}, opset=12)
    case("einsum_three_operands", "Einsum", {"a": rand(3, 4), "b": rand(4, 5), "c": rand(5, 2)}, {"equation": "ij,jk,kl->il"}, opset=12)
    case("einsum_outer_and_dot", "Einsum", {"a": rand(3), "b": rand(4), "c": rand(3)}, {"equation": "i,j,i->j"}, opset=12)


def element_indexing_cases():
    """GatherElements, GatherND, ScatterElements and ScatterND with negative and duplicate indices."""
    reseed(16)
    data = rand(3, 4)
    case("gather_elements_axis1", "GatherElements", {"x": data}, {"axis": 1}, {"i": np.array([[0, -1], [2, 2], [3, 0]], dtype=np.int64)})
    case("gathernd_batch_dims", "GatherND", {"x": rand(2, 3, 4)}, {"batch_dims": 1}, {"i": np.array([[[2], [-1]], [[0], [1]]], dtype=np.int64)},
         opset=13)
    case("scatter_elements_add", "ScatterElements", {"x": data}, {"axis": 0, "reduction": "add"},
         {"i": np.array([[1, 0], [1, 2]], dtype=np.int64), "u": rand(2, 2)}, opset=16)
    case("scatternd_rows", "ScatterND", {"x": data}, {}, {"i": np.array([[2], [-3]], dtype=np.int64), "u": rand(2, 4)})
    case("scatternd_add_duplicates", "ScatterND", {"x": data}, {"reduction": "add"},
         {"i": np.array([[0, 1], [0, 1], [2, 3]], dtype=np.int64), "u": rand(3)}, opset=16)


def misc_cases():
    reseed(11)
    x = rand(2, 3, 4, 5)
    # Dropout at inference is the identity (opset 13: no ratio input).
    case("dropout", "Dropout", {"x": x})
    # Dropout with a ratio input, still inference (training_mode absent).
    case("dropout_ratio_input", "Dropout", {"x": x}, {}, {"ratio": scalar(0.3)})
    case("identity", "Identity", {"x": x})
    # Squeeze: opset 11 axes attribute; opset 13 axes input (one axis, then negative axes).
    case("squeeze_opset11", "Squeeze", {"x": rand(2, 1, 3, 1)}, {"axes": [1, -1]}, opset=11)
    case("squeeze_opset13", "Squeeze", {"x": rand(2, 1, 3, 1)}, {}, {"axes": ints(1)})
    case("squeeze_opset13_negative", "Squeeze", {"x": rand(1, 3, 1, 2)}, {}, {"axes": ints(-2, 0)})
    # Squeeze without axes removes every 1.
    case("squeeze_all", "Squeeze", {"x": rand(1, 3, 1, 2)})
    # Unsqueeze: opset 11 attribute, opset 13 input with a negative axis.
    case("unsqueeze_opset11", "Unsqueeze", {"x": rand(2, 3)}, {"axes": [0, 3]}, opset=11)
    case("unsqueeze_opset13", "Unsqueeze", {"x": rand(2, 3)}, {}, {"axes": ints(1, -1)})
    # Shape of a static input (int64 output).
    case("shape", "Shape", {"x": x})
    # Shape opset 15 with start and end.
    case("shape_start_end", "Shape", {"x": x}, {"start": 1, "end": -1}, opset=15)
    # Shape opset 15 with a negative start only.
    case("shape_start_negative", "Shape", {"x": x}, {"start": -2}, opset=15)
    # Gather along 0 with repeated indices, along 1 with negative 2-D indices, with a scalar index.
    case("gather_axis0", "Gather", {"x": rand(5, 4)}, {"axis": 0}, {"i": ints(3, 0, 3)})
    case("gather_axis1_negative", "Gather", {"x": rand(3, 5, 2)}, {"axis": 1}, {"i": np.array([[-1, 0], [2, -3]], dtype=np.int64)})
    case("gather_scalar_index", "Gather", {"x": rand(3, 4)}, {"axis": 1}, {"i": np.array(2, dtype=np.int64)})
    # Indices as a graph input.
    case("gather_dynamic_indices", "Gather", {"x": rand(5, 3), "i": ints(4, 1)}, {"axis": 0})
    # ConstantOfShape with a float value; and with no value (float 0). The graph has no inputs.
    value = numpy_helper.from_array(np.array([2.5], dtype=np.float32), "value")
    case("constantofshape", "ConstantOfShape", {}, {"value": value}, {"shape": ints(2, 3)})
    case("constantofshape_default", "ConstantOfShape", {}, {}, {"shape": ints(3, 1, 2)})


def expand_tile_cases():
    """Expand (both-way broadcast) and Tile with constant parameters."""
    reseed(12)
    case("expand_keep_and_grow", "Expand", {"x": rand(3, 1)}, consts={"shape": np.array([2, 1, 4], dtype=np.int64)})
    case("expand_same_rank", "Expand", {"x": rand(1, 4)}, consts={"shape": np.array([3, 4], dtype=np.int64)})
    case("tile_2d", "Tile", {"x": rand(2, 3)}, consts={"repeats": np.array([2, 3], dtype=np.int64)})


def resize_cases():
    """Resize with constant scales or sizes, the grids TFLite can sample."""
    reseed(11)
    x = rand(1, 2, 4, 5)
    f = lambda *v: np.array(v, dtype=np.float32)
    case("resize_nearest_asymmetric_floor_x2", "Resize", {"x": x},
         {"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"},
         {"roi": None, "scales": f(1, 1, 2, 2)})
    case("resize_nearest_half_pixel_x2", "Resize", {"x": x}, {"mode": "nearest"}, {"roi": None, "scales": f(1, 1, 2, 2)})
    case("resize_nearest_align_corners_ceil_sizes", "Resize", {"x": x},
         {"mode": "nearest", "coordinate_transformation_mode": "align_corners", "nearest_mode": "round_prefer_ceil"},
         {"roi": None, "scales": None, "sizes": np.array([1, 2, 7, 9], dtype=np.int64)})
    case("resize_linear_half_pixel_x2", "Resize", {"x": x}, {"mode": "linear"}, {"roi": None, "scales": f(1, 1, 2, 2)})
    case("resize_linear_align_corners_sizes", "Resize", {"x": x}, {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
         {"roi": None, "scales": None, "sizes": np.array([1, 2, 6, 8], dtype=np.int64)})
    case("resize_linear_asymmetric_down", "Resize", {"x": x}, {"mode": "linear", "coordinate_transformation_mode": "asymmetric"},
         {"roi": None, "scales": f(1, 1, 0.5, 0.6)})
    case("resize_linear_pytorch_half_pixel_x3", "Resize", {"x": x},
         {"mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"}, {"roi": None, "scales": f(1, 1, 3, 3)})
    case("upsample_nearest_opset9", "Upsample", {"x": x}, {"mode": "nearest"}, {"scales": f(1, 1, 2, 3)}, opset=9)


def resize_resampled_cases():
    """Resize that no TFLite resize kernel samples like (gathers or interpolation matrices)."""
    reseed(13)
    x = rand(1, 3, 6, 7)
    f = lambda *v: np.array(v, dtype=np.float32)
    sizes = lambda *v: np.array(v, dtype=np.int64)
    # Nearest, half_pixel with the default round_prefer_floor: a gather per axis.
    case("resize_nearest_half_pixel_down", "Resize", {"x": x}, {"mode": "nearest"}, {"roi": None, "scales": f(1, 1, 0.5, 0.75)})
    case("resize_cubic_up", "Resize", {"x": x}, {"mode": "cubic"}, {"roi": None, "scales": f(1, 1, 1.5, 2)})
    case("resize_cubic_exclude_outside_down", "Resize", {"x": x}, {"mode": "cubic", "cubic_coeff_a": -0.5, "exclude_outside": 1},
         {"roi": None, "scales": f(1, 1, 0.6, 0.8)})
    case("resize_cubic_antialias_down", "Resize", {"x": x}, {"mode": "cubic", "antialias": 1},
         {"roi": None, "scales": None, "sizes": sizes(1, 3, 3, 4)}, opset=19)
    case("resize_linear_antialias_down", "Resize", {"x": x}, {"mode": "linear", "antialias": 1},
         {"roi": None, "scales": f(1, 1, 0.4, 0.5)}, opset=19)
    case("resize_linear_half_pixel_symmetric", "Resize", {"x": x},
         {"mode": "linear", "coordinate_transformation_mode": "half_pixel_symmetric"}, {"roi": None, "scales": f(1, 1, 1.7, 0.7)}, opset=19)
    case("resize_crop_extrapolation", "Resize", {"x": x},
         {"mode": "linear", "coordinate_transformation_mode": "tf_crop_and_resize", "extrapolation_value": 7.5},
         {"roi": f(0, 0, -0.2, 0.3, 1, 1, 0.8, 1.4), "scales": None, "sizes": sizes(1, 3, 5, 5)})
    case("resize_keep_aspect_not_larger_axes", "Resize", {"x": x},
         {"mode": "linear", "keep_aspect_ratio_policy": "not_larger", "axes": [3, 2]},
         {"roi": None, "scales": None, "sizes": sizes(10, 8)}, opset=19)
    case("resize_linear_1d", "Resize", {"x": rand(2, 3, 9)}, {"mode": "linear"}, {"roi": None, "scales": f(1, 1, 1.5)})


def shape_chain():
    """Shape -> Gather -> Unsqueeze -> Concat -> Reshape on a static input, as exporters write a
    flatten: everything before Reshape is constant and must fold away in the importer."""
    reseed(12)
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"]),
        helper.make_node("Gather", ["shape", "zero"], ["batch"], axis=0),
        helper.make_node("Unsqueeze", ["batch", "axes0"], ["batch_1d"]),
        helper.make_node("Concat", ["batch_1d", "minus_one"], ["target_shape"], axis=0),
        helper.make_node("Reshape", ["x", "target_shape"], ["flat"]),
        helper.make_node("Relu", ["flat"], ["y"]),
    ]
    initializers = {"zero": np.array(0, dtype=np.int64), "axes0": ints(0), "minus_one": ints(-1)}
    record("shape_chain", nodes, {"x": rand(2, 3, 4)}, initializers, ["y"])


def conv3d_cases():
    reseed(20)
    x = rand(1, 3, 5, 6, 7)
    # 3-D convolution with symmetric pads and bias.
    case("conv3d_basic", "Conv", {"x": x}, {"pads": [1, 1, 1, 1, 1, 1]}, {"w": rand(4, 3, 3, 3, 3), "b": rand(4)})
    # Per-axis strides and dilations with asymmetric pads (front 0, top 1, left 2 / back 1, bottom 0, right 1), no bias.
    case("conv3d_strided_dilated_pads", "Conv", {"x": x}, {"strides": [2, 1, 2], "dilations": [1, 2, 1], "pads": [0, 1, 2, 1, 0, 1]},
         {"w": rand(2, 3, 2, 3, 3)})
    # Two groups, auto_pad SAME_UPPER, batch of 2.
    case("conv3d_group2_same", "Conv", {"x": rand(2, 4, 4, 5, 5)}, {"group": 2, "auto_pad": "SAME_UPPER", "strides": [1, 2, 2]},
         {"w": rand(6, 2, 2, 3, 3), "b": rand(6)})


def main():
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        if old.suffix in (".onnx", ".npz"):
            old.unlink()
    for group in [expand_tile_cases, resize_cases, resize_resampled_cases, runtime_bounds_cases, sequence_cases, element_indexing_cases, recurrent_cases, quantization_cases, einsum_cases, conv_cases, conv3d_cases, conv_transpose_cases, activation_cases, clip_cases, binary_cases, matrix_cases,
                  batchnorm_cases, pool_cases, shape_cases, pad_cases, misc_cases, shape_chain]:
        group()
    assert len(written) == len(set(written)), "duplicate case names"
    size = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"{len(written)} cases, {size / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()
