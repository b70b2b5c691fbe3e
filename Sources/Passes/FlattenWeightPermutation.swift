import LiteIR
import LiteOps

extension TransposeSinking {
    /// `Transpose(x, perm) → Flatten → FullyConnected/MatMul` with constant weights, where the
    /// transpose keeps the batch axis: the flatten reads `x` directly and the weights' K axis is
    /// permuted to match, so NHWC activations feed a Dense layer trained on NCHW ones without
    /// moving any activation at run time.
    static func permuteFlattenedWeights(_ graph: inout Graph) throws {
        let uses = graph.users()
        let outputs = Set(graph.outputs)
        var permutedWeights: [String: String] = [:]
        for t in graph.nodes.indices where graph.nodes[t].op == "Transpose" {
            let transpose = graph.nodes[t], flattened = transpose.outputs[0]
            guard let perm = try transpose.intsIfPresent("perm"), perm.first == 0, !outputs.contains(flattened),
                  let dims = graph.types[flattened]?.shape, let k = ShapeMath.product(dims.dropFirst()),
                  let readers = uses[flattened], !readers.isEmpty else { continue }
            let layers = readers.flatMap { uses[graph.nodes[$0].outputs[0]] ?? [] }
            guard readers.allSatisfy({ isFlatten(graph.nodes[$0], of: dims, k: k, in: graph) && !outputs.contains(graph.nodes[$0].outputs[0]) }),
                  !layers.isEmpty, layers.allSatisfy({ weightAxis(graph.nodes[$0], k: k, in: graph) != nil }) else { continue }
            let order = flattenOrder(dims: dims.dropFirst().map { $0.value! }, perm: Array(perm.dropFirst().map { $0 - 1 }))
            for layer in layers {
                let node = graph.nodes[layer], weights = node.inputs[1]
                if let done = permutedWeights[weights] {
                    graph.nodes[layer].inputs[1] = done
                    continue
                }
                let permuted = try OpRegistry.evaluate("Gather", [graph.constants[weights]!, Tensor(shape: [k], values: order.map(Int64.init))],
                                                       ["axis": .int(weightAxis(node, k: k, in: graph)!)])
                let sharedElsewhere = graph.nodes.indices.contains { !layers.contains($0) && graph.nodes[$0].inputs.contains(weights) }
                let name = sharedElsewhere ? graph.addConstant(weights + "_nhwc", permuted) : weights
                if !sharedElsewhere { graph.setConstant(weights, permuted) }
                permutedWeights[weights] = name
                graph.nodes[layer].inputs[1] = name
            }
            for reader in readers { graph.nodes[reader].inputs[0] = transpose.inputs[0] }
        }
        graph.removeDeadCode()
    }

    /// Whether `node` flattens a value of `dims` to [dims[0], k].
    private static func isFlatten(_ node: Node, of dims: [Dim], k: Int, in graph: Graph) -> Bool {
        node.op == "Reshape" && node.inputs.count == 1 && graph.types[node.outputs[0]]?.shape == [dims[0], .fixed(k)]
    }

    /// The K axis of a fully-connected layer's constant weights ([N, K] or MatMul's [K, N]).
    private static func weightAxis(_ node: Node, k: Int, in graph: Graph) -> Int? {
        guard node.inputs.count >= 2, let w = graph.constants[node.inputs[1]], w.rank == 2 else { return nil }
        switch node.op {
        case "FullyConnected": return w.shape[1] == k ? 1 : nil
        case "MatMul": return w.shape[0] == k ? 0 : nil
        default: return nil
        }
    }

    /// For each position of the flattened source (whose axes, transposed by `perm`, have `dims`),
    /// the position the same element had in the flattened transposed value.
    private static func flattenOrder(dims: [Int], perm: [Int]) -> [Int] {
        let inverse = invert(perm)
        let sourceDims = inverse.map { dims[$0] }
        let strides = ShapeMath.strides(dims)
        let count = dims.reduce(1, *)
        return (0..<count).map { flat in
            var rest = flat, old = 0
            for axis in sourceDims.indices.reversed() {
                let coordinate = rest % sourceDims[axis]
                rest /= sourceDims[axis]
                old += coordinate * strides[inverse[axis]]
            }
            return old
        }
    }
}
