import LiteIR
import LiteOps

/// The L2 normalization chains TFLite has one op for: `x · f(Σx²)` or `x / g(Σx²)` over the last
/// axis (rank ≤ 4), where the elementwise chain f is rsqrt(max(·, 1e-12)) or g is
/// max(√·, 1e-6) — tf.nn.l2_normalize and Keras's UnitNormalization — become L2_NORMALIZATION,
/// whose kernel computes x / max(‖x‖, 1e-6). The chain is checked by evaluating it, including at
/// the tiny sums where the epsilon decides; a chain with another epsilon (or none) stays.
public struct NormalizationFusion: GraphPass {
    public let id = "fuse-normalizations"
    public let summary = "x · rsqrt(max(Σx², 1e-12)) chains over the last axis become L2_NORMALIZATION"
    public init() {}

    /// Sums of squares the chain is probed at, around the epsilon and far from it.
    static let probes: [Float] = [0, 1e-14, 1e-13, 1e-12, 4e-12, 1e-11, 1e-9, 1e-6, 1e-3, 0.25, 1, 3, 100, 1e6]

    public func apply(to graph: inout Graph) throws -> Int {
        var fused = 0
        var links = Links(graph)
        for index in graph.nodes.indices {
            if try fuse(index, in: &graph, links) {
                fused += 1
                links = Links(graph)
            }
        }
        graph.removeDeadCode()
        return fused
    }

    func fuse(_ index: Int, in graph: inout Graph, _ links: Links) throws -> Bool {
        let node = graph.nodes[index]
        guard node.op == "Mul" || node.op == "Div", node.inputs.count == 2, node.attributes["activation"] == nil else { return false }
        let orders = node.op == "Mul" ? [(0, 1), (1, 0)] : [(0, 1)]
        for (data, scale) in orders {
            let x = node.inputs[data]
            guard let type = graph.types[x], type.dtype == .float32, (1...4).contains(type.rank), graph.types[node.outputs[0]] == type,
                  let end = links.producers[node.inputs[scale]], links.users[node.inputs[scale]] == [index] else { continue }
            for region in Region.candidates(endingAt: end, in: graph, links) {
                guard let sum = links.producers[region.input], isSumOfSquares(graph.nodes[sum], of: x, rank: type.rank, in: graph),
                      (links.users[region.input] ?? []).allSatisfy(region.nodes.contains), region.channels == 1, let values = try? region.evaluate(at: Self.probes, in: graph).map({ $0[0] }) else { continue }
                let expected = Self.probes.map { max($0.squareRoot(), 1e-6) }.map { node.op == "Mul" ? 1 / $0 : $0 }
                guard zip(values, expected).allSatisfy({ abs($0 - $1) <= 1e-5 * abs($1) }) else { continue }
                graph.nodes[index] = Node(name: node.name, op: "L2Normalization", inputs: [x], outputs: node.outputs)
                return true
            }
        }
        return false
    }

    /// Whether `node` is ReduceSum(x · x) over the last axis, keeping it, with a private square.
    private func isSumOfSquares(_ node: Node, of x: String, rank: Int, in graph: Graph) -> Bool {
        guard node.op == "ReduceSum", node.inputs.count == 1, (try? node.int("keepdims", 1)) != 0,
              let axes = try? node.intsIfPresent("axes"), axes.map({ $0 < 0 ? $0 + rank : $0 }) == [rank - 1],
              let square = graph.producerIndex(of: node.inputs[0]) else { return false }
        return graph.nodes[square].op == "Mul" && graph.nodes[square].inputs == [x, x]
    }
}
