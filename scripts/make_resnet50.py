#!/usr/bin/env python3
"""Writes a ResNet-50-shaped ONNX model with random weights (~100 MB) for `make bench`.

Usage: make_resnet50.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(50)
nodes, initializers = [], []


def weight(name, shape, scale=None):
    fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else shape[0]
    data = (rng.standard_normal(shape) * (scale or np.sqrt(2.0 / fan_in))).astype(np.float32)
    initializers.append(numpy_helper.from_array(data, name))
    return name


def conv_bn(x, name, cin, cout, k, stride=1, relu=True):
    pad = k // 2
    nodes.append(helper.make_node("Conv", [x, weight(f"{name}.w", [cout, cin, k, k])], [f"{name}.conv"],
                                  name=f"{name}.conv", kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4))
    bn = [weight(f"{name}.gamma", [cout], 0.1), weight(f"{name}.beta", [cout], 0.1),
          weight(f"{name}.mean", [cout], 0.1)]
    var = np.abs(rng.standard_normal(cout)).astype(np.float32) + 0.5
    initializers.append(numpy_helper.from_array(var, f"{name}.var"))
    nodes.append(helper.make_node("BatchNormalization", [f"{name}.conv", *bn, f"{name}.var"], [f"{name}.bn"], name=f"{name}.bn"))
    if not relu:
        return f"{name}.bn"
    nodes.append(helper.make_node("Relu", [f"{name}.bn"], [f"{name}.relu"], name=f"{name}.relu"))
    return f"{name}.relu"


def bottleneck(x, name, cin, width, stride):
    cout = width * 4
    y = conv_bn(x, f"{name}.a", cin, width, 1)
    y = conv_bn(y, f"{name}.b", width, width, 3, stride)
    y = conv_bn(y, f"{name}.c", width, cout, 1, relu=False)
    skip = conv_bn(x, f"{name}.proj", cin, cout, 1, stride, relu=False) if stride != 1 or cin != cout else x
    nodes.append(helper.make_node("Add", [y, skip], [f"{name}.sum"], name=f"{name}.add"))
    nodes.append(helper.make_node("Relu", [f"{name}.sum"], [f"{name}.out"], name=f"{name}.out"))
    return f"{name}.out", cout


def main(path):
    x = conv_bn("input", "stem", 3, 64, 7, 2)
    nodes.append(helper.make_node("MaxPool", [x], ["stem.pool"], kernel_shape=[3, 3], strides=[2, 2], pads=[1] * 4))
    x, channels = "stem.pool", 64
    for stage, (blocks, width) in enumerate([(3, 64), (4, 128), (6, 256), (3, 512)]):
        for block in range(blocks):
            x, channels = bottleneck(x, f"layer{stage + 1}.{block}", channels, width, 2 if block == 0 and stage > 0 else 1)
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["pooled"]))
    nodes.append(helper.make_node("Flatten", ["pooled"], ["features"], axis=1))
    nodes.append(helper.make_node("Gemm", ["features", weight("fc.w", [1000, channels]), weight("fc.b", [1000], 0.01)],
                                  ["logits"], transB=1))
    graph = helper.make_graph(nodes, "resnet50", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 224, 224])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1000])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="liteconvert-bench")
    model.ir_version = 8
    onnx.save(model, path)


if __name__ == "__main__":
    main(sys.argv[1])
