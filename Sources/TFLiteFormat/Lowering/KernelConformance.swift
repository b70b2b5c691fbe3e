import LiteIR
import LiteOps

/// Keeps every lowered node inside the kernel table (``KernelTable``): each node is written as a
/// trial, and an operator outside the table is rewritten — its fused activation split off, its
/// element type widened, a builtin some kernel set lacks decomposed (``Decompositions``) — or
/// refused with the rules it breaks.
enum KernelConformance {
    /// Rewrites nest at most this deep (a decomposition's ops widened, say).
    static let maxDepth = 4

    /// The operator the writer would emit for a node, and the kernel rules it breaks.
    struct Trial {
        let builtin: BuiltinOperator
        /// The element type of the operand that selects the kernel.
        let dataType: DType?
        let violations: [KernelViolation]
    }

    /// Writes `node` as a trial; nil when the writer has no operator for it (writing it will say why).
    static func trial(of node: Node, in graph: Graph) -> Trial? {
        guard let writer = TFLiteWriter.operatorWriters[node.op] else { return nil }
        var context = WriteContext(graph: graph)
        guard var op = try? writer(node, &context) else { return nil }
        op.version = OperatorVersions.version(of: op, in: context.graph)
        let data = KernelTable.rules[op.op.code].flatMap { rule in
            rule.dataInput < op.inputs.count ? context.graph.types[op.inputs[rule.dataInput]]?.dtype : nil
        }
        return Trial(builtin: op.op, dataType: data, violations: KernelTable.violations(of: op, writtenFor: node, in: context.graph))
    }

    /// Lowers `node` by its rule and admits each node that yields.
    static func lowerAndAdmit(_ c: inout LoweringContext, _ node: Node) throws {
        try rewrite(&c, node, depth: 0, by: TFLiteLowering.lowerNode)
    }

    /// Applies a rewrite rule to `node`, then admits each node it added.
    static func rewrite(_ c: inout LoweringContext, _ node: Node, depth: Int, by rule: TFLiteLowering.Rule) throws {
        let start = c.builder.graph.nodes.count
        try rule(&c, node)
        let added = Array(c.builder.graph.nodes[start...])
        c.builder.graph.nodes.removeSubrange(start...)
        for node in added { try admit(&c, node, depth: depth) }
    }

    /// Adds a lowered node (whose output types the graph already has), rewritten when its
    /// operator breaks a kernel rule or the writer has no operator for it but a decomposition.
    static func admit(_ c: inout LoweringContext, _ node: Node, depth: Int) throws {
        guard let trial = trial(of: node, in: c.builder.graph) else {
            if let decomposition = Decompositions.rules[node.op], depth < maxDepth {
                try rewrite(&c, node, depth: depth + 1, by: decomposition)
            } else {
                c.builder.graph.nodes.append(node)
            }
            return
        }
        let violations = trial.violations
        if violations.isEmpty {
            c.builder.graph.nodes.append(node)
            return
        }
        let refusal = LoweringRefusal("TFLite's \(trial.builtin): " + violations.map(\.description).joined(separator: "; "))
        guard depth < maxDepth else { throw refusal }
        if violations.contains(where: { switch $0 { case .activation, .unfusedActivation: true; default: false } }) {
            try rewrite(&c, node, depth: depth + 1, by: splitActivation)
        } else if let (dtype, wide) = wideType(for: node, trial, in: c.builder.graph) {
            try rewrite(&c, node, depth: depth + 1) { c, n in try TypeWidening.widen(&c, n, from: dtype, to: wide) }
        } else if let decomposition = Decompositions.rules[node.op] {
            try rewrite(&c, node, depth: depth + 1, by: decomposition)
        } else {
            throw refusal
        }
    }

    /// The operator without its fused activation, then the activation as an op of its own.
    static func splitActivation(_ c: inout LoweringContext, _ node: Node) throws {
        guard let activation = try FusedActivation(node) else { return }
        var plain = node
        plain.attributes["activation"] = nil
        plain.outputs = [c.builder.graph.freshName(node.outputs[0] + "_preactivation")]
        try c.builder.add(plain)
        let (lower, upper) = activation.range
        try c.builder.add(activation == .relu ? Node(name: node.name, op: "Relu", inputs: plain.outputs, outputs: node.outputs)
                          : Node(name: node.name, op: "Clip", inputs: plain.outputs, outputs: node.outputs,
                                 attributes: ["min": .float(lower), "max": .float(upper)]))
    }

    /// The wider type that puts the node's element type inside its kernel's rule, when the type
    /// (or the operator version it needs) is all that breaks it.
    static func wideType(for node: Node, _ trial: Trial, in graph: Graph) -> (DType, DType)? {
        guard let rule = KernelTable.rules[trial.builtin.code], let dtype = trial.dataType else { return nil }
        let typeBound = trial.violations.allSatisfy { violation in
            switch violation {
            case .elementType, .version: true
            default: false
            }
        }
        // Types at a version every kernel set that has the builtin registers (a decomposition
        // then replaces a builtin some set lacks, on the widened type).
        let maxVersion = rule.versions.values.map(\.upperBound).min() ?? 0
        let accepted = Set(rule.types.filter { $0.value <= maxVersion }.keys)
        // Quantized values are not plain integers: widening them would change what they mean.
        let quantized = node.inputs.contains { graph.types[$0]?.quantization != nil }
        guard typeBound, !quantized, !accepted.contains(dtype),
              let wide = TypeWidening.wideType(for: node, dtype: dtype, accepted: accepted, in: graph) else {
            return nil
        }
        return (dtype, wide)
    }
}
