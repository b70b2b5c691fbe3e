import Interpreter
import LiteIR
import LiteOps
import Passes
import XCTest

/// Channel pruning on hand-built graphs, one per dependency case: the shapes and parameter
/// counts after it, and that the pruned graph computes exactly what the original computes with
/// the removed channels' weights and biases set to zero (the kept channels are untouched).
final class ChannelPruningTests: XCTestCase {
    private var seed: UInt64 = 1

    /// A weight (or bias) constant of `shape` with fresh pseudo-random values.
    private func constant(_ b: inout GraphBuilder, _ name: String, _ shape: [Int]) -> String {
        seed += 1
        return b.graph.addConstant(name, random(shape, seed: seed))
    }

    /// A 1×1 convolution with bias from `input` (of `channels`) to `outputs` channels.
    private func pointwise(_ b: inout GraphBuilder, _ input: String, _ name: String, _ channels: Int, _ outputs: Int) throws -> String {
        try b.add("Conv2D", [input, constant(&b, "\(name).w", [outputs, 1, 1, channels]), constant(&b, "\(name).b", [outputs])], name: name)
    }

    /// Prunes half the channels; checks the outputs keep their types and that the pruned graph
    /// equals the original with the removed channels zeroed (`zeroed`: the constants, besides
    /// the pruned layers' weights and biases, whose entries for removed channels go: name and
    /// the layer whose channels they follow).
    private func prune(_ graph: Graph, input: [Int], zeroed: [(constant: String, layer: String)] = []) throws -> (Graph, [String: ChannelPruning.Layer]) {
        var pruned = graph
        let result = try ChannelPruning.apply(to: &pruned, fraction: 0.5)
        let layers = Dictionary(uniqueKeysWithValues: result.layers.map { ($0.node, $0) })
        for name in graph.outputs { XCTAssertEqual(pruned.types[name], graph.types[name], "output \(name) keeps its type") }
        var masked = graph
        func zero(_ name: String, removing channels: Set<Int>) {
            let t = masked.constants[name]!
            let per = t.count / t.shape[0]
            var v = t.values(Float.self)
            for i in v.indices where channels.contains(i / per) { v[i] = 0 }
            masked.setConstant(name, Tensor(shape: t.shape, values: v))
        }
        func removed(_ layer: String) -> Set<Int> { Set(0..<layers[layer]!.channelsBefore).subtracting(layers[layer]!.keptChannels) }
        for node in graph.nodes where layers[node.name] != nil {
            for j in 1..<node.inputs.count { zero(node.inputs[j], removing: removed(node.name)) }
        }
        for (name, layer) in zeroed { zero(name, removing: removed(layer)) }
        let feed = [graph.inputs[0]: random(input, seed: 99)]
        let expected = try Interpreter(graph: masked, engine: .reference).run(feed)
        let actual = try Interpreter(graph: pruned, engine: .reference).run(feed)
        for name in graph.outputs {
            let e = try XCTUnwrap(expected[name]).values(Float.self), a = try XCTUnwrap(actual[name]).values(Float.self)
            XCTAssertEqual(a.count, e.count)
            for (x, y) in zip(a, e) { XCTAssertEqual(x, y, accuracy: 1e-6 * max(1, abs(y)), name) }
        }
        return (pruned, layers)
    }

    private func weightShape(_ graph: Graph, _ node: String) -> [Int]? {
        graph.nodes.first { $0.name == node }.flatMap { graph.constants[$0.inputs[1]]?.shape }
    }

    /// a → relu → b, b + relu(a) (a residual Add ties a and b), then c to the output.
    func testAResidualAddPrunesItsBranchesAlike() throws {
        var b = builder(["x": [1, 4, 4, 3]], outputs: [])
        let a = try b.add("Relu", [try pointwise(&b, "x", "a", 3, 8)], name: "a.relu")
        let sum = try b.add("Add", [try pointwise(&b, a, "b", 8, 8), a], name: "residual")
        b.graph.outputs = [try pointwise(&b, sum, "c", 8, 5)]
        let (pruned, layers) = try prune(b.graph, input: [1, 4, 4, 3])
        XCTAssertEqual(layers["a"]?.keptChannels, layers["b"]?.keptChannels, "tied groups keep the same channels")
        XCTAssertEqual(layers["a"]?.channelsAfter, 4)
        XCTAssertEqual(layers["c"]?.channelsAfter, 5)
        XCTAssertEqual(layers["c"]?.keptAll, "reaches a model output")
        XCTAssertEqual(weightShape(pruned, "b"), [4, 1, 1, 4])
        XCTAssertEqual(weightShape(pruned, "c"), [5, 1, 1, 4])
        XCTAssertEqual(layers.values.map(\.parametersAfter).reduce(0, +), (4 * 3 + 4) + (4 * 4 + 4) + (5 * 4 + 5))
    }

    /// a → ×(per-channel constant) → depthwise 3×3 with bias → relu → c: the channels pass through
    /// the constant and the depthwise filters.
    func testChannelsPassThroughADepthwiseConvolution() throws {
        var b = builder(["x": [1, 5, 5, 2]], outputs: [])
        let a = try pointwise(&b, "x", "a", 2, 6)
        let scaled = try b.add("Mul", [a, constant(&b, "scale", [6])], name: "scaled")
        let dw = try b.add("Conv2D", [scaled, constant(&b, "dw.w", [6, 3, 3, 1]), constant(&b, "dw.b", [6])],
                           ["group": .int(6), "pads": .ints([1, 1, 1, 1])], name: "dw")
        b.graph.outputs = [try pointwise(&b, try b.add("Relu", [dw], name: "dw.relu"), "c", 6, 3)]
        let (pruned, layers) = try prune(b.graph, input: [1, 5, 5, 2], zeroed: [("dw.b", "a")])
        XCTAssertEqual(layers["a"]?.channelsAfter, 3)
        XCTAssertEqual(weightShape(pruned, "dw"), [3, 3, 3, 1])
        XCTAssertEqual(try pruned.nodes.first { $0.name == "dw" }?.int("group", 0), 3)
        XCTAssertEqual(pruned.nodes.first { $0.name == "scaled" }.flatMap { pruned.constants[$0.inputs[1]]?.shape }, [3])
        XCTAssertEqual(weightShape(pruned, "c"), [3, 1, 1, 3])
    }

    /// a (4) and b (6) concatenated along the channels, then c: c's columns follow the offsets.
    func testAConcatenationPlacesEachInputsChannels() throws {
        var b = builder(["x": [1, 3, 3, 2]], outputs: [])
        let joined = try b.add("Concat", [try pointwise(&b, "x", "a", 2, 4), try pointwise(&b, "x", "b", 2, 6)], ["axis": .int(-1)], name: "joined")
        b.graph.outputs = [try pointwise(&b, joined, "c", 10, 3)]
        let (pruned, layers) = try prune(b.graph, input: [1, 3, 3, 2])
        XCTAssertEqual(layers["a"]?.channelsAfter, 2)
        XCTAssertEqual(layers["b"]?.channelsAfter, 3)
        XCTAssertEqual(pruned.types[pruned.nodes.first { $0.op == "Concat" }!.outputs[0]]?.shape.last?.value, 5)
        XCTAssertEqual(weightShape(pruned, "c"), [3, 1, 1, 5])
    }

    /// a (8 channels on 2×2) flattened to 32 values, then a dense layer: its columns go at every position.
    func testAFlattenedConvolutionLosesDenseColumnsAtEveryPosition() throws {
        var b = builder(["x": [1, 2, 2, 3]], outputs: [])
        let flat = try b.add("Reshape", [try b.add("Relu", [try pointwise(&b, "x", "a", 3, 8)], name: "a.relu")], ["shape": .ints([1, 32])], name: "flatten")
        b.graph.outputs = [try b.add("FullyConnected", [flat, constant(&b, "d.w", [5, 32]), constant(&b, "d.b", [5])], name: "d")]
        let (pruned, layers) = try prune(b.graph, input: [1, 2, 2, 3])
        XCTAssertEqual(layers["a"]?.channelsAfter, 4)
        XCTAssertEqual(weightShape(pruned, "d"), [5, 16])
        XCTAssertEqual(layers["d"]?.parametersAfter, 5 * 16 + 5)
        XCTAssertEqual(layers["d"]?.macsBefore, 5 * 32)
        XCTAssertEqual(layers["d"]?.macsAfter, 5 * 16)
    }

    /// a → grouped convolution (2 groups): a keeps its channels, so does the grouped layer; b,
    /// which feeds a model output through a dense layer it alone reads, is pruned.
    func testAGroupedConvolutionKeepsTheChannelsItReads() throws {
        var b = builder(["x": [1, 3, 3, 2]], outputs: [])
        let grouped = try b.add("Conv2D", [try pointwise(&b, "x", "a", 2, 8), constant(&b, "g.w", [8, 1, 1, 4])], ["group": .int(2)], name: "g")
        let other = try b.add("Relu", [try pointwise(&b, "x", "b", 2, 6)], name: "b.relu")
        b.graph.outputs = [grouped, try pointwise(&b, other, "c", 6, 2)]
        let (pruned, layers) = try prune(b.graph, input: [1, 3, 3, 2])
        XCTAssertEqual(layers["a"]?.keptAll, "read by the grouped convolution g")
        XCTAssertEqual(layers["a"]?.channelsAfter, 8)
        XCTAssertEqual(weightShape(pruned, "g"), [8, 1, 1, 4])
        XCTAssertEqual(layers["b"]?.channelsAfter, 3)
        XCTAssertEqual(weightShape(pruned, "c"), [2, 1, 1, 3])
    }

    /// The channels kept are the largest L1 norms.
    func testTheSmallestChannelsGo() throws {
        var b = builder(["x": [1, 1, 1, 2]], outputs: [])
        let w = b.graph.addConstant("a.w", Tensor(shape: [4, 1, 1, 2], values: [Float](arrayLiteral: 1, 1, 0.1, 0.1, 3, -3, 0.2, 0)))
        let a = try b.add("Conv2D", ["x", w], name: "a")
        b.graph.outputs = [try pointwise(&b, a, "c", 4, 1)]
        var graph = b.graph
        let result = try ChannelPruning.apply(to: &graph, fraction: 0.5)
        XCTAssertEqual(result.layers.first { $0.node == "a" }?.keptChannels, [0, 2])
        XCTAssertEqual(graph.constants[graph.nodes[0].inputs[1]]?.values(Float.self), [1, 1, 3, -3])
        XCTAssertEqual(result.parametersBefore, 8 + 4 + 1)
        XCTAssertEqual(result.parametersAfter, 4 + 2 + 1)
    }
}
