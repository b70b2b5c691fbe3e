import LiteIR

/// All IR operators by name. Each family file contributes its specs.
public enum OpRegistry {
    public static let specs: [String: OpSpec] = {
        let families: [[OpSpec]] = [
            unaryOps, binaryOps, matrixOps, convolutionOps, poolingOps, reductionOps,
            normalizationOps, shapeOps, indexingOps, elementIndexingOps, sequenceOps, selectionOps, logicalOps, blockOps, splitOps, recurrentSequenceOps,
            quantizationOps, hybridOps,
        ]
        var map: [String: OpSpec] = [:]
        for spec in families.joined() {
            precondition(map[spec.name] == nil, "operator \(spec.name) registered twice")
            map[spec.name] = spec
        }
        return map
    }()

    public static func spec(for node: Node) throws -> OpSpec {
        guard let spec = specs[node.op] else { throw GraphError.unknownOp(node: node.name, op: node.op) }
        return spec
    }

    /// Runs a node's kernel, then its fused activation if it carries one.
    public static func evaluate(_ node: Node, _ inputs: [Tensor?]) throws -> [Tensor] {
        try kernel(for: node)(inputs)
    }

    /// The kernel of `node` as it sits in a graph (`context`): prepared from its operands'
    /// quantization when it computes on quantized values (``QuantizedOps``), else ``kernel(for:)``.
    public static func kernel(for node: Node, in context: InferenceContext) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        guard QuantizedOps.applies(context) else { return try kernel(for: node) }
        return try QuantizedOps.kernel(context, spec: spec(for: node))
    }

    /// ``evaluate(_:_:)`` for one node with the op looked up and the activation read once, for
    /// callers that run the node many times. Float kernels only: a node on quantized values
    /// needs ``kernel(for:in:)``.
    public static func kernel(for node: Node) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let evaluate = try spec(for: node).evaluate
        guard let activation = try FusedActivation(node) else { return { try evaluate(node, $0) } }
        return { inputs in try evaluate(node, inputs).map { activation.apply($0) } }
    }

    /// Runs a single-output op's kernel on constant tensors (weight layout changes in the passes,
    /// the writer and the reader).
    public static func evaluate(_ op: String, _ inputs: [Tensor], _ attributes: [String: Attribute] = [:]) throws -> Tensor {
        try evaluate(Node(name: op, op: op, inputs: inputs.map { _ in "" }, outputs: [""], attributes: attributes), inputs)[0]
    }

    /// Infers a node's output types, checking the fused activation attribute as well.
    public static func infer(_ context: InferenceContext) throws -> [TensorType] {
        _ = try FusedActivation(context.node)
        let spec = try spec(for: context.node)
        return try QuantizedOps.applies(context) ? QuantizedOps.infer(context, spec: spec) : spec.infer(context)
    }
}
