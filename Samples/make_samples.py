#!/usr/bin/env python3
"""Builds the sample ONNX models with fixed random float32 weights, plus their inputs and
onnxruntime's outputs: Samples/<name>.onnx, <name>.inputs.npz (keys: graph input names) and
<name>.expected.npz (keys: graph output names, from the CPUExecutionProvider).

Models use the default domain at opset 13 (mobilenet_block: 14, for HardSwish) and IR version 8;
graph inputs and outputs carry full shapes (batch_lenet: symbolic batch "N", fed a batch of 4).
Each model has its own seed, and np.savez stamps members with a fixed date, so a rerun writes
identical bytes. Prints min/max/mean/std of every output as a check against saturated weights.

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

    def ops(self, op_type, inputs, names, **attrs):
        """A node with several outputs, named after its first."""
        self.nodes.append(helper.make_node(op_type, inputs, names, name=names[0], **attrs))
        return names

    def scalar(self, name, value):
        """A 0-d float32 initializer, as the exporter writes Python number operands."""
        return self.const(name, np.float32(value))

    def conv(self, x, name, cin, cout, k, stride=1, group=1, bias=True, pad=None):
        """pad defaults to k // 2 ("same" for odd k at stride 1)."""
        inputs = [x, self.weight(f"{name}.weight", [cout, cin // group, k, k])]
        if bias:
            inputs.append(self.weight(f"{name}.bias", [cout], 0.1))
        pad = k // 2 if pad is None else pad
        return self.op("Conv", inputs, name, kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4, group=group)

    def bn(self, x, name, c, eps=1e-5):
        """BatchNormalization with random gamma, beta, mean and a variance in [0.5, ~3]."""
        var = (np.abs(self.rng.standard_normal(c)) + 0.5).astype(np.float32)
        return self.op("BatchNormalization", [x, self.weight(f"{name}.gamma", [c], 0.5), self.weight(f"{name}.beta", [c], 0.2),
                                              self.weight(f"{name}.mean", [c], 0.2), self.const(f"{name}.var", var)],
                       name, epsilon=eps)

    def conv_bn_relu(self, x, name, cin, cout, k, stride=1, group=1, pad=None, eps=1e-5):
        """Conv (no bias) + BatchNormalization + Relu, the torchvision building block."""
        y = self.bn(self.conv(x, name, cin, cout, k, stride, group, bias=False, pad=pad), f"{name}.bn", cout, eps)
        return self.op("Relu", [y], f"{name}.relu")

    def swish(self, x, name):
        """nn.SiLU as exported before opset 22: Mul(x, Sigmoid(x))."""
        return self.op("Mul", [x, self.op("Sigmoid", [x], f"{name}.sigmoid")], name)

    def linear(self, x, name, cin, cout):
        """nn.Linear on a 3-d tensor: MatMul with the [in, out] (pre-transposed) weight, then Add bias."""
        y = self.op("MatMul", [x, self.weight(f"{name}.weight", [cin, cout], 1 / np.sqrt(cin))], f"{name}.matmul")
        return self.op("Add", [y, self.weight(f"{name}.bias", [cout], 0.1)], name)

    def gemm(self, x, name, cin, cout):
        """nn.Linear on [N, C]: Gemm with the [out, in] weight, transB=1."""
        return self.op("Gemm", [x, self.weight(f"{name}.weight", [cout, cin]), self.weight(f"{name}.bias", [cout], 0.1)], name, transB=1)

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
        for key, r in zip(names, results):
            print(f"{name}.{key}: shape {list(r.shape)} min {r.min():.3f} max {r.max():.3f} mean {r.mean():.3f} std {r.std():.3f}")
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


def squeezenet_style():
    """torchvision SqueezeNet 1.1 in small: Conv 3x3 stride 2 (16) + Relu, MaxPool 3x3 stride 2
    ceil_mode=1, Fire(8 → 16+16), Fire(8 → 16+16), MaxPool ceil_mode=1, Fire(12 → 24+24), Dropout
    (opset-13 form, data input only), Conv 1x1 to 10 + Relu, GlobalAveragePool, Flatten. A Fire is
    squeeze Conv 1x1 + Relu, then expand Conv 1x1 + Relu and Conv 3x3 (pad 1) + Relu, Concat axis 1.
    The stem pads 1 (torchvision: 0) so both pools see 32 → 16 and 16 → 8, where ceil_mode matters
    (floor would give 15 and 7)."""
    n = Net(5)
    x = n.op("Relu", [n.conv("input", "features.0", 3, 16, 3, 2)], "features.1")
    x = n.op("MaxPool", [x], "features.2", kernel_shape=[3, 3], strides=[2, 2], pads=[0] * 4, ceil_mode=1)

    def fire(x, name, cin, squeeze, expand):
        s = n.op("Relu", [n.conv(x, f"{name}.squeeze", cin, squeeze, 1)], f"{name}.squeeze_activation")
        e1 = n.op("Relu", [n.conv(s, f"{name}.expand1x1", squeeze, expand, 1)], f"{name}.expand1x1_activation")
        e3 = n.op("Relu", [n.conv(s, f"{name}.expand3x3", squeeze, expand, 3)], f"{name}.expand3x3_activation")
        return n.op("Concat", [e1, e3], f"{name}.cat", axis=1)

    x = fire(x, "features.3", 16, 8, 16)
    x = fire(x, "features.4", 32, 8, 16)
    x = n.op("MaxPool", [x], "features.5", kernel_shape=[3, 3], strides=[2, 2], pads=[0] * 4, ceil_mode=1)
    x = fire(x, "features.6", 32, 12, 24)
    x = n.op("Dropout", [x], "classifier.0")
    x = n.op("Relu", [n.conv(x, "classifier.1", 48, 10, 1)], "classifier.2")
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x], "classifier.3")], "logits", axis=1)
    n.save("squeezenet_style", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 64, 64])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 64, 64)).astype(np.float32)})


def inception_style():
    """Inception in small, every conv a BasicConv2d (Conv without bias + BN eps 1e-3 + Relu): stem
    3x3 stride 2 (16); Inception-A: Concat axis 1 of 1x1 (8), 1x1 (8) → 3x3 (12), 1x1 (8) → 3x3
    (12) → 3x3 (12), AveragePool 3x3 stride 1 pads 1 count_include_pad=0 → 1x1 (8); reduction:
    Concat of 3x3 stride 2 unpadded (24) and MaxPool 3x3 stride 2 (16x16 → 7x7); GlobalAveragePool,
    Flatten, Gemm 10 (transB)."""
    n = Net(6)
    block = lambda x, name, cin, cout, k, stride=1, pad=None: n.conv_bn_relu(x, name, cin, cout, k, stride, pad=pad, eps=1e-3)
    x = block("input", "stem", 3, 16, 3, 2)
    b1 = block(x, "mixed.branch1x1", 16, 8, 1)
    b2 = block(block(x, "mixed.branch3x3_1", 16, 8, 1), "mixed.branch3x3_2", 8, 12, 3)
    b3 = block(x, "mixed.branch3x3dbl_1", 16, 8, 1)
    b3 = block(block(b3, "mixed.branch3x3dbl_2", 8, 12, 3), "mixed.branch3x3dbl_3", 12, 12, 3)
    b4 = n.op("AveragePool", [x], "mixed.branch_pool.avg", kernel_shape=[3, 3], strides=[1, 1], pads=[1] * 4, count_include_pad=0)
    b4 = block(b4, "mixed.branch_pool", 16, 8, 1)
    x = n.op("Concat", [b1, b2, b3, b4], "mixed.cat", axis=1)
    r1 = block(x, "reduction.branch3x3", 40, 24, 3, 2, pad=0)
    r2 = n.op("MaxPool", [x], "reduction.branch_pool", kernel_shape=[3, 3], strides=[2, 2], pads=[0] * 4)
    x = n.op("Concat", [r1, r2], "reduction.cat", axis=1)
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x], "avgpool")], "flatten", axis=1)
    n.gemm(x, "logits", 64, 10)
    n.save("inception_style", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 32, 32)).astype(np.float32)})


def shufflenet_style():
    """torchvision ShuffleNetV2 in small: stem Conv 3x3 stride 2 (24) + BN + Relu; a stride-1 unit
    (Split axis 1 with an int64 sizes initializer [12, 12]; right half 1x1 + BN + Relu, depthwise
    3x3 + BN, 1x1 + BN + Relu; Concat); a stride-2 unit (left: depthwise 3x3 s2 + BN, 1x1 + BN +
    Relu; right: 1x1 + BN + Relu, depthwise 3x3 s2 + BN, 1x1 + BN + Relu; Concat, 24 → 48); each
    unit ends in channel_shuffle as exported: Reshape [1, 2, C/2, H, W], Transpose [0, 2, 1, 3, 4],
    Reshape [1, C, H, W] (int64 initializer shapes). Then 1x1 (64) + BN + Relu, GlobalAveragePool,
    Flatten, Gemm 10 (transB)."""
    n = Net(7)
    x = n.conv_bn_relu("input", "conv1", 3, 24, 3, 2)

    def depthwise_bn(x, name, c, stride):
        return n.bn(n.conv(x, name, c, c, 3, stride, group=c, bias=False), f"{name}.bn", c)

    def shuffle(x, name, c, hw):
        x = n.op("Reshape", [x, n.const(f"{name}.shape5", np.array([1, 2, c // 2, hw, hw], dtype=np.int64))], f"{name}.view")
        x = n.op("Transpose", [x], f"{name}.transpose", perm=[0, 2, 1, 3, 4])
        return n.op("Reshape", [x, n.const(f"{name}.shape4", np.array([1, c, hw, hw], dtype=np.int64))], f"{name}.out")

    left, right = n.ops("Split", [x, n.const("stage2.0.split.sizes", np.array([12, 12], dtype=np.int64))],
                        ["stage2.0.split.0", "stage2.0.split.1"], axis=1)
    right = n.conv_bn_relu(right, "stage2.0.branch2.0", 12, 12, 1)
    right = depthwise_bn(right, "stage2.0.branch2.3", 12, 1)
    right = n.conv_bn_relu(right, "stage2.0.branch2.5", 12, 12, 1)
    x = shuffle(n.op("Concat", [left, right], "stage2.0.cat", axis=1), "stage2.0.shuffle", 24, 16)

    left = n.conv_bn_relu(depthwise_bn(x, "stage3.0.branch1.0", 24, 2), "stage3.0.branch1.2", 24, 24, 1)
    right = n.conv_bn_relu(x, "stage3.0.branch2.0", 24, 24, 1)
    right = depthwise_bn(right, "stage3.0.branch2.3", 24, 2)
    right = n.conv_bn_relu(right, "stage3.0.branch2.5", 24, 24, 1)
    x = shuffle(n.op("Concat", [left, right], "stage3.0.cat", axis=1), "stage3.0.shuffle", 48, 8)

    x = n.conv_bn_relu(x, "conv5", 48, 64, 1)
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x], "pool")], "flatten", axis=1)
    n.gemm(x, "logits", 64, 10)
    n.save("shufflenet_style", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 32, 32)).astype(np.float32)})


def shufflenet_v1_style():
    """ShuffleNet v1 in small, as torch.onnx.export writes it at opset 9: stem Conv 3x3 stride 2
    (24) + BN + Relu; a stride-2 unit (grouped 1x1, g=3, 24 → 18 + BN + Relu; channel_shuffle;
    depthwise 3x3 s2 + BN; grouped 1x1, g=3, 18 → 24 + BN; the shortcut AveragePool 3x3 s2 pad 1
    (count_include_pad, PyTorch's default); Concat(shortcut, branch) → 48; Relu); a stride-1 unit
    (grouped 1x1 48 → 12, shuffle, depthwise 3x3, grouped 1x1 12 → 48; Add(x, branch); Relu);
    GlobalAveragePool, Flatten, Gemm 10 (transB). channel_shuffle is x.view(n, g, c/g, h, w),
    transpose(1, 2), view(n, -1, h, w), the batch read as the exporter writes x.size(0): Shape →
    Gather(0) → Unsqueeze → Concat with constant dims, each shape a Constant node."""
    n = Net(11)

    def constant(name, array):
        n.nodes.append(helper.make_node("Constant", [], [name], name=name, value=numpy_helper.from_array(np.asarray(array), name)))
        return name

    def shape_with_batch(x, name, dims):
        shape = n.op("Shape", [x], f"{name}.shape")
        batch = n.op("Gather", [shape, constant(f"{name}.zero", np.array(0, dtype=np.int64))], f"{name}.batch", axis=0)
        batch = n.op("Unsqueeze", [batch], f"{name}.batch1", axes=[0])
        return n.op("Concat", [batch, constant(f"{name}.dims", np.array(dims, dtype=np.int64))], f"{name}.target", axis=0)

    def shuffle(x, name, c, hw, groups):
        x = n.op("Reshape", [x, shape_with_batch(x, f"{name}.view", [groups, c // groups, hw, hw])], f"{name}.view")
        x = n.op("Transpose", [x], f"{name}.transpose", perm=[0, 2, 1, 3, 4])
        return n.op("Reshape", [x, shape_with_batch(x, f"{name}.flat", [-1, hw, hw])], f"{name}.out")

    def conv_bn(x, name, cin, cout, k, stride=1, group=1):
        return n.bn(n.conv(x, name, cin, cout, k, stride, group, bias=False), f"{name}.bn", cout)

    def unit(x, name, cin, mid, cout, hw, stride):
        y = n.op("Relu", [conv_bn(x, f"{name}.compress", cin, mid, 1, group=3)], f"{name}.compress.relu")
        y = shuffle(y, f"{name}.shuffle", mid, hw, 3)
        y = conv_bn(y, f"{name}.depthwise", mid, mid, 3, stride, group=mid)
        y = conv_bn(y, f"{name}.expand", mid, cout, 1, group=3)
        if stride == 2:
            shortcut = n.op("AveragePool", [x], f"{name}.shortcut", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                            count_include_pad=1)
            y = n.op("Concat", [shortcut, y], f"{name}.cat", axis=1)
        else:
            y = n.op("Add", [x, y], f"{name}.add")
        return n.op("Relu", [y], f"{name}.relu")

    x = n.conv_bn_relu("input", "conv1", 3, 24, 3, 2)
    x = unit(x, "stage2.0", 24, 18, 24, 16, 2)
    x = unit(x, "stage2.1", 48, 12, 48, 8, 1)
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x], "pool")], "flatten", axis=1)
    n.gemm(x, "logits", 48, 10)
    n.save("shufflenet_v1_style", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 32, 32)).astype(np.float32)}, opset=9)


def efficientnet_style():
    """EfficientNet in small, Swish exported as Mul(x, Sigmoid(x)): stem Conv 3x3 stride 2 (16) +
    BN + Swish; an MBConv block (expand 4, stride 1, 16 → 16): 1x1 (64) + BN + Swish, depthwise
    3x3 + BN + Swish, squeeze-excite (GlobalAveragePool, Conv 1x1 64 → 4 with bias, Swish, Conv 1x1
    4 → 64 with bias, Sigmoid, Mul(scale, x) broadcasting [1, 64, 1, 1]), project 1x1 (16) + BN,
    Add with the block input; GlobalAveragePool, Flatten, Gemm 10 (transB)."""
    n = Net(8)

    def conv_bn(x, name, cin, cout, k, stride=1, group=1):
        return n.bn(n.conv(x, name, cin, cout, k, stride, group, bias=False), f"{name}.bn", cout)

    x = n.swish(conv_bn("input", "stem", 3, 16, 3, 2), "stem.act")
    y = n.swish(conv_bn(x, "block.expand", 16, 64, 1), "block.expand.act")
    y = n.swish(conv_bn(y, "block.dw", 64, 64, 3, group=64), "block.dw.act")
    s = n.op("GlobalAveragePool", [y], "block.se.avgpool")
    s = n.swish(n.conv(s, "block.se.fc1", 64, 4, 1), "block.se.act")
    s = n.op("Sigmoid", [n.conv(s, "block.se.fc2", 4, 64, 1)], "block.se.scale")
    y = n.op("Mul", [s, y], "block.se.out")
    y = conv_bn(y, "block.project", 64, 16, 1)
    x = n.op("Add", [y, x], "block.add")
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x], "avgpool")], "flatten", axis=1)
    n.gemm(x, "logits", 16, 10)
    n.save("efficientnet_style", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 32, 32)).astype(np.float32)})


def pytorch_transformer():
    """A pre-norm transformer encoder layer (hidden 32, 4 heads of 8, feed-forward 64) on
    tokens_embedded [1, 8, 32], as torch.onnx.export writes it at opset 13: LayerNorm decomposed
    (ReduceMean axes [-1], Sub, Pow 2, ReduceMean, Add eps, Sqrt, Div, Mul gamma, Add beta); Linear
    as MatMul [in, out] + Add bias; heads split by Reshape [1, 8, 4, 8] + Transpose [0, 2, 1, 3]
    (keys [0, 2, 3, 1]); MatMul, Div sqrt(8), Softmax -1, MatMul, Transpose, Reshape [1, 8, 32],
    output projection, residual Add; LayerNorm, Linear 64, erf GELU (Div sqrt 2, Erf, Add 1, Mul x,
    Mul 0.5), Linear 32, residual Add → "encoded". A head Linear 16 + tanh GELU (Pow 3, Mul
    0.044715, Add x, Mul sqrt(2/pi), Tanh, Add 1, Mul x 0.5, Mul) → "gelu_tanh_head" [1, 8, 16]."""
    n = Net(9)
    seq, hidden, heads = 8, 32, 4
    dim = hidden // heads

    def layer_norm(x, name):
        mean = n.op("ReduceMean", [x], f"{name}.mean", axes=[-1])
        centered = n.op("Sub", [x, mean], f"{name}.sub")
        var = n.op("ReduceMean", [n.op("Pow", [centered, n.scalar(f"{name}.two", 2.0)], f"{name}.pow")], f"{name}.var", axes=[-1])
        std = n.op("Sqrt", [n.op("Add", [var, n.scalar(f"{name}.eps", 1e-5)], f"{name}.add_eps")], f"{name}.sqrt")
        y = n.op("Div", [centered, std], f"{name}.div")
        gamma = n.const(f"{name}.weight", (1 + 0.1 * n.rng.standard_normal(hidden)).astype(np.float32))
        y = n.op("Mul", [y, gamma], f"{name}.mul")
        return n.op("Add", [y, n.weight(f"{name}.bias", [hidden], 0.1)], f"{name}.out")

    def split_heads(x, name, perm):
        x = n.op("Reshape", [x, n.const(f"{name}.shape", np.array([1, seq, heads, dim], dtype=np.int64))], f"{name}.view")
        return n.op("Transpose", [x], f"{name}.heads", perm=perm)

    x = "tokens_embedded"
    h = layer_norm(x, "norm1")
    q = split_heads(n.linear(h, "attn.q_proj", hidden, hidden), "attn.q", [0, 2, 1, 3])
    k = split_heads(n.linear(h, "attn.k_proj", hidden, hidden), "attn.k", [0, 2, 3, 1])
    v = split_heads(n.linear(h, "attn.v_proj", hidden, hidden), "attn.v", [0, 2, 1, 3])
    scores = n.op("Div", [n.op("MatMul", [q, k], "attn.qk"), n.scalar("attn.scale", np.sqrt(dim))], "attn.scores")
    probs = n.op("Softmax", [scores], "attn.softmax", axis=-1)
    a = n.op("Transpose", [n.op("MatMul", [probs, v], "attn.context")], "attn.context.transpose", perm=[0, 2, 1, 3])
    a = n.op("Reshape", [a, n.const("attn.merge.shape", np.array([1, seq, hidden], dtype=np.int64))], "attn.merge")
    x = n.op("Add", [x, n.linear(a, "attn.out_proj", hidden, hidden)], "residual1")

    h = n.linear(layer_norm(x, "norm2"), "ffn.linear1", hidden, 64)
    erf = n.op("Erf", [n.op("Div", [h, n.scalar("ffn.gelu.sqrt2", np.sqrt(2.0))], "ffn.gelu.div")], "ffn.gelu.erf")
    g = n.op("Mul", [h, n.op("Add", [erf, n.scalar("ffn.gelu.one", 1.0)], "ffn.gelu.add")], "ffn.gelu.mul")
    g = n.op("Mul", [g, n.scalar("ffn.gelu.half", 0.5)], "ffn.gelu")
    n.op("Add", [x, n.linear(g, "ffn.linear2", 64, hidden)], "encoded")

    h = n.linear("encoded", "head.linear", hidden, 16)
    cube = n.op("Pow", [h, n.scalar("head.gelu.three", 3.0)], "head.gelu.pow")
    inner = n.op("Add", [h, n.op("Mul", [cube, n.scalar("head.gelu.kappa", 0.044715)], "head.gelu.mul_kappa")], "head.gelu.add_x")
    inner = n.op("Mul", [inner, n.scalar("head.gelu.beta", np.sqrt(2 / np.pi))], "head.gelu.mul_beta")
    t = n.op("Add", [n.op("Tanh", [inner], "head.gelu.tanh"), n.scalar("head.gelu.one", 1.0)], "head.gelu.add_one")
    half = n.op("Mul", [h, n.scalar("head.gelu.half", 0.5)], "head.gelu.half_x")
    n.op("Mul", [half, t], "gelu_tanh_head")
    n.save("pytorch_transformer", [helper.make_tensor_value_info("tokens_embedded", TensorProto.FLOAT, [1, seq, hidden])],
           [helper.make_tensor_value_info("encoded", TensorProto.FLOAT, [1, seq, hidden]),
            helper.make_tensor_value_info("gelu_tanh_head", TensorProto.FLOAT, [1, seq, 16])],
           {"tokens_embedded": n.rng.standard_normal((1, seq, hidden)).astype(np.float32)})


def activations_zoo():
    """Six Conv 3x3 layers on 3x16x16 (8, 8, 16, 16, 16, 16 channels), each followed by one
    exported activation pattern: LeakyRelu (alpha 0.1); HardSwish the pre-opset-14 way,
    Mul(x, Div(Clip(Add(x, 3), 0, 6), 6)); HardSigmoid (alpha 1/6, beta 0.5, as nn.Hardsigmoid);
    PRelu with a per-channel [C, 1, 1] slope; Clip(0, 6); Max(x, Mul(x, 0.1)). Then
    GlobalAveragePool, Flatten, Gemm 10 (transB)."""
    n = Net(10)
    x = n.op("LeakyRelu", [n.conv("input", "conv1", 3, 8, 3)], "leaky_relu", alpha=0.1)
    y = n.conv(x, "conv2", 8, 8, 3)
    hs = n.relu6(n.op("Add", [y, n.scalar("hardswish.three", 3.0)], "hardswish.add"), "hardswish.clip")
    x = n.op("Mul", [y, n.op("Div", [hs, n.scalar("hardswish.six", 6.0)], "hardswish.div")], "hardswish")
    x = n.op("HardSigmoid", [n.conv(x, "conv3", 8, 16, 3)], "hardsigmoid", alpha=1 / 6, beta=0.5)
    slope = n.const("prelu.slope", (0.25 + 0.05 * n.rng.standard_normal((16, 1, 1))).astype(np.float32))
    x = n.op("PRelu", [n.conv(x, "conv4", 16, 16, 3), slope], "prelu")
    x = n.relu6(n.conv(x, "conv5", 16, 16, 3), "relu6")
    y = n.conv(x, "conv6", 16, 16, 3)
    x = n.op("Max", [y, n.op("Mul", [y, n.scalar("leaky_max.slope", 0.1)], "leaky_max.mul")], "leaky_max")
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x], "pool")], "flatten", axis=1)
    n.gemm(x, "logits", 16, 10)
    n.save("activations_zoo", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 16, 16)).astype(np.float32)})


def super_resolution():
    """ESPCN-style x2 super-resolution as torch exports nn.PixelShuffle (opset 13): Conv 5x5 (16)
    + Relu, Conv 3x3 (8) + Relu, Conv 3x3 (3·2²), DepthToSpace blocksize 2 in CRD mode, so a
    1x3x16x16 image becomes 1x3x32x32; also SpaceToDepth of the input (DCR) as a second output."""
    n = Net(11)
    x = n.op("Relu", [n.conv("input", "conv1", 3, 16, 5)], "relu1")
    x = n.op("Relu", [n.conv(x, "conv2", 16, 8, 3)], "relu2")
    n.op("DepthToSpace", [n.conv(x, "conv3", 8, 12, 3)], "upscaled", blocksize=2, mode="CRD")
    n.op("SpaceToDepth", ["input"], "downscaled", blocksize=2)
    n.save("super_resolution", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])],
           [helper.make_tensor_value_info("upscaled", TensorProto.FLOAT, [1, 3, 32, 32]),
            helper.make_tensor_value_info("downscaled", TensorProto.FLOAT, [1, 12, 8, 8])],
           {"input": n.rng.standard_normal((1, 3, 16, 16)).astype(np.float32)})


def pruned_cnn():
    """A model pruned in training, as magnitude pruning leaves one: Conv 3x3 (16) + Relu (dense),
    Conv 3x3 (64, stride 2) + BN + Relu and Conv 3x3 (64, stride 2) + Relu with 80% of their
    weights zero, MaxPool 2, Flatten, Gemm 128 (transB) + Relu with 80% of its 1x4 input blocks
    zero, Gemm 10 (dense). Converted with sparse weights it must compute exactly what it does dense."""
    n = Net(14)

    def pruned(name, shape, blocks=1):
        """A weight with 80% of its values (of its 1 x `blocks` groups along the last axis) zero."""
        w = (n.rng.standard_normal(shape) * np.sqrt(2.0 / np.prod(shape[1:]))).astype(np.float32)
        keep = n.rng.random(list(shape[:-1]) + [shape[-1] // blocks]) >= 0.8
        return n.const(name, w * np.repeat(keep, blocks, axis=-1))

    x = n.op("Relu", [n.conv("input", "conv1", 3, 16, 3)], "relu1")
    x = n.op("Conv", [x, pruned("conv2.weight", [64, 16, 3, 3])], "conv2", kernel_shape=[3, 3], strides=[2, 2], pads=[1] * 4)
    x = n.op("Relu", [n.bn(x, "conv2.bn", 64)], "relu2")
    x = n.op("Conv", [x, pruned("conv3.weight", [64, 64, 3, 3]), n.weight("conv3.bias", [64], 0.1)], "conv3",
             kernel_shape=[3, 3], strides=[2, 2], pads=[1] * 4)
    x = n.op("MaxPool", [n.op("Relu", [x], "relu3")], "pool", kernel_shape=[2, 2], strides=[2, 2])
    x = n.op("Flatten", [x], "flatten", axis=1)
    x = n.op("Relu", [n.op("Gemm", [x, pruned("fc1.weight", [128, 1024], blocks=4), n.weight("fc1.bias", [128], 0.1)], "fc1", transB=1)], "relu4")
    n.op("Gemm", [x, n.weight("fc2.weight", [10, 128]), n.weight("fc2.bias", [10], 0.1)], "logits", transB=1)
    n.save("pruned_cnn", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
           [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
           {"input": n.rng.standard_normal((1, 3, 32, 32)).astype(np.float32)})


if __name__ == "__main__":
    lenet("lenet", 1)
    lenet("batch_lenet", 4)
    resnet_block()
    mobilenet_block()
    dynamic_flatten()
    squeezenet_style()
    inception_style()
    shufflenet_style()
    shufflenet_v1_style()
    efficientnet_style()
    pytorch_transformer()
    activations_zoo()
    super_resolution()
    pruned_cnn()
    print("wrote", sorted(p.name for p in HERE.glob("*.onnx")))
