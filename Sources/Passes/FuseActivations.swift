import LiteIR

/// Folds a Relu / Relu6 / ReluN1To1 that follows an op into that op's `activation` attribute,
/// when the op's result has no other use and the target writes the op with its activation
/// fused (TFLite: the kernel table's builtins whose kernels clamp to the activation range, not
/// CONCATENATION, whose kernel refuses a fused activation).
public struct FuseActivations: TargetedPass {
    public let id = "fuse-activations"
    public let summary = "fuse RELU, RELU6 and RELU_N1_TO_1 into the producing op where the writer keeps them fused"
    public let target: (any LoweringTarget)?

    public init(target: (any LoweringTarget)? = nil) { self.target = target }

    public func targeting(_ target: any LoweringTarget) -> FuseActivations { FuseActivations(target: target) }

    /// The fused activation an activation node is, if any.
    static func activation(of node: Node) throws -> String? {
        switch node.op {
        case "Relu": return "RELU"
        case "Clip":
            let lo = try node.floatIfPresent("min") ?? -.infinity, hi = try node.floatIfPresent("max") ?? .infinity
            switch (lo, hi) {
            case (0, 6): return "RELU6"
            case (-1, 1): return "RELU_N1_TO_1"
            case (0, let h) where h >= .greatestFiniteMagnitude: return "RELU"
            default: return nil
            }
        default: return nil
        }
    }

    public func apply(to graph: inout Graph) throws -> Int {
        guard let target else { throw GraphError.invalidGraph(reason: "\(id) needs the target format's kernels (a Pipeline with a target)") }
        let uses = graph.useCounts()
        let producers = graph.producers()
        let outputs = Set(graph.outputs)
        var removed = Set<Int>()
        for (index, node) in graph.nodes.enumerated() {
            guard let fused = try Self.activation(of: node), let input = node.inputs.first, node.inputs.count == 1,
                  let p = producers[input], !removed.contains(p), uses[input] == 1, !outputs.contains(input),
                  graph.nodes[p].attributes["activation"] == nil,
                  graph.nodes[p].outputs.count == 1, graph.types[input]?.dtype == .float32 else { continue }
            var candidate = graph.nodes[p]
            candidate.attributes["activation"] = .string(fused)
            guard target.keepsFusedActivation(of: candidate, in: graph) else { continue }
            graph.nodes[p].attributes["activation"] = .string(fused)
            graph.nodes[p].outputs = node.outputs
            graph.types[input] = nil
            removed.insert(index)
        }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        return removed.count
    }
}
