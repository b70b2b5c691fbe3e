import Interpreter
import LiteIR
import LiteOps
import Passes
import XCTest

/// Each optimization pass on small NHWC graphs, checked for the same invariants: graph inputs and
/// outputs unchanged (names, types), the graph still type-checks, outputs equal before and after
/// within 1e-5 on random inputs, and the op list after the pass.
final class OptimizationPassTests: XCTestCase {
    func testAffineFoldingMovesBatchNormalizationIntoConvolution() throws {
        var b = builder(["x": [2, 5, 5, 3]], outputs: ["y"])
        b.graph.setConstant("w", random([4, 3, 3, 3], seed: 3))
        b.graph.setConstant("bias", random([4], seed: 4))
        b.graph.setConstant("scale", random([4], seed: 5))
        b.graph.setConstant("shift", random([1, 1, 1, 4], seed: 6))
        let conv = try b.add("Conv2D", ["x", "w", "bias"], ["pads": .ints([1, 1, 1, 1])], name: "conv")
        let scaled = try b.add("Mul", ["scale", conv], name: "bn_scale")
        let shifted = try b.add("Sub", [scaled, "shift"], name: "bn_shift")
        try b.add(Node(name: "relu", op: "Relu", inputs: [shifted], outputs: ["y"]))
        let folded = try assertPass(AffineFolding(), on: b.graph, inputs: ["x": [2, 5, 5, 3]], expectedOps: ["Conv2D", "Relu"])
        XCTAssertEqual(folded.constants.keys.sorted(), ["bias", "w"], "weights rewritten in place under their names; BN constants dropped")
    }

    func testAffineFoldingReordersDenseBiasAndBatchNormalization() throws {
        var b = builder(["x": [3, 6]], outputs: ["y"])
        b.graph.setConstant("w", random([6, 4], seed: 7))
        b.graph.setConstant("bias", random([4], seed: 8))
        b.graph.setConstant("scale", random([4], seed: 9))
        b.graph.setConstant("shift", random([4], seed: 10))
        let product = try b.add("MatMul", ["x", "w"], name: "dense")
        let biased = try b.add("Add", [product, "bias"], name: "dense_bias")
        let scaled = try b.add("Mul", [biased, "scale"], name: "bn_scale")
        try b.add(Node(name: "bn_shift", op: "Add", inputs: [scaled, "shift"], outputs: ["y"]))
        try assertPass(AffineFolding(), on: b.graph, inputs: ["x": [3, 6]], expectedOps: ["MatMul", "Add"])
    }

    func testAffineFoldingMovesAnInputRescalingIntoTheConvolutionsAfterIt() throws {
        var b = builder(["x": [1, 5, 5, 3]], outputs: ["same", "valid"])
        b.graph.setConstant("w", random([4, 3, 3, 3], seed: 20))
        b.graph.setConstant("w2", random([2, 1, 1, 3], seed: 21))
        b.graph.setConstant("scale", Tensor(shape: [], values: [Float(1 / 127.5)]))
        b.graph.setConstant("offset", Tensor(shape: [3], values: [Float](arrayLiteral: -1, -0.5, 0.25)))
        // A Rescaling layer x·s + t: the scale folds into a padded convolution's weights (the
        // shift, moved in front of it as t/s, cannot: padding is not shifted); both fold into an
        // unpadded one.
        let scaled = try b.add("Add", [try b.add("Mul", ["x", "scale"], name: "rescale_mul"), "offset"], name: "rescale_add")
        try b.add(Node(name: "same", op: "Conv2D", inputs: [scaled, "w"], outputs: ["same"], attributes: ["pads": .ints([1, 1, 1, 1])]))
        let scaled2 = try b.add("Add", [try b.add("Mul", ["x", "scale"], name: "rescale_mul2"), "offset"], name: "rescale_add2")
        try b.add(Node(name: "valid", op: "Conv2D", inputs: [scaled2, "w2"], outputs: ["valid"]))
        try assertPass(AffineFolding(), on: b.graph, inputs: ["x": [1, 5, 5, 3]], expectedOps: ["Add", "Conv2D", "Conv2D"])
    }

    func testAffineFoldingLeavesSharedResultsAndSpatialConstants() throws {
        var b = builder(["x": [1, 4, 4, 2]], outputs: ["y", "z"])
        b.graph.setConstant("w", random([2, 1, 1, 2], seed: 11))
        b.graph.setConstant("scale", random([2], seed: 12))
        b.graph.setConstant("rows", random([1, 4, 1, 1], seed: 13))
        let conv = try b.add("Conv2D", ["x", "w"], name: "conv")
        try b.add(Node(name: "scale", op: "Mul", inputs: [conv, "scale"], outputs: ["y"]))
        let relu = try b.add("Relu", [conv], name: "relu")
        try b.add(Node(name: "rows", op: "Mul", inputs: [relu, "rows"], outputs: ["z"]))
        try assertPass(AffineFolding(), on: b.graph, inputs: ["x": [1, 4, 4, 2]], expectedOps: ["Conv2D", "Mul", "Relu", "Mul"])
    }

    func testPadFusionMovesZeroPaddingIntoConvolutionAndLowestPaddingIntoMaxPool() throws {
        var b = builder(["x": [1, 6, 6, 2]], outputs: ["y", "z"])
        b.graph.setConstant("w", random([3, 3, 3, 2], seed: 14))
        let padded = try b.add("Pad", ["x"], ["pads": .ints([0, 0, 0, 0, 0, 1, 1, 0]), "mode": .string("constant")], name: "zero_pad")
        try b.add(Node(name: "conv", op: "Conv2D", inputs: [padded, "w"], outputs: ["y"], attributes: ["strides": .ints([2, 2])]))
        let low = try b.add("Pad", ["x"], ["pads": .ints([0, 1, 1, 0, 0, 1, 1, 0]), "mode": .string("constant"),
                                           "value": .float(-.infinity)], name: "low_pad")
        try b.add(Node(name: "pool", op: "MaxPool2D", inputs: [low], outputs: ["z"], attributes: ["kernel_shape": .ints([3, 3])]))
        let fused = try assertPass(PadFusion(), on: b.graph, inputs: ["x": [1, 6, 6, 2]], expectedOps: ["Conv2D", "MaxPool2D"])
        XCTAssertEqual(try fused.nodes[0].ints("pads", []), [0, 0, 1, 1])
    }

    func testPadFusionKeepsPaddingThatIsNotTheWindowsOwn() throws {
        var b = builder(["x": [1, 6, 6, 2]], outputs: ["y", "z"])
        b.graph.setConstant("w", random([3, 3, 3, 2], seed: 15))
        let ones = try b.add("Pad", ["x"], ["pads": .ints([0, 1, 1, 0, 0, 1, 1, 0]), "mode": .string("constant"), "value": .float(1)], name: "ones")
        try b.add(Node(name: "conv", op: "Conv2D", inputs: [ones, "w"], outputs: ["y"]))
        let zeros = try b.add("Pad", ["x"], ["pads": .ints([0, 1, 1, 0, 0, 1, 1, 0]), "mode": .string("constant")], name: "zeros")
        try b.add(Node(name: "pool", op: "AvgPool2D", inputs: [zeros], outputs: ["z"], attributes: ["kernel_shape": .ints([3, 3])]))
        try assertPass(PadFusion(), on: b.graph, inputs: ["x": [1, 6, 6, 2]], expectedOps: ["Pad", "Conv2D", "Pad", "AvgPool2D"])
    }

    func testNoOpRemovalDropsIdentitiesAndKeepsOutputNames() throws {
        var b = builder(["x": [2, 3, 4]], outputs: ["y"])
        b.graph.setConstant("ones", Tensor(shape: [4], values: [Float](repeating: 1, count: 4)))
        b.graph.setConstant("zeros", Tensor(shape: [1, 1], values: [Float](arrayLiteral: 0)))
        var v = try b.add("Relu", ["x"], name: "relu")
        v = try b.add("Identity", [v], name: "identity")
        v = try b.add("Reshape", [v], ["shape": .ints([2, 3, 4])], name: "same_shape")
        v = try b.add("Transpose", [v], ["perm": .ints([0, 1, 2])], name: "identity_perm")
        v = try b.add("Mul", ["ones", v], name: "times_one")
        v = try b.add("Sub", [v, "zeros"], name: "minus_zero")
        v = try b.add("Pad", [v], ["pads": .ints([0, 0, 0, 0, 0, 0]), "mode": .string("constant")], name: "zero_pad")
        v = try b.add("Concat", [v], ["axis": .int(1)], name: "single_concat")
        v = try b.add("Slice", [v], ["starts": .ints([0, 0, 0]), "ends": .ints([2, 3, 4])], name: "full_slice")
        try b.add(Node(name: "cast", op: "Cast", inputs: [v], outputs: ["y"], attributes: ["to": .string("float32")]))
        let cleaned = try assertPass(NoOpRemoval(), on: b.graph, inputs: ["x": [2, 3, 4]], expectedOps: ["Relu"])
        XCTAssertEqual(cleaned.nodes[0].outputs, ["y"])
    }

    func testNoOpRemovalKeepsBroadcastingAndRealWork() throws {
        var b = builder(["x": [3]], outputs: ["y", "z"])
        b.graph.setConstant("ones", Tensor(shape: [2, 3], values: [Float](repeating: 1, count: 6)))
        try b.add(Node(name: "broadcast", op: "Mul", inputs: ["x", "ones"], outputs: ["y"]))
        try b.add(Node(name: "reverse", op: "Slice", inputs: ["x"], outputs: ["z"],
                       attributes: ["starts": .ints([-1]), "ends": .ints([-4]), "steps": .ints([-1])]))
        try assertPass(NoOpRemoval(), on: b.graph, inputs: ["x": [3]], expectedOps: ["Mul", "Slice"])
    }

    func testDeadCodeEliminationDropsUnreadNodesAndConstants() throws {
        var b = builder(["x": [2, 3]], outputs: ["y"])
        b.graph.setConstant("unused_weights", random([3, 3], seed: 18))
        let unread = try b.add("MatMul", ["x", "unused_weights"], name: "unread")
        _ = try b.add("Relu", [unread], name: "unread_relu")
        try b.add(Node(name: "y", op: "Tanh", inputs: ["x"], outputs: ["y"]))
        let cleaned = try assertPass(DeadCodeElimination(), on: b.graph, inputs: ["x": [2, 3]], expectedOps: ["Tanh"])
        XCTAssertTrue(cleaned.constants.isEmpty)
    }

    func testCommonSubexpressionsMergeEqualNodesOnly() throws {
        var b = builder(["x": [2, 3]], outputs: ["y"])
        let first = try b.add("Softmax", ["x"], ["axis": .int(1)], name: "first")
        let second = try b.add("Softmax", ["x"], ["axis": .int(1)], name: "second")
        let other = try b.add("Softmax", ["x"], ["axis": .int(0)], name: "other_axis")
        let sum = try b.add("Add", [first, second], name: "sum")
        try b.add(Node(name: "y", op: "Add", inputs: [sum, other], outputs: ["y"]))
        let merged = try assertPass(CommonSubexpressions(), on: b.graph, inputs: ["x": [2, 3]], expectedOps: ["Softmax", "Softmax", "Add", "Add"])
        XCTAssertEqual(merged.nodes[2].inputs, [first, first])
    }

    func testPassStatsReportWeightBytes() throws {
        var b = builder(["x": [1, 4]], outputs: ["y"])
        b.graph.setConstant("w", random([4, 2], seed: 16))
        b.graph.setConstant("s", random([2], seed: 17))
        let product = try b.add("MatMul", ["x", "w"], name: "dense")
        try b.add(Node(name: "scale", op: "Mul", inputs: [product, "s"], outputs: ["y"]))
        var graph = b.graph
        let stats = try AffineFolding().run(on: &graph)
        XCTAssertEqual(stats.bytesBefore, (8 + 2) * 4)
        XCTAssertEqual(stats.bytesAfter, 8 * 4)
        XCTAssertEqual(stats.changes, 1)
    }
}
