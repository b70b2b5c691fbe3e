import LiteIR
import LiteOps
import Passes
import XCTest

/// Magnitude pruning on a four-layer MLP (64 → 128 → 128 → 64 → 10): the requested share of
/// weights (or 1×4 blocks) is zeroed, exactly the smallest ones (per layer, or under one threshold
/// across layers), the first and last layers stay dense unless asked, and the other weights are
/// untouched.
final class MagnitudePruningTests: XCTestCase {
    private func mlp() throws -> Graph {
        var b = builder(["x": [1, 64]], outputs: [])
        var value = "x"
        for (i, (outputs, inputs)) in [(128, 64), (128, 128), (64, 128), (10, 64)].enumerated() {
            let w = b.graph.addConstant("w\(i)", random([outputs, inputs], seed: UInt64(i + 1)))
            value = try b.add("FullyConnected", [value, w], name: "dense\(i)")
        }
        b.graph.outputs = [value]
        return b.graph
    }

    private func weights(_ graph: Graph) -> [[Float]] {
        graph.nodes.filter { $0.op == "FullyConnected" }.map { graph.constants[$0.inputs[1]]!.values(Float.self) }
    }

    func testEachLayerLosesItsSmallestWeightsFirstAndLastStayDense() throws {
        var graph = try mlp()
        let before = weights(graph)
        let layers = try MagnitudePruning.apply(to: &graph, .init(sparsity: 0.5))
        XCTAssertEqual(layers.map(\.skipped), ["first layer", nil, nil, "last layer"])
        let after = weights(graph)
        XCTAssertEqual(after[0], before[0])
        XCTAssertEqual(after[3], before[3])
        for layer in 1...2 {
            let zeroed = after[layer].indices.filter { after[layer][$0] == 0 && before[layer][$0] != 0 }
            XCTAssertEqual(after[layer].filter { $0 == 0 }.count, before[layer].count / 2, "layer \(layer): exactly half")
            let largestPruned = zeroed.map { abs(before[layer][$0]) }.max()!
            let smallestKept = after[layer].filter { $0 != 0 }.map(abs).min()!
            XCTAssertLessThanOrEqual(largestPruned, smallestKept, "layer \(layer): the smallest magnitudes go")
            XCTAssertTrue(after[layer].indices.allSatisfy { after[layer][$0] == 0 || after[layer][$0] == before[layer][$0] }, "kept weights untouched")
            XCTAssertEqual(layers[layer].zerosAfter, before[layer].count / 2)
        }
    }

    func testBlocksOfFourAlongTheInputAxisGoWhole() throws {
        var graph = try mlp()
        _ = try MagnitudePruning.apply(to: &graph, .init(sparsity: 0.8, block: 4, everyLayer: true))
        for (layer, w) in weights(graph).enumerated() {
            let blocks = stride(from: 0, to: w.count, by: 4).map { Array(w[$0..<$0 + 4]) }
            let zeroBlocks = blocks.filter { $0.allSatisfy { $0 == 0 } }.count
            XCTAssertTrue(blocks.allSatisfy { $0.allSatisfy { $0 == 0 } || $0.allSatisfy { $0 != 0 } }, "layer \(layer): whole blocks")
            XCTAssertEqual(Double(zeroBlocks) / Double(blocks.count), 0.8, accuracy: 1 / Double(blocks.count), "layer \(layer)")
        }
    }

    func testTheGlobalScopeSharesOneThreshold() throws {
        var graph = try mlp()
        let before = weights(graph)
        _ = try MagnitudePruning.apply(to: &graph, .init(sparsity: 0.6, scope: .global))
        let after = weights(graph)
        let pruned = (1...2).flatMap { l in after[l].indices.filter { after[l][$0] == 0 }.map { abs(before[l][$0]) } }
        let kept = (1...2).flatMap { l in after[l].filter { $0 != 0 }.map(abs) }
        XCTAssertEqual(Double(pruned.count) / Double(pruned.count + kept.count), 0.6, accuracy: 1e-3)
        XCTAssertLessThanOrEqual(pruned.max()!, kept.min()!)
        XCTAssertThrowsError(try MagnitudePruning.apply(to: &graph, .init(sparsity: 1.5)))
    }
}
