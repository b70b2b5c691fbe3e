import LiteIR

/// Moves Transpose ops down the graph through ops that commute with them, composing and
/// cancelling them on the way. The importers wrap NHWC-only ops (convolutions, pools) in
/// NCHW↔NHWC transposes; this pass removes the pairs between consecutive such ops, so a
/// convolutional network keeps transposes only at its boundary.
///
/// One forward sweep: a value that equals `Transpose(source, perm)` is kept *deferred*; ops that
/// commute are re-emitted on the source with their axes remapped, and a deferred value is
/// materialized (as a Transpose producing the original name) only where something needs it.
public struct TransposeSinking: GraphPass {
    public let id = "sink-transposes"
    public let summary = "push transposes through elementwise/axis ops and cancel inverse pairs"
    public init() {}

    static let elementwiseUnary: Set<String> = [
        "Relu", "Sigmoid", "Tanh", "LeakyRelu", "HardSigmoid", "HardSwish", "Clip", "Abs", "Neg",
        "Exp", "Log", "Sqrt", "Rsqrt", "Erf", "Floor", "Ceil", "Identity", "Cast",
    ]
    static let elementwiseBinary: Set<String> = ["Add", "Sub", "Mul", "Div", "Max", "Min", "Pow"]

    public func apply(to graph: inout Graph) throws -> Int {
        var sweep = Sweep(graph: graph)
        for node in graph.nodes { try sweep.visit(node) }
        for output in graph.outputs { sweep.materialize(output) }
        let removed = graph.nodes.filter { $0.op == "Transpose" }.count - sweep.emitted.filter { $0.op == "Transpose" }.count
        sweep.graph.nodes = sweep.emitted
        graph = sweep.graph
        graph.removeDeadCode()
        return max(removed, 0)
    }
}

/// The state of one forward sweep of ``TransposeSinking``.
private struct Sweep {
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
           let dims = graph.types[x]?.shape {
            // A transpose that only moves size-1 dims keeps memory order: reshape the source directly.
            let moved = perm.indices.filter { dims[$0] != .fixed(1) }.map { perm[$0] }
            if moved == moved.sorted() { node.inputs[0] = source }
        }
        if let perm = try sinkablePerm(&node) {
            // Re-emit the op on the un-transposed sources under a fresh output name; the original
            // name becomes deferred.
            let original = node.outputs[0]
            let fresh = graph.freshName(original + "_nhwc")
            graph.types[fresh] = graph.types[original]  // refreshed by type inference afterwards
            node.outputs[0] = fresh
            emitted.append(node)
            deferred[original] = (fresh, perm)
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

    /// Emits `Transpose(source, perm)` under the value's own name, once.
    mutating func materialize(_ value: String) {
        guard let (source, perm) = deferred[value], !materialized.contains(value) else { return }
        materialized.insert(value)
        emitted.append(Node(name: graph.freshName(value + "_transpose"), op: "Transpose", inputs: [source], outputs: [value],
                            attributes: ["perm": .ints(perm)]))
    }

    /// When `node` commutes with the transposes on its inputs: rewrites its inputs and axis
    /// attributes to work on the sources and returns the perm its output carries.
    mutating func sinkablePerm(_ node: inout Node) throws -> [Int]? {
        guard node.outputs.count == 1,
              let perm = node.inputs.compactMap({ deferred[$0]?.perm }).first else { return nil }
        let rank = perm.count
        let inverse = invert(perm)
        func axis(_ a: Int) -> Int { perm[a < 0 ? a + rank : a] }
        switch node.op {
        case let op where TransposeSinking.elementwiseUnary.contains(op) && node.inputs.count == 1:
            break
        case let op where TransposeSinking.elementwiseBinary.contains(op):
            guard node.inputs.count == 2 else { return nil }
            var rewritten: [String] = []
            for input in node.inputs {
                if let d = deferred[input], d.perm == perm {
                    rewritten.append(d.source)
                } else if let constant = graph.constants[input], constant.rank <= rank {
                    rewritten.append(permutedConstant(input, constant, rank: rank, inverse: inverse))
                } else {
                    return nil
                }
            }
            node.inputs = rewritten
            return perm
        case "Concat":
            guard node.inputs.allSatisfy({ deferred[$0]?.perm == perm }) else { return nil }
            node.attributes["axis"] = .int(axis(try node.int("axis", 0)))
        case "Softmax":
            node.attributes["axis"] = .int(axis(try node.int("axis", -1)))
        case "ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum":
            guard try node.int("keepdims", 1) != 0, let axes = try node.intsIfPresent("axes") else { return nil }
            node.attributes["axes"] = .ints(axes.map(axis).sorted())
        case "Pad":
            let pads = try node.ints("pads", [])
            guard pads.count == 2 * rank else { return nil }
            node.attributes["pads"] = .ints((0..<2 * rank).map { i in pads[(i / rank) * rank + inverse[i % rank]] })
        default:
            return nil
        }
        // Single-input ops and Concat: every input is deferred with `perm`.
        guard node.inputs.allSatisfy({ deferred[$0]?.perm == perm }) else { return nil }
        node.inputs = node.inputs.map { deferred[$0]?.source ?? $0 }
        return perm
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
