import LiteIR

/// The layout pass: moves Transpose ops down the graph through ops that commute with them,
/// composing and cancelling them on the way. The importers wrap NHWC-only ops (convolutions,
/// pools, resizes) in NCHW↔NHWC transposes; this pass removes the pairs between consecutive such
/// ops, so a convolutional network keeps transposes only at its boundary.
///
/// One forward sweep: a value that equals `Transpose(source, perm)` is kept *deferred*; ops that
/// commute (elementwise ops, and axis-carrying ops whose axes are remapped: Concat, Split, Softmax,
/// reductions, Pad, Slice, Gather, reshapes that only add or drop unit dims) are re-emitted on
/// the source, and a deferred value is materialized (as a Transpose producing the original name)
/// only where something needs it. A Flatten into a fully-connected layer then takes the
/// un-transposed activations and permutes the layer's weights instead (``permuteFlattenedWeights``).
public struct TransposeSinking: GraphPass {
    public let id = "sink-transposes"
    public let summary = "move the graph to NHWC: push transposes through elementwise and axis ops, cancel pairs, permute Flatten→Dense weights"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        let before = graph.nodes.filter { $0.op == "Transpose" }.count
        var sweep = TransposeSweep(graph: graph)
        for node in graph.nodes { try sweep.visit(node) }
        for output in graph.outputs { sweep.materialize(output) }
        sweep.graph.nodes = sweep.emitted
        graph = sweep.graph
        graph.removeDeadCode()
        try Self.permuteFlattenedWeights(&graph)
        return max(before - graph.nodes.filter { $0.op == "Transpose" }.count, 0)
    }
}

/// The state of one forward sweep of ``TransposeSinking``.
struct TransposeSweep {
    var graph: Graph
    var emitted: [Node] = []
    /// value → (source, perm) with value == Transpose(source, perm), not yet materialized.
    var deferred: [String: (source: String, perm: [Int])] = [:]
    var materialized: Set<String> = []

    init(graph: Graph) { self.graph = graph }

    mutating func visit(_ node: Node) throws {
        var node = node
        if node.op == "Transpose", let x = node.inputs.first, let perm = try node.intsIfPresent("perm") {
            if let inner = deferred[x] {
                deferred[node.outputs[0]] = (inner.source, perm.map { inner.perm[$0] })
            } else {
                deferred[node.outputs[0]] = (x, perm)
            }
            return
        }
        if node.op == "Reshape", let x = node.inputs.first, let (source, perm) = deferred[x],
           let dims = graph.types[source]?.shape, Self.movesOnlyUnitDims(perm, of: dims) {
            node.inputs[0] = source
        }
        if let outputPerms = try sink(&node) {
            // Re-emit the op on the un-transposed sources under fresh output names; the original
            // names become deferred.
            for (k, original) in node.outputs.enumerated() where !original.isEmpty && outputPerms[k] != Array(outputPerms[k].indices) {
                let fresh = graph.freshName(original + "_nhwc")
                if let type = graph.types[original] {
                    var dims = type.shape
                    for (i, p) in outputPerms[k].enumerated() { dims[p] = type.shape[i] }
                    graph.types[fresh] = TensorType(type.dtype, dims)
                }
                node.outputs[k] = fresh
                deferred[original] = (fresh, outputPerms[k])
            }
            emitted.append(node)
            return
        }
        for (i, input) in node.inputs.enumerated() {
            guard let (source, perm) = deferred[input] else { continue }
            if perm == Array(perm.indices) {
                node.inputs[i] = source
            } else {
                materialize(input)
            }
        }
        emitted.append(node)
    }

    /// Emits `Transpose(source, perm)` under the value's own name, once — as a Reshape when the
    /// transpose only moves unit dims, which keeps memory order.
    mutating func materialize(_ value: String) {
        guard let (source, perm) = deferred[value], !materialized.contains(value) else { return }
        materialized.insert(value)
        let name = graph.freshName(value + "_transpose")
        if let dims = graph.types[source]?.shape, Self.movesOnlyUnitDims(perm, of: dims), let target = graph.types[value]?.shape.reshapeTarget(keepingZeros: false) {
            emitted.append(Node(name: name, op: "Reshape", inputs: [source], outputs: [value], attributes: ["shape": .ints(target)]))
            return
        }
        emitted.append(Node(name: name, op: "Transpose", inputs: [source], outputs: [value], attributes: ["perm": .ints(perm)]))
    }

    /// Whether transposing a value of `dims` by `perm` only moves unit dims, keeping memory order
    /// (so it is a reshape).
    static func movesOnlyUnitDims(_ perm: [Int], of dims: [Dim]) -> Bool {
        let moved = perm.filter { dims[$0] != .fixed(1) }
        return moved == moved.sorted()
    }

    /// Adds nodes computing the constant broadcast-expanded to `rank` and transposed by `inverse`.
    mutating func permutedConstant(_ name: String, _ constant: Tensor, rank: Int, inverse: [Int]) -> String {
        if constant.shape.allSatisfy({ $0 == 1 }) && constant.rank < rank { return name }
        let expanded = Array(repeating: 1, count: rank - constant.rank) + constant.shape
        let reshaped = graph.freshName(name + "_expanded")
        graph.types[reshaped] = TensorType(constant.dtype, fixed: expanded)
        emitted.append(Node(name: reshaped, op: "Reshape", inputs: [name], outputs: [reshaped], attributes: ["shape": .ints(expanded)]))
        let permuted = graph.freshName(name + "_nhwc")
        graph.types[permuted] = TensorType(constant.dtype, fixed: inverse.map { expanded[$0] })
        emitted.append(Node(name: permuted, op: "Transpose", inputs: [reshaped], outputs: [permuted], attributes: ["perm": .ints(inverse)]))
        return permuted
    }
}

func invert(_ perm: [Int]) -> [Int] {
    var inverse = [Int](repeating: 0, count: perm.count)
    for (i, p) in perm.enumerated() { inverse[p] = i }
    return inverse
}
