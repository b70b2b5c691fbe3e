import LiteIR

/// Translates one ONNX node into IR nodes.
typealias ONNXTranslator = @Sendable (inout ONNXNode) throws -> Void

/// Every supported ONNX operator of the default domain, by op_type.
enum ONNXOperators {
    /// Opsets 22–28 changed the ops translated here only by widening their type lists (bfloat16,
    /// 4-bit and float8 types, which the importer refuses by type); the conformance suite checks
    /// every case against its expected outputs.
    static let supportedOpsets = 7...28

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
        let attributes = n.node.attributes
        let tensor: Tensor
        if let t = try n.node.tensor("value") {
            tensor = t
        } else if case .float(let v) = attributes["value_float"] {
            tensor = Tensor(scalar: v)
        } else if case .floats(let v) = attributes["value_floats"] {
            tensor = Tensor(shape: [v.count], values: v)
        } else if case .int(let v) = attributes["value_int"] {
            tensor = Tensor(scalar: Int64(v))
        } else if case .ints(let v) = attributes["value_ints"] {
            tensor = Tensor(shape: [v.count], values: v.map { Int64($0) })
        } else {
            throw n.error("only tensor, float and int constants are supported (attributes: \(attributes.keys.sorted()))")
        }
        n.builder.graph.setConstant(n.output(0), tensor)
    }
}
