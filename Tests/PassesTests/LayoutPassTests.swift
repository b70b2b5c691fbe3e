import LiteIR
import LiteOps
import Passes
import XCTest

/// The layout passes on graphs shaped like the ONNX importer's output: NHWC-only ops wrapped in
/// NCHW↔NHWC transposes, with the NCHW-axis ops between them that real exports contain.
final class LayoutPassTests: XCTestCase {
    private let toNHWC = [0, 2, 3, 1], toNCHW = [0, 3, 1, 2]

    /// A 1×1 convolution on an NCHW value, wrapped in transposes as the importer emits it.
    private func conv(_ b: inout GraphBuilder, _ x: String, _ weights: String, name: String) throws -> String {
        let nhwc = try b.add("Transpose", [x], ["perm": .ints(toNHWC)], name: "\(name)/to_nhwc")
        let y = try b.add("Conv2D", [nhwc, weights], name: name)
        return try b.add("Transpose", [y], ["perm": .ints(toNCHW)], name: "\(name)/to_nchw")
    }

    func testAxisOpsBetweenConvolutionsLeaveNoTranspose() throws {
        var b = builder(["x": [2, 4, 5, 6]], outputs: ["y", "m"])
        b.graph.setConstant("w1", random([6, 1, 1, 6], seed: 1))
        b.graph.setConstant("w2", random([3, 1, 1, 3], seed: 2))
        b.graph.setConstant("channels", Tensor(shape: [3], values: [Int64(5), 0, 2]))
        // x arrives NHWC ([2, 4, 5, 6] is N, H, W, C) and is made NCHW as --nhwc-io does.
        let nchw = try b.add("Transpose", ["x"], ["perm": .ints(toNCHW)], name: "input_nchw")
        let a = try conv(&b, nchw, "w1", name: "conv1")
        let picked = try b.add("Gather", [a, "channels"], ["axis": .int(1)], name: "pick_channels")
        let cropped = try b.add("Slice", [picked], ["starts": .ints([0, 0, 1, 0]), "ends": .ints([2, 3, 4, 5]), "steps": .ints([1, 1, 2, 1])],
                                name: "crop")
        let soft = try b.add("Softmax", [cropped], ["axis": .int(1)], name: "softmax")
        let y = try conv(&b, soft, "w2", name: "conv2")
        try b.add(Node(name: "y", op: "Transpose", inputs: [y], outputs: ["y"], attributes: ["perm": .ints(toNHWC)]))
        try b.add(Node(name: "m", op: "ReduceMax", inputs: [soft], outputs: ["m"], attributes: ["axes": .ints([2]), "keepdims": .int(0)]))
        let sunk = try assertPass(TransposeSinking(), on: b.graph, inputs: ["x": [2, 4, 5, 6]],
                                  expectedOps: ["Conv2D", "Gather", "Slice", "Softmax", "Conv2D", "ReduceMax", "Reshape", "Transpose"])
        // y's transposes cancel to the identity, a same-shape Reshape that remove-no-ops drops;
        // the reduction over H drops an axis, so its [N, C, W] result is the one transpose left.
        XCTAssertEqual(try sunk.nodes[7].ints("perm", []), [0, 2, 1])
        XCTAssertEqual(try sunk.nodes[1].int("axis", 0), 3)
    }

    func testFlattenIntoDensePermutesTheWeightsInsteadOfTheActivations() throws {
        // FullyConnected takes [N, K] weights, MatMul [K, N]: the K axis is permuted either way.
        for (op, shape) in [("FullyConnected", [7, 40]), ("MatMul", [40, 7])] {
            var b = builder(["x": [3, 4, 5, 2]], outputs: ["y"])
            b.graph.setConstant("w", random([2, 1, 1, 2], seed: 3))
            b.graph.setConstant("dense", random(shape, seed: 4))
            let nchw = try b.add("Transpose", ["x"], ["perm": .ints(toNCHW)], name: "input_nchw")
            let features = try conv(&b, nchw, "w", name: "conv")
            let flat = try b.add("Reshape", [features], ["shape": .ints([3, 40])], name: "flatten")
            try b.add(Node(name: "dense", op: op, inputs: [flat, "dense"], outputs: ["y"]))
            let sunk = try assertPass(TransposeSinking(), on: b.graph, inputs: ["x": [3, 4, 5, 2]], expectedOps: ["Conv2D", "Reshape", op])
            XCTAssertEqual(sunk.constants.keys.sorted(), ["dense", "w"], "weights permuted in place")
        }
    }

    func testUnitDimReshapesAndKeepdimsFreeReductionsCarryTheLayout() throws {
        var b = builder(["x": [2, 3, 3, 4]], outputs: ["y"])
        b.graph.setConstant("w", random([4, 1, 1, 4], seed: 5))
        b.graph.setConstant("w2", random([4, 1, 1, 4], seed: 6))
        let nchw = try b.add("Transpose", ["x"], ["perm": .ints(toNCHW)], name: "input_nchw")
        let a = try conv(&b, nchw, "w", name: "conv")
        // Squeeze-excite: mean over H, W without keepdims, then back to [N, C, 1, 1].
        let squeezed = try b.add("ReduceMean", [a], ["axes": .ints([2, 3]), "keepdims": .int(0)], name: "squeeze")
        let unsqueezed = try b.add("Reshape", [squeezed], ["shape": .ints([2, 4, 1, 1])], name: "unsqueeze")
        let gate = try b.add("Sigmoid", [try conv(&b, unsqueezed, "w2", name: "excite")], name: "gate")
        let y = try b.add("Mul", [a, gate], name: "scale")
        try b.add(Node(name: "y", op: "Transpose", inputs: [y], outputs: ["y"], attributes: ["perm": .ints(toNHWC)]))
        // The transposes around the [N, C, 1, 1] excitation only move unit dims: Reshapes, which
        // remove-no-ops merges.
        let sunk = try assertPass(TransposeSinking(), on: b.graph, inputs: ["x": [2, 3, 3, 4]],
                                  expectedOps: ["Conv2D", "ReduceMean", "Reshape", "Reshape", "Conv2D", "Sigmoid", "Mul", "Reshape"])
        try assertPass(NoOpRemoval(), on: sunk, inputs: ["x": [2, 3, 3, 4]], expectedOps: ["Conv2D", "ReduceMean", "Reshape", "Conv2D", "Sigmoid", "Mul"])
    }

    func testChannelShuffleBecomesAGatherThatSinks() throws {
        var b = builder(["x": [1, 2, 2, 6]], outputs: ["y"])
        b.graph.setConstant("w", random([6, 1, 1, 6], seed: 7))
        let nchw = try b.add("Transpose", ["x"], ["perm": .ints(toNCHW)], name: "input_nchw")
        let a = try conv(&b, nchw, "w", name: "conv")
        let groups = try b.add("Reshape", [a], ["shape": .ints([1, 2, 3, 2, 2])], name: "groups")
        let swapped = try b.add("Transpose", [groups], ["perm": .ints([0, 2, 1, 3, 4])], name: "swap")
        let shuffled = try b.add("Reshape", [swapped], ["shape": .ints([1, 6, 2, 2])], name: "shuffled")
        let y = try conv(&b, shuffled, "w", name: "conv2")
        try b.add(Node(name: "y", op: "Transpose", inputs: [y], outputs: ["y"], attributes: ["perm": .ints(toNHWC)]))
        let gathered = try assertPass(ShufflesToGather(), on: b.graph, inputs: ["x": [1, 2, 2, 6]],
                                      expectedOps: ["Transpose", "Transpose", "Conv2D", "Transpose", "Gather", "Transpose", "Conv2D", "Transpose", "Transpose"])
        XCTAssertEqual(gathered.constants.values.first { $0.dtype == .int64 }?.ints(), [0, 3, 1, 4, 2, 5])
        try assertPass(TransposeSinking(), on: gathered, inputs: ["x": [1, 2, 2, 6]], expectedOps: ["Conv2D", "Gather", "Conv2D", "Reshape"])
    }

    func testShufflesToGatherLeavesReshapesThatMoveMoreThanOneAxis() throws {
        var b = builder(["x": [2, 6, 4]], outputs: ["y"])
        let split = try b.add("Reshape", ["x"], ["shape": .ints([2, 6, 2, 2])], name: "split")
        let swapped = try b.add("Transpose", [split], ["perm": .ints([0, 2, 1, 3])], name: "swap")
        try b.add(Node(name: "merge", op: "Reshape", inputs: [swapped], outputs: ["y"], attributes: ["shape": .ints([2, 6, 4])]))
        try assertPass(ShufflesToGather(), on: b.graph, inputs: ["x": [2, 6, 4]], expectedOps: ["Reshape", "Transpose", "Reshape"])
    }

    func testRunTimeReshapeWithKnownResultTakesAConstantShape() throws {
        var b = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, [.symbolic("N"), .fixed(3), .fixed(4)])]))
        b.graph.setConstant("first", Tensor(shape: [1], values: [Int64(0)]))
        b.graph.setConstant("rest", Tensor(shape: [1], values: [Int64(12)]))
        let batch = try b.add("Gather", [try b.add("Shape", ["x"], name: "shape"), "first"], name: "batch")
        let target = try b.add("Concat", [batch, "rest"], ["axis": .int(0)], name: "target")
        try b.add(Node(name: "flatten", op: "Reshape", inputs: ["x", target], outputs: ["y"]))
        XCTAssertEqual(b.graph.types["y"], TensorType(.float32, [.symbolic("N"), .fixed(12)]))
        let folded = try assertPass(ConstantFolding(), on: b.graph, inputs: ["x": [5, 3, 4]], expectedOps: ["Reshape"])
        XCTAssertEqual(try folded.nodes[0].ints("shape", []), [-1, 12])
        XCTAssertTrue(folded.constants.isEmpty, "the shape arithmetic is gone")
    }
}
