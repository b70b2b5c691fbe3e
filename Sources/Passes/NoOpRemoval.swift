import LiteIR
import LiteOps

/// Removes nodes whose output equals their input: Identity, Dropout, Reshape/Expand to the same
/// static shape (after merging chains of Reshapes into one), Transpose by the identity
/// permutation, Cast to the same type, Mul or Div by ones, Add or Sub of zeros (when broadcasting
/// keeps the input's type), Pad of zeros, Concat of one input, Slice of everything.
public struct NoOpRemoval: GraphPass {
    public let id = "remove-no-ops"
    public let summary = "remove Identity, Dropout, same-shape Reshape (Reshape chains merged), identity Transpose, same-type Cast, ×1, +0, zero Pad, 1-input Concat, full Slice"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var removed = 0
        var index = 0
        while index < graph.nodes.count {
            if let inner = Self.innerReshape(of: index, in: graph) {
                // Reshape(Reshape(x)) is one Reshape of x.
                graph.nodes[index].inputs[0] = graph.nodes[inner].inputs[0]
                graph.types[graph.nodes[inner].outputs[0]] = nil
                graph.nodes.remove(at: inner)
                index -= 1
                removed += 1
            } else if let source = try Self.passThrough(graph.nodes[index], in: graph),
               graph.bypass(node: index, value: graph.nodes[index].outputs[0], source: source) {
                removed += 1
            } else {
                index += 1
            }
        }
        return removed
    }

    /// The index of the Reshape whose result only the Reshape at `index` reads, when reshaping
    /// that Reshape's input directly infers the same result type.
    static func innerReshape(of index: Int, in graph: Graph) -> Int? {
        var node = graph.nodes[index]
        guard node.op == "Reshape", node.inputs.count == 1, let p = graph.producerIndex(of: node.inputs[0]),
              graph.nodes[p].op == "Reshape", graph.nodes[p].inputs.count == 1, graph.isPrivate(node.inputs[0], of: index) else { return nil }
        node.inputs = graph.nodes[p].inputs
        let merged = try? OpRegistry.infer(InferenceContext(node: node, inputTypes: [graph.types[node.inputs[0]]], constantInputs: [nil]))
        return merged?.first == graph.types[node.outputs[0]] ? p : nil
    }

    /// The input a node passes through unchanged, if it is a no-op.
    static func passThrough(_ node: Node, in graph: Graph) throws -> String? {
        guard node.outputs.count == 1 || node.op == "Dropout", let first = node.inputs.first, !first.isEmpty,
              node.attributes["activation"] == nil else { return nil }
        let input = graph.types[first], output = graph.types[node.outputs[0]]
        let sameType = input != nil && input == output
        let sameStaticType = sameType && input?.fixedShape != nil
        switch node.op {
        case "Identity":
            return first
        case "Dropout":
            // Inference mode; a requested mask output keeps the node.
            return node.outputs.dropFirst().allSatisfy(\.isEmpty) ? first : nil
        case "Reshape", "Expand":
            return sameStaticType ? first : nil
        case "Transpose":
            let perm = try node.ints("perm", [])
            return perm == Array(perm.indices) ? first : nil
        case "Cast":
            return sameType ? first : nil
        case "Concat":
            return node.inputs.count == 1 ? first : nil
        case "Pad":
            let pads = try node.ints("pads", [])
            return node.inputs.count == 1 && !pads.isEmpty && pads.allSatisfy { $0 == 0 } ? first : nil
        case "Slice":
            let steps = try node.ints("steps", [])
            return node.inputs.count == 1 && sameStaticType && steps.allSatisfy({ $0 == 1 }) ? first : nil
        case "Mul", "Add":
            guard node.inputs.count == 2 else { return nil }
            let neutral: Float = node.op == "Mul" ? 1 : 0
            for (data, other) in [(0, 1), (1, 0)] where graph.isConstant(node.inputs[other], everywhere: neutral) {
                if graph.types[node.inputs[data]] == output { return node.inputs[data] }
            }
            return nil
        case "Div", "Sub":
            guard node.inputs.count == 2, sameType else { return nil }
            return graph.isConstant(node.inputs[1], everywhere: node.op == "Div" ? 1 : 0) ? first : nil
        default:
            return nil
        }
    }
}
