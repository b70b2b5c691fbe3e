#!/usr/bin/env python3
"""ONNX models onnxruntime's quantizer wrote (quantize_static) from the ONNX samples, as
Tests/Fixtures/onnxruntime_quantized/<sample>.<form>.onnx, with onnxruntime's outputs for the
sample's inputs (<sample>.<form>.expected.npz; inputs are the sample's own .inputs.npz). Forms:
qdq_u8 (QDQ, uint8 activations, int8 weights per tensor) and qdq_s8_pc (QDQ, int8 activations, int8
weights per channel). Calibration: 16 seeded normal samples shaped like the inputs. (onnxruntime's
QOperator format needs its com.microsoft ops for Gemm, Add and pooling, so the standard QLinearConv
and QLinearMatMul come in qlinear_conv.onnx, built here with seeded parameters.)

Regenerate in the oracle venv from the repository root (`make samples` runs it):
    .venv/bin/python Tests/Fixtures/make_qdq_fixtures.py
"""
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/Fixtures/onnxruntime_quantized"
SAMPLES = ["lenet", "mobilenet_block", "resnet_block", "efficientnet_style"]
FORMS = {
    "qdq_u8": dict(quant_format=QuantFormat.QDQ, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, per_channel=False),
    "qdq_s8_pc": dict(quant_format=QuantFormat.QDQ, activation_type=QuantType.QInt8, weight_type=QuantType.QInt8, per_channel=True),
}


class Samples(CalibrationDataReader):
    def __init__(self, inputs):
        rng = np.random.default_rng(3)
        self.batches = iter([{name: rng.standard_normal(value.shape).astype(np.float32) for name, value in inputs.items()} for _ in range(16)])

    def get_next(self):
        return next(self.batches, None)


def qlinear_conv():
    """x → QuantizeLinear (uint8) → QLinearConv 3→8 3×3 (int8 weights per channel, int32 bias) →
    QLinearConv 8→4 1×1 → Flatten → QLinearMatMul by [256, 10] → DequantizeLinear."""
    rng = np.random.default_rng(9)

    def constant(name, value):
        return numpy_helper.from_array(np.asarray(value), name)

    w1 = rng.integers(-127, 128, (8, 3, 3, 3)).astype(np.int8)
    w2 = rng.integers(-127, 128, (4, 8, 1, 1)).astype(np.int8)
    w3 = rng.integers(-127, 128, (256, 10)).astype(np.int8)
    inits = [
        constant("x_s", np.float32(0.02)), constant("x_z", np.uint8(128)),
        constant("w1", w1), constant("w1_s", (rng.uniform(0.002, 0.004, 8)).astype(np.float32)), constant("w1_z", np.zeros(8, np.int8)),
        constant("b1", rng.integers(-2000, 2000, 8).astype(np.int32)),
        constant("y1_s", np.float32(0.05)), constant("y1_z", np.uint8(120)),
        constant("w2", w2), constant("w2_s", np.float32(0.003)), constant("w2_z", np.int8(0)),
        constant("y2_s", np.float32(0.04)), constant("y2_z", np.uint8(125)),
        constant("w3", w3), constant("w3_s", np.float32(0.002)), constant("w3_z", np.int8(0)),
        constant("y3_s", np.float32(0.1)), constant("y3_z", np.uint8(128)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_s", "x_z"], ["xq"]),
        helper.make_node("QLinearConv", ["xq", "x_s", "x_z", "w1", "w1_s", "w1_z", "y1_s", "y1_z", "b1"], ["y1"], pads=[1, 1, 1, 1]),
        helper.make_node("QLinearConv", ["y1", "y1_s", "y1_z", "w2", "w2_s", "w2_z", "y2_s", "y2_z"], ["y2"], strides=[2, 2]),
        helper.make_node("Flatten", ["y2"], ["f"]),
        helper.make_node("QLinearMatMul", ["f", "y2_s", "y2_z", "w3", "w3_s", "w3_z", "y3_s", "y3_z"], ["y3"]),
        helper.make_node("DequantizeLinear", ["y3", "y3_s", "y3_z"], ["logits"]),
    ]
    graph = helper.make_graph(nodes, "qlinear_conv", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 16, 16])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    target = OUT / "qlinear_conv.onnx"
    onnx.save(model, target)
    inputs = {"x": rng.standard_normal((1, 3, 16, 16)).astype(np.float32)}
    np.savez(target.with_suffix(".inputs.npz"), **inputs)
    session = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    np.savez(target.with_suffix(".expected.npz"), logits=session.run(["logits"], inputs)[0])
    print(f"{target.name}: {target.stat().st_size} bytes")


def main():
    OUT.mkdir(exist_ok=True)
    qlinear_conv()
    for sample in SAMPLES:
        model = ROOT / f"Samples/{sample}.onnx"
        inputs = dict(np.load(ROOT / f"Samples/{sample}.inputs.npz"))
        for form, options in FORMS.items():
            target = OUT / f"{sample}.{form}.onnx"
            quantize_static(str(model), str(target), Samples(inputs), **options)
            onnx.checker.check_model(str(target))
            session = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"])
            names = [o.name for o in session.get_outputs()]
            outputs = session.run(names, {i.name: inputs[i.name] for i in session.get_inputs()})
            np.savez(target.with_suffix(".expected.npz"), **dict(zip(names, outputs)))
            print(f"{target.name}: {target.stat().st_size} bytes (float {model.stat().st_size})")


if __name__ == "__main__":
    main()
