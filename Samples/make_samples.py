#!/usr/bin/env python3
"""Builds the sample ONNX models with fixed random float32 weights, plus their inputs and
onnxruntime's outputs: Samples/<name>.onnx, <name>.inputs.npz (keys: graph input names) and
<name>.expected.npz (keys: graph output names, from the CPUExecutionProvider).

Models use the default domain at opset 13 (mobilenet_block: 14, for HardSwish) and IR version 8;
graph inputs and outputs carry full shapes (batch_lenet: symbolic batch "N", fed a batch of 4).
Each model has its own seed, and np.savez stamps members with a fixed date, so a rerun writes
identical bytes.

Run from the repository root with the project venv: .venv/bin/python Samples/make_samples.py
"""
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
IR_VERSION = 8  # read by onnxruntime 1.32 and by older runtimes alike
MAX_MODEL_BYTES = 1 << 20


class Net:
    """Accumulates nodes and initializers with readable names."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.count = [], [], 0

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def weight(self, name, shape, scale=None):
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else shape[0]
        scale = scale if scale is not None else np.sqrt(2.0 / fan_in)
        return self.const(name, (self.rng.standard_normal(shape) * scale).astype(np.float32))

    def op(self, op_type, inputs, name, **attrs):
        self.nodes.append(helper.make_node(op_type, inputs, [name], name=name, **attrs))
        return name

    def conv(self, x, name, cin, cout, k, stride=1, group=1, bias=True):
        inputs = [x, self.weight(f"{name}.weight", [cout, cin // group, k, k])]
        if bias:
            inputs.append(self.weight(f"{name}.bias", [cout], 0.1))
        return self.op("Conv", inputs, name, kernel_shape=[k, k], strides=[stride, stride], pads=[k // 2] * 4, group=group)

    def bn(self, x, name, c):
        """BatchNormalization with random gamma, beta, mean and a variance in [0.5, ~3]."""
        var = (np.abs(self.rng.standard_normal(c)) + 0.5).astype(np.float32)
        return self.op("BatchNormalization", [x, self.weight(f"{name}.gamma", [c], 0.5), self.weight(f"{name}.beta", [c], 0.2),
                                              self.weight(f"{name}.mean", [c], 0.2), self.const(f"{name}.var", var)],
                       name, epsilon=1e-5)

    def relu6(self, x, name):
        """Clip(0, 6) in the opset-13 form: min and max are initializer inputs."""
        return self.op("Clip", [x, self.const(f"{name}.min", np.float32(0)), self.const(f"{name}.max", np.float32(6))], name)

    def save(self, name, inputs, outputs, feeds, opset=13):
        """Checks and writes the model, then its inputs and onnxruntime's outputs."""
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="liteconvert-samples")
        model.ir_version = IR_VERSION
        onnx.checker.check_model(model, full_check=True)
        path = HERE / f"{name}.onnx"
        onnx.save(model, path)
        assert path.stat().st_size < MAX_MODEL_BYTES, f"{name} is too large"
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        names = [o.name for o in session.get_outputs()]
        results = session.run(names, feeds)
        assert all(np.isfinite(r).all() for r in results), f"{name}: non-finite output"
        np.savez(HERE / f"{name}.inputs.npz", **feeds)
        np.savez(HERE / f"{name}.expected.npz", **dict(zip(names, results)))


def lenet(name, batch):
    """LeNet-5 on 1x28x28: Conv 5x5 (6, pad 2) + Relu, MaxPool 2, Conv 5x5 (16) + Relu, MaxPool 2,
    Flatten (axis 1), Gemm 120 (transB) + Relu, Gemm 84 (B as [K, N]) + Relu, Gemm 10, Softmax.
    batch > 1 makes the batch dimension symbolic ("N"); the same seed gives the same weights."""
    n = Net(1)
    x = n.op("Relu", [n.conv("input", "conv1", 1, 6, 5)], "relu1")
    x = n.op("MaxPool", [x], "pool1", kernel_shape=[2, 2], strides=[2, 2])
    x = n.op("Relu", [n.op("Conv", [x, n.weight("conv2.weight", [16, 6, 5, 5]), n.weight("conv2.bias", [16], 0.1)], "conv2",
                           kernel_shape=[5, 5])], "relu2")
    x = n.op("MaxPool", [x], "pool2", kernel_shape=[2, 2], strides=[2, 2])
    x = n.op("Flatten", [x], "flatten", axis=1)
    x = n.op("Relu", [n.op("Gemm", [x, n.weight("fc1.weight", [120, 400]), n.weight("fc1.bias", [120], 0.1)], "fc1", transB=1)], "relu3")
    x = n.op("Relu", [n.op("Gemm", [x, n.weight("fc2.weight", [120, 84]), n.weight("fc2.bias", [84], 0.1)], "fc2")], "relu4")
    x = n.op("Gemm", [x, n.weight("fc3.weight", [10, 84]), n.weight("fc3.bias", [10], 0.1)], "fc3", transB=1)
    n.op("Softmax", [x], "probabilities", axis=1)
    dim = "N" if batch > 1 else 1
    n.save(name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [dim, 1, 28, 28])],
           [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [dim, 10])],
           {"input": n.rng.standard_normal((batch, 1, 28, 28)).astype(np.float32)})


def resnet_block():
    """Stem Conv 3x3 + BN + Relu, a basic block (stride 1, identity skip), a basic block
    (stride 2, 1x1 Conv + BN projection on the skip), GlobalAveragePool, Flatten, Gemm 10."""
    n = Net(2)
    x = n.op("Relu", [n.bn(n.conv("input", "stem", 3, 16, 3, bias=False), "stem.bn", 16)], "stem.relu")

    def block(x, name, cin, cout, stride):
        y = n.op("Relu", [n.bn(n.conv(x, f"{name}.conv1", cin, cout, 3, stride, bias=False), f"{name}.bn1", cout)], f"{name}.relu1")
        y = n.bn(n.conv(y, f"{name}.conv2", cout, cout, 3, bias=False), f"{name}.bn2", cout)
        skip = x if stride == 1 and cin == cout else n.bn(n.conv(x, f"{name}.proj", cin, cout, 1, stride, bias=False), f"{name}.proj.bn", cout)
        return n.op("Relu", [n.op("Add", [y, skip], f"{name}.add")], f"{name}.out")

    x = block(x, "block1", 16, 16, 1)
    x = block(x, "block2", 16, 32, 2)
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x], "pool")], "flatten")
    n.op("Gemm", [x, n.weight("fc.weight", [10, 32]), n.weight("fc.bias", [10], 0.1)], "logits", transB=1)
    n.save("resnet_block", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 32, 32)).astype(np.float32)})


def mobilenet_block():
    """Stem Conv 3x3 stride 2 + BN + Clip(0, 6), two depthwise-separable blocks (depthwise 3x3
    group=C + BN + act, pointwise 1x1 + BN + act; the second with stride 2 and HardSwish),
    GlobalAveragePool, Reshape to [1, -1] (initializer shape), Gemm 10, Softmax. Opset 14:
    HardSwish does not exist before it."""
    n = Net(3)
    x = n.relu6(n.bn(n.conv("input", "stem", 3, 16, 3, 2, bias=False), "stem.bn", 16), "stem.relu6")

    def separable(x, name, cin, cout, stride, activation):
        y = n.bn(n.conv(x, f"{name}.dw", cin, cin, 3, stride, group=cin, bias=False), f"{name}.dw.bn", cin)
        y = activation(y, f"{name}.dw.act")
        y = n.bn(n.conv(y, f"{name}.pw", cin, cout, 1, bias=False), f"{name}.pw.bn", cout)
        return activation(y, f"{name}.pw.act")

    x = separable(x, "sep1", 16, 32, 1, n.relu6)
    x = separable(x, "sep2", 32, 48, 2, lambda v, name: n.op("HardSwish", [v], name))
    x = n.op("GlobalAveragePool", [x], "pool")
    x = n.op("Reshape", [x, n.const("flat.shape", np.array([1, -1], dtype=np.int64))], "flat")
    x = n.op("Gemm", [x, n.weight("fc.weight", [48, 10]), n.weight("fc.bias", [10], 0.1)], "fc")
    n.op("Softmax", [x], "probabilities", axis=-1)
    n.save("mobilenet_block", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
           [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 32, 32)).astype(np.float32)}, opset=14)


def dynamic_flatten():
    """A PyTorch-style export with a symbolic batch: x.view(x.size(0), -1) becomes
    Shape → Gather → Unsqueeze → Concat → Reshape, which only the run time can resolve."""
    n = Net(4)
    x = n.op("Relu", [n.conv("input", "conv", 3, 4, 3)], "relu")
    shape = n.op("Shape", [x], "shape")
    batch = n.op("Gather", [shape, n.const("zero", np.array(0, dtype=np.int64))], "batch", axis=0)
    batch = n.op("Unsqueeze", [batch, n.const("axes", np.array([0], dtype=np.int64))], "batch_1d")
    target = n.op("Concat", [batch, n.const("minus_one", np.array([-1], dtype=np.int64))], "target", axis=0)
    flat = n.op("Reshape", [x, target], "flat")
    n.op("Gemm", [flat, n.weight("fc.weight", [10, 4 * 8 * 8]), n.weight("fc.bias", [10], 0.1)], "logits", transB=1)
    n.save("dynamic_flatten", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, 8, 8])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])],
           {"input": n.rng.standard_normal((3, 3, 8, 8)).astype(np.float32)})


if __name__ == "__main__":
    lenet("lenet", 1)
    lenet("batch_lenet", 4)
    resnet_block()
    mobilenet_block()
    dynamic_flatten()
    print("wrote", sorted(p.name for p in HERE.glob("*.onnx")))
