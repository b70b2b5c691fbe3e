import LiteIR

/// Cheaper spellings of the same arithmetic, as normalization chains need them: `Pow(x, 2)` is
/// `x·x` (TFLite's POW is a slow general kernel), `Pow(x, ±0.5)` a (reciprocal) square root, a
/// division by a constant a multiplication by its reciprocal (which fold-affine can then fold),
/// and `a / √b` is `a · rsqrt(b)`.
public struct ArithmeticSimplification: GraphPass {
    public let id = "simplify-arithmetic"
    public let summary = "Pow(x, 2) → x·x, Pow(x, ±0.5) → (r)sqrt, a / const → a · (1/const), a / √b → a · rsqrt(b)"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var changed = 0
        for i in graph.nodes.indices {
            let node = graph.nodes[i]
            guard node.inputs.count == 2, node.outputs.count == 1, node.attributes["activation"] == nil,
                  graph.types[node.inputs[0]]?.dtype == .float32 else { continue }
            switch node.op {
            case "Pow":
                guard let exponent = Self.scalar(node.inputs[1], in: graph),
                      graph.types[node.outputs[0]] == graph.types[node.inputs[0]] else { continue }
                switch exponent {
                case 2: graph.nodes[i].op = "Mul"; graph.nodes[i].inputs[1] = node.inputs[0]
                case 0.5: graph.nodes[i] = Node(name: node.name, op: "Sqrt", inputs: [node.inputs[0]], outputs: node.outputs)
                case -0.5: graph.nodes[i] = Node(name: node.name, op: "Rsqrt", inputs: [node.inputs[0]], outputs: node.outputs)
                default: continue
                }
            case "Div":
                if let divisor = graph.constants[node.inputs[1]], divisor.dtype == .float32 {
                    let reciprocal = divisor.floats().map { 1 / $0 }
                    guard reciprocal.allSatisfy(\.isFinite) else { continue }
                    graph.nodes[i].op = "Mul"
                    graph.nodes[i].inputs[1] = graph.addConstant(node.inputs[1] + "_reciprocal",
                                                                 Tensor.fromFloats(reciprocal, shape: divisor.shape, dtype: .float32))
                } else {
                    continue
                }
            default:
                continue
            }
            changed += 1
        }
        // a / √b → a · rsqrt(b), for every division by that root at once.
        let users = graph.users()
        for p in graph.nodes.indices where graph.nodes[p].op == "Sqrt" {
            let root = graph.nodes[p].outputs[0]
            guard !graph.outputs.contains(root), let readers = users[root],
                  readers.allSatisfy({ graph.nodes[$0].op == "Div" && graph.nodes[$0].inputs == [graph.nodes[$0].inputs[0], root] && graph.nodes[$0].inputs[0] != root })
            else { continue }
            graph.nodes[p].op = "Rsqrt"
            for reader in readers { graph.nodes[reader].op = "Mul" }
            changed += 1
        }
        graph.removeDeadCode()
        return changed
    }

    /// The value of a one-element float constant.
    static func scalar(_ name: String, in graph: Graph) -> Float? {
        guard let c = graph.constants[name], c.count == 1, c.dtype.isFloatingPoint else { return nil }
        return c.floats()[0]
    }
}
