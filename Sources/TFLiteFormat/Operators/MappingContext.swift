import LiteIR
import LiteOps

/// What an IR → TFLite mapping sees: the (lowered) graph, and a way to add the constant
/// tensors TFLite takes as inputs (shapes, axes, permutations, default biases).
struct WriteContext {
    var graph: Graph

    func type(_ value: String) throws -> TensorType { try graph.type(of: value) }

    /// The concrete shape of a value; symbolic dims count as 1 (TFLite's `shape` field).
    func dims(_ value: String) throws -> [Int] { try type(value).shape.map { $0.value ?? 1 } }

    mutating func constant(_ tensor: Tensor, _ label: String) -> String {
        graph.addConstant(label, tensor)
    }

    mutating func int32Constant(_ values: [Int], shape: [Int]? = nil, _ label: String) -> String {
        constant(Tensor(shape: shape ?? [values.count], values: values.map { Int32(truncatingIfNeeded: $0) }), label)
    }
}

/// What a TFLite → IR mapping sees: the graph being built and the operator's constant inputs.
struct ReadContext {
    var builder: GraphBuilder
    /// The types the file declares for its tensors (for operators whose output type is not an option).
    var declared: [String: TensorType] = [:]

    func type(_ value: String) throws -> TensorType { try builder.type(of: value) }

    /// The value of a constant input (shape, axes, perm), or an error naming the operator.
    func constant(_ value: String, of op: TFLiteOperator, _ what: String) throws -> Tensor {
        guard let t = builder.constant(value) else {
            throw TFLiteFormatError("operator \(op.op) producing '\(op.outputs.first ?? "")': \(what) must be a constant tensor")
        }
        return t
    }

    /// Adds the IR node producing the operator's outputs. An operator computing on quantized
    /// tensors gets its output's parameters as the node's `output_scale`/`output_zero_point`.
    mutating func emit(_ irOp: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], for op: TFLiteOperator) throws {
        var attributes = attributes
        let computesQuantized = inputs.contains { !$0.isEmpty && builder.graph.types[$0]?.quantization != nil }
        if computesQuantized, irOp != "Quantize", let output = op.outputs.first, let q = declared[output]?.quantization, q.axis == nil {
            attributes.merge(QuantizedOps.outputAttributes(q)) { $1 }
        }
        try builder.add(Node(name: op.outputs.first ?? irOp, op: irOp, inputs: inputs, outputs: op.outputs, attributes: attributes))
    }

    /// Adds an intermediate IR node; returns its output.
    mutating func emitIntermediate(_ irOp: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], for op: TFLiteOperator) throws -> String {
        try builder.add(irOp, inputs, attributes, name: "\(op.outputs.first ?? irOp)/\(irOp)")
    }
}

/// Writes one IR op as a TFLite operator.
typealias OperatorWriter = @Sendable (Node, inout WriteContext) throws -> TFLiteOperator
/// Reads one TFLite operator into IR nodes.
typealias OperatorReader = @Sendable (TFLiteOperator, inout ReadContext) throws -> Void
