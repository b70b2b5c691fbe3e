import Interpreter
import LiteIR
import LiteOps
import Passes
import TFLiteFormat
import XCTest

/// Every pass keeps the graph's interface and its outputs; these tests check that on graphs
/// shaped like the importers' output (NHWC ops wrapped in NCHW transposes).
final class PassInvariantTests: XCTestCase {
    /// x (NCHW) → [T → Conv2D → T] → Relu → Mul(per-channel const) → [T → Conv2D → T] → Add(residual) → GlobalAvg → Reshape
    private func convolutionalGraph() throws -> Graph {
        var builder = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, [.symbolic("N"), .fixed(3), .fixed(6), .fixed(6)])]))
        func weights(_ seed: Int) -> Tensor {
            Tensor(shape: [3, 3, 3, 3], values: (0..<81).map { Float(($0 * 7 + seed) % 11) / 11 - 0.5 })
        }
        builder.graph.setConstant("w1", weights(1))
        builder.graph.setConstant("w2", weights(2))
        builder.graph.setConstant("scale", Tensor(shape: [3, 1, 1], values: [Float](arrayLiteral: 0.5, -1, 2)))
        func conv(_ x: String, _ w: String) throws -> String {
            let nhwc = try builder.add("Transpose", [x], ["perm": .ints([0, 2, 3, 1])], name: "to_nhwc")
            let y = try builder.add("Conv2D", [nhwc, w], ["pads": .ints([1, 1, 1, 1])], name: "conv")
            return try builder.add("Transpose", [y], ["perm": .ints([0, 3, 1, 2])], name: "to_nchw")
        }
        let a = try builder.add("Relu", [try conv("x", "w1")], name: "relu")
        let b = try builder.add("Mul", [a, "scale"], name: "scale")
        let c = try builder.add("Add", [try conv(b, "w2"), a], name: "residual")
        let pooled = try builder.add("ReduceMean", [c], ["axes": .ints([2, 3]), "keepdims": .int(1)], name: "pool")
        try builder.add(Node(name: "flatten", op: "Reshape", inputs: [pooled], outputs: ["y"], attributes: ["shape": .ints([-1, 3])]))
        return builder.graph
    }

    private func outputs(_ graph: Graph, batch: Int) throws -> [Float] {
        let x = Tensor(shape: [batch, 3, 6, 6], values: (0..<(batch * 108)).map { sin(Float($0)) })
        return try Interpreter(graph: graph).run(["x": x])["y"]!.values(Float.self)
    }

    func testDefaultPipelineRemovesInnerTransposesAndKeepsResults() throws {
        let original = try convolutionalGraph()
        var optimized = original
        let stats = try Pipeline(target: TFLiteTarget()).run(on: &optimized)
        XCTAssertEqual(stats.map(\.id), Pipeline.defaultIDs)
        XCTAssertEqual(optimized.inputs, original.inputs)
        XCTAssertEqual(optimized.outputs, original.outputs)
        XCTAssertEqual(optimized.types["x"], original.types["x"])
        XCTAssertEqual(optimized.types["y"], original.types["y"])
        // Only the transpose of the NCHW input remains; the pool reads NHWC and the flatten
        // needs no transpose because only size-1 dims move, so the pool drops them itself. The
        // per-channel Mul folds into the second convolution's weights.
        XCTAssertEqual(optimized.nodes.map(\.op), ["Transpose", "Conv2D", "Conv2D", "Add", "ReduceMean"])
        XCTAssertEqual(optimized.nodes[1].attributes["activation"].map { "\($0)" }, "\"RELU\"")
        for batch in [1, 3] {
            let before = try outputs(original, batch: batch), after = try outputs(optimized, batch: batch)
            XCTAssertEqual(before.count, after.count)
            for (a, b) in zip(before, after) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        }
    }

    func testBoundaryLayoutLeavesNoTransposeForNHWCInputs() throws {
        var graph = try convolutionalGraph()
        _ = try Pipeline(ids: ["nhwc-io"] + Pipeline.defaultIDs, target: TFLiteTarget()).run(on: &graph)
        XCTAssertFalse(graph.nodes.contains { $0.op == "Transpose" }, "\(graph.nodes.map(\.op))")
        XCTAssertEqual(graph.types["x"], TensorType(.float32, [.symbolic("N"), .fixed(6), .fixed(6), .fixed(3)]))
        // Only the 4-D input changed (the output is 2-D), recorded once even when the pass runs again.
        XCTAssertEqual(try BoundaryLayouts(of: graph).nhwcFromNCHW, ["x"])
        XCTAssertEqual(try BoundaryLayout().apply(to: &graph), 0)
        XCTAssertEqual(try BoundaryLayouts(of: graph).nhwcFromNCHW, ["x"])
    }

    func testConstantFoldingEvaluatesShapeChains() throws {
        var builder = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, fixed: [2, 3, 4])]))
        builder.graph.setConstant("zero", Tensor(shape: [1], values: [Int64(0)]))
        let shape = try builder.add("Shape", ["x"], name: "shape")
        let first = try builder.add("Gather", [shape, "zero"], name: "first")
        try builder.add(Node(name: "fill", op: "ConstantOfShape", inputs: [first], outputs: ["y"]))
        // Shape and Gather folded while building; the graph output stays a node.
        XCTAssertEqual(builder.graph.nodes.map(\.op), ["ConstantOfShape"])
        XCTAssertEqual(builder.graph.constants[first]?.values(Int64.self), [2])
        XCTAssertEqual(builder.graph.types["y"], TensorType(.float32, fixed: [2]))
    }

    func testUnknownPassIsAnError() {
        XCTAssertThrowsError(try Pipeline(ids: ["no-such-pass"], target: TFLiteTarget())) { error in
            XCTAssertTrue("\(error)".contains("no-such-pass"))
        }
    }
}

/// Activation fusion keeps values and only fuses what TFLite can express.
final class FuseActivationsTests: XCTestCase {
    func testFusesReluSixButNotArbitraryClipOrSharedResults() throws {
        var builder = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["a", "c"], types: ["x": TensorType(.float32, fixed: [2, 3])]))
        builder.graph.setConstant("k", Tensor(shape: [3], values: [Float](arrayLiteral: 4, -5, 8)))
        let sum = try builder.add("Add", ["x", "k"], name: "sum")
        try builder.add(Node(name: "relu6", op: "Clip", inputs: [sum], outputs: ["a"], attributes: ["min": .float(0), "max": .float(6)]))
        let product = try builder.add("Mul", ["x", "k"], name: "product")
        let clipped = try builder.add("Clip", [product], ["min": .float(-2), "max": .float(2)], name: "clip")
        try builder.add(Node(name: "c", op: "Add", inputs: [clipped, product], outputs: ["c"]))
        var graph = builder.graph
        let x = Tensor(shape: [2, 3], values: [Float](arrayLiteral: 1, 2, -3, 0.5, -9, 1))
        let before = try Interpreter(graph: graph).run(["x": x])
        XCTAssertEqual(try FuseActivations(target: TFLiteTarget()).apply(to: &graph), 1)
        try TypeInference.run(&graph)
        XCTAssertEqual(graph.nodes.map(\.op), ["Add", "Mul", "Clip", "Add"])
        let after = try Interpreter(graph: graph).run(["x": x])
        for name in ["a", "c"] { XCTAssertEqual(before[name]?.values(Float.self), after[name]?.values(Float.self)) }
        XCTAssertEqual(after["a"]?.values(Float.self), [5, 0, 5, 4.5, 0, 6])
    }

    /// TFLite's CONCATENATION kernel refuses a fused activation and XNNPACK drops it: the Relu
    /// after a Concat stays an op (ShuffleNet's stride-2 units end so); the Add's folds.
    func testDoesNotFuseIntoConcatenation() throws {
        var builder = GraphBuilder(graph: Graph(inputs: ["x", "y"], outputs: ["a", "b"],
                                                types: ["x": TensorType(.float32, fixed: [1, 4]), "y": TensorType(.float32, fixed: [1, 4])]))
        let joined = try builder.add("Concat", ["x", "y"], ["axis": .int(1)], name: "joined")
        try builder.add(Node(name: "a", op: "Relu", inputs: [joined], outputs: ["a"]))
        let sum = try builder.add("Add", ["x", "y"], name: "sum")
        try builder.add(Node(name: "b", op: "Relu", inputs: [sum], outputs: ["b"]))
        var graph = builder.graph
        XCTAssertEqual(try FuseActivations(target: TFLiteTarget()).apply(to: &graph), 1)
        XCTAssertEqual(graph.nodes.map(\.op), ["Concat", "Relu", "Add"])
        XCTAssertNil(graph.nodes[0].attributes["activation"])
        XCTAssertEqual(try graph.nodes[2].string("activation", "NONE"), "RELU")
    }

    func testNeedsATarget() {
        var graph = Graph()
        XCTAssertThrowsError(try FuseActivations().apply(to: &graph))
    }
}
