import LiteIR

/// Translates one ONNX node into IR nodes.
typealias ONNXTranslator = @Sendable (inout ONNXNode) throws -> Void

/// Every supported ONNX operator of the default domain, by op_type.
enum ONNXOperators {
    /// Opsets 22–28 changed the ops translated here only by widening their type lists (bfloat16,
    /// 4-bit and float8 types, which the importer refuses by type); the conformance suite checks
    /// every case against its expected outputs.
    static let supportedOpsets = 7...28

    /// Attributes a translation may leave unread, by op type: none can change what the node
    /// computes at inference.
    static let inertAttributes: [String: Set<String>] = [
        // Only the running statistics of training mode (refused) depend on it.
        "BatchNormalization": ["momentum"],
        // They shape the random dropping of training mode, refused for a nonzero ratio; before
        // opset 12 the ratio is an attribute that applies only in training.
        "Dropout": ["seed", "ratio"],
        // Saturation and rounding apply only to float8 types, which the importer refuses.
        "Cast": ["saturate", "round_mode"], "CastLike": ["saturate", "round_mode"], "QuantizeLinear": ["saturate"],
        // Sorted results are one of the orders that sorted = 0 allows.
        "TopK": ["sorted"],
    ]

    static let table: [String: ONNXTranslator] = {
        var table: [String: ONNXTranslator] = ["Constant": constant]
        for family in [ElementwiseOperators.table, LinearOperators.table, ConvolutionOperators.table,
                       PoolingOperators.table, ShapeOperators.table, ReductionOperators.table,
                       IndexingOperators.table, NormalizationOperators.table, PoolingCompositeOperators.table,
                       ResizeOperators.table, AttentionOperator.table, LossOperators.table, SequenceOperators.table,
                       RecurrentOperators.table, QuantizationOperators.table, RotaryEmbeddingOperator.table,
                       SignalOperators.table, EinsumOperator.table] {
            table.merge(family) { _, _ in preconditionFailure("an ONNX operator is translated twice") }
        }
        return table
    }()

    /// Constant: one of value (tensor), value_float(s), value_int(s).
    static func constant(_ n: inout ONNXNode) throws {
        let tensor: Tensor
        if let t = try n.tensor("value") {
            tensor = t
        } else if let v = try n.floatIfPresent("value_float") {
            tensor = Tensor(scalar: v)
        } else if let v = try n.floatsIfPresent("value_floats") {
            tensor = Tensor(shape: [v.count], values: v)
        } else if let v = try n.intIfPresent("value_int") {
            tensor = Tensor(scalar: Int64(v))
        } else if let v = try n.intsIfPresent("value_ints") {
            tensor = Tensor(shape: [v.count], values: v.map { Int64($0) })
        } else {
            throw n.error("only tensor, float and int constants are supported (attributes: \(n.node.attributes.keys.sorted()))")
        }
        n.builder.graph.setConstant(n.output(0), tensor)
    }
}
