import LiteIR
import LiteOps
import Passes
import XCTest

/// The passes that replace spelled-out computations by the single ops TFLite has for them.
final class PatternFusionTests: XCTestCase {
    private func scalar(_ b: inout GraphBuilder, _ name: String, _ value: Float) -> String {
        b.graph.setConstant(name, Tensor(shape: [], values: [value]))
        return name
    }

    func testGeluInBothExportedFormsBecomesGelu() throws {
        var b = builder(["x": [2, 8]], outputs: ["erf_form", "tanh_form"])
        // PyTorch: x * 0.5 * (1 + erf(x / sqrt(2))), in torch's node order.
        let erf = try b.add("Erf", [try b.add("Div", ["x", scalar(&b, "sqrt2", Float(2).squareRoot())], name: "div")], name: "erf")
        let onePlus = try b.add("Add", [erf, scalar(&b, "one", 1)], name: "one_plus")
        let half = try b.add("Mul", ["x", onePlus], name: "x_times")
        try b.add(Node(name: "gelu", op: "Mul", inputs: [half, scalar(&b, "half", 0.5)], outputs: ["erf_form"]))
        // 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))), with Pow.
        let cube = try b.add("Pow", ["x", scalar(&b, "three", 3)], name: "cube")
        let inner = try b.add("Add", ["x", try b.add("Mul", [scalar(&b, "k", 0.044715), cube], name: "k_cube")], name: "inner")
        let t = try b.add("Tanh", [try b.add("Mul", [inner, scalar(&b, "c", 0.797_884_56)], name: "scaled")], name: "tanh")
        let factor = try b.add("Mul", [try b.add("Add", [t, "one"], name: "t_plus"), "half"], name: "factor")
        try b.add(Node(name: "gelu_tanh", op: "Mul", inputs: ["x", factor], outputs: ["tanh_form"]))
        let fused = try assertPass(ActivationPatterns(), on: b.graph, inputs: ["x": [2, 8]], expectedOps: ["Gelu", "Gelu"])
        XCTAssertEqual(try fused.nodes.map { try $0.string("approximate", "") }, ["none", "tanh"])
        XCTAssertEqual(fused.nodes.map(\.outputs), [["erf_form"], ["tanh_form"]])
    }

    func testHardSwishLeakyReluAndPerChannelPReluPatterns() throws {
        var b = builder(["x": [3, 4]], outputs: ["hswish", "leaky", "prelu"])
        // x * clip(x + 3, 0, 6) / 6, the pre-opset-14 spelling.
        let shifted = try b.add("Add", ["x", scalar(&b, "three", 3)], name: "plus3")
        let relu6 = try b.add("Clip", [shifted], ["min": .float(0), "max": .float(6)], name: "relu6")
        try b.add(Node(name: "hswish", op: "Div", inputs: [try b.add("Mul", ["x", relu6], name: "x_relu6"), scalar(&b, "six", 6)],
                       outputs: ["hswish"]))
        try b.add(Node(name: "leaky", op: "Max", inputs: ["x", try b.add("Mul", ["x", scalar(&b, "slope", 0.1)], name: "scaled")],
                       outputs: ["leaky"]))
        // relu(x) - a * relu(-x) with a per-channel a.
        b.graph.setConstant("a", Tensor(shape: [4], values: [Float](arrayLiteral: 0.25, 0.5, -0.1, 2)))
        let negative = try b.add("Mul", ["a", try b.add("Relu", [try b.add("Neg", ["x"], name: "neg")], name: "relu_neg")], name: "a_relu_neg")
        try b.add(Node(name: "prelu", op: "Sub", inputs: [try b.add("Relu", ["x"], name: "relu"), negative], outputs: ["prelu"]))
        let fused = try assertPass(ActivationPatterns(), on: b.graph, inputs: ["x": [3, 4]], expectedOps: ["HardSwish", "LeakyRelu", "PRelu"])
        XCTAssertEqual(try fused.nodes[1].float("alpha", 0), 0.1, accuracy: 1e-7)
        XCTAssertEqual(fused.constants[fused.nodes[2].inputs[1]]?.values(Float.self), [0.25, 0.5, -0.1, 2])
    }

    func testNearMissesAndSharedIntermediatesStayAsTheyAre() throws {
        var b = builder(["x": [2, 8]], outputs: ["y", "z"])
        // x * 0.5 * (1 + erf(x / 1.5)) is not GELU.
        let erf = try b.add("Erf", [try b.add("Div", ["x", scalar(&b, "d", 1.5)], name: "div")], name: "erf")
        let onePlus = try b.add("Add", [erf, scalar(&b, "one", 1)], name: "one_plus")
        try b.add(Node(name: "y", op: "Mul", inputs: [try b.add("Mul", ["x", onePlus], name: "x_times"), scalar(&b, "half", 0.5)], outputs: ["y"]))
        // A hard-swish whose relu6 is also read elsewhere.
        let relu6 = try b.add("Clip", [try b.add("Add", ["x", scalar(&b, "three", 3)], name: "plus3")], ["min": .float(0), "max": .float(6)], name: "relu6")
        let hswish = try b.add("Mul", [try b.add("Mul", ["x", relu6], name: "x_relu6"), scalar(&b, "sixth", 1.0 / 6)], name: "hswish")
        try b.add(Node(name: "z", op: "Add", inputs: [hswish, relu6], outputs: ["z"]))
        try assertPass(ActivationPatterns(), on: b.graph, inputs: ["x": [2, 8]],
                       expectedOps: ["Div", "Erf", "Add", "Mul", "Mul", "Add", "Clip", "Mul", "Mul", "Add"])
    }

    func testArithmeticSimplificationKeepsValues() throws {
        var b = builder(["x": [2, 6]], outputs: ["y"])
        let centered = try b.add("Sub", ["x", try b.add("ReduceMean", ["x"], ["axes": .ints([1])], name: "mean")], name: "centered")
        let variance = try b.add("ReduceMean", [try b.add("Pow", [centered, scalar(&b, "two", 2)], name: "square")], ["axes": .ints([1])], name: "var")
        let root = try b.add("Sqrt", [try b.add("Add", [variance, scalar(&b, "eps", 1e-5)], name: "plus_eps")], name: "root")
        let normalized = try b.add("Div", [centered, root], name: "normalize")
        try b.add(Node(name: "y", op: "Div", inputs: [normalized, scalar(&b, "four", 4)], outputs: ["y"]))
        try assertPass(ArithmeticSimplification(), on: b.graph, inputs: ["x": [2, 6]],
                       expectedOps: ["ReduceMean", "Sub", "Mul", "ReduceMean", "Add", "Rsqrt", "Mul", "Mul"])
    }

    func testDenseLayersTakeTheirBiasAndTheScaleAndShiftBeforeThem() throws {
        var b = builder(["x": [2, 3, 4]], outputs: ["y"])
        b.graph.setConstant("gamma", random([4], seed: 1))
        b.graph.setConstant("beta", random([4], seed: 2))
        b.graph.setConstant("w", random([4, 5], seed: 3))
        b.graph.setConstant("bias", random([5], seed: 4))
        let shifted = try b.add("Add", [try b.add("Mul", ["x", "gamma"], name: "gamma"), "beta"], name: "beta")
        try b.add(Node(name: "bias", op: "Add", inputs: [try b.add("MatMul", [shifted, "w"], name: "dense"), "bias"], outputs: ["y"]))
        let formed = try assertPass(FullyConnectedFormation(), on: b.graph, inputs: ["x": [2, 3, 4]], expectedOps: ["Mul", "Add", "FullyConnected", "Add"])
        try assertPass(AffineFolding(), on: formed, inputs: ["x": [2, 3, 4]], expectedOps: ["FullyConnected"])
    }

    func testGlobalPoolsAndFlattenedReductions() throws {
        var b = builder(["x": [2, 3, 5, 4]], outputs: ["avg", "max", "local"])
        let pooled = try b.add("AvgPool2D", ["x"], ["kernel_shape": .ints([3, 5])], name: "global_avg")
        try b.add(Node(name: "flatten", op: "Reshape", inputs: [pooled], outputs: ["avg"], attributes: ["shape": .ints([-1, 4])]))
        try b.add(Node(name: "global_max", op: "MaxPool2D", inputs: ["x"], outputs: ["max"], attributes: ["kernel_shape": .ints([3, 5])]))
        try b.add(Node(name: "local", op: "AvgPool2D", inputs: ["x"], outputs: ["local"], attributes: ["kernel_shape": .ints([3, 3])]))
        let fused = try assertPass(ReductionFusion(), on: b.graph, inputs: ["x": [2, 3, 5, 4]], expectedOps: ["ReduceMean", "ReduceMax", "AvgPool2D"])
        XCTAssertEqual(try fused.nodes[0].int("keepdims", 1), 0)
        XCTAssertEqual(try fused.nodes[1].int("keepdims", 0), 1)
    }

    func testChannelGathersFoldIntoTheLayerComputingThem() throws {
        var b = builder(["x": [1, 3, 3, 2]], outputs: ["y", "z"])
        b.graph.setConstant("w", random([4, 1, 1, 2], seed: 5))
        b.graph.setConstant("bias", random([4], seed: 6))
        b.graph.setConstant("dw", random([2, 3, 3, 1], seed: 7))
        b.graph.setConstant("order", Tensor(shape: [5], values: [Int64(3), 1, 1, 0, 2]))
        b.graph.setConstant("swap", Tensor(shape: [2], values: [Int64(1), 0]))
        let conv = try b.add("Conv2D", ["x", "w", "bias"], name: "conv")
        try b.add(Node(name: "pick", op: "Gather", inputs: [conv, "order"], outputs: ["y"], attributes: ["axis": .int(-1)]))
        // A depthwise convolution's channels follow its input channels: not folded.
        let depthwise = try b.add("Conv2D", ["x", "dw"], ["group": .int(2), "pads": .ints([1, 1, 1, 1])], name: "depthwise")
        try b.add(Node(name: "swap", op: "Gather", inputs: [depthwise, "swap"], outputs: ["z"], attributes: ["axis": .int(3)]))
        let folded = try assertPass(ChannelGatherFolding(), on: b.graph, inputs: ["x": [1, 3, 3, 2]], expectedOps: ["Conv2D", "Conv2D", "Gather"])
        XCTAssertEqual(folded.constants[folded.nodes[0].inputs[1]]?.shape, [5, 1, 1, 2])
    }

    func testL2NormalizationChainsWithTFLitesEpsilonOnly() throws {
        var b = builder(["x": [2, 3, 5]], outputs: ["keras", "divided", "torch"])
        let sum = try b.add("ReduceSum", [try b.add("Mul", ["x", "x"], name: "square")], ["axes": .ints([-1])], name: "sum")
        // Keras UnitNormalization / tf.nn.l2_normalize: x · rsqrt(max(Σx², 1e-12)).
        let inverse = try b.add("Rsqrt", [try b.add("Max", [sum, scalar(&b, "eps_sq", 1e-12)], name: "floor")], name: "rsqrt")
        try b.add(Node(name: "keras", op: "Mul", inputs: ["x", inverse], outputs: ["keras"]))
        // x / max(‖x‖, 1e-6) from a second sum of squares.
        let sum2 = try b.add("ReduceSum", [try b.add("Mul", ["x", "x"], name: "square2")], ["axes": .ints([2])], name: "sum2")
        let norm = try b.add("Max", [try b.add("Sqrt", [sum2], name: "sqrt2"), scalar(&b, "eps", 1e-6)], name: "norm2")
        try b.add(Node(name: "divided", op: "Div", inputs: ["x", norm], outputs: ["divided"]))
        // PyTorch F.normalize: x / max(‖x‖, 1e-12) differs from TFLite for norms below 1e-6.
        let sum3 = try b.add("ReduceSum", [try b.add("Mul", ["x", "x"], name: "square3")], ["axes": .ints([2])], name: "sum3")
        let norm3 = try b.add("Max", [try b.add("Sqrt", [sum3], name: "sqrt3"), scalar(&b, "tiny", 1e-12)], name: "norm3")
        try b.add(Node(name: "torch", op: "Div", inputs: ["x", norm3], outputs: ["torch"]))
        try assertPass(NormalizationFusion(), on: b.graph, inputs: ["x": [2, 3, 5]],
                       expectedOps: ["L2Normalization", "L2Normalization", "Mul", "ReduceSum", "Sqrt", "Max", "Div"])
    }
}
