import LiteIR

/// Scaled dot-product attention as IR ops, shared by the ONNX Attention operator and Keras'
/// MultiHeadAttention: scores scale·Q·Kᵀ, optionally soft-capped, plus an additive bias; softmax
/// over the keys; then ·V. Queries are [B, H, Tq, D], keys [B, H, Tk, D] and values
/// [B, H, Tk, Dv], with their heads already split (and repeated for grouped queries).
public struct ScaledDotProductAttention: Sendable {
    /// Where the scale enters the product.
    public enum Scaling: Sendable {
        /// The queries times the scale.
        case queries
        /// The queries and the keys each times √scale (ONNX's reference computation).
        case queriesAndKeys
    }

    /// The values the attention computes, [B, H, Tq, Tk] but the output [B, H, Tq, Dv].
    public struct Values: Sendable {
        /// Scaled (and soft-capped) Q·Kᵀ.
        public var scores: String
        /// The scores plus the bias (the scores when there is none).
        public var biasedScores: String
        /// The softmax of the biased scores, in the input type.
        public var probabilities: String
        public var output: String
    }

    public var scale: Float
    public var scaling: Scaling
    /// Scores become softcap · tanh(scores / softcap) before the bias.
    public var softcap: Float?
    /// An additive bias broadcastable to the scores: 0 where a key may be attended.
    public var bias: String?
    /// The float type softmax computes in, when not the inputs'.
    public var softmaxType: DType?
    /// Rows whose bias is −∞ for every key attend none: their probabilities are 0, not NaN.
    public var zeroingFullyMaskedRows = false

    public init(scale: Float, scaling: Scaling) {
        self.scale = scale
        self.scaling = scaling
    }

    /// Emits the attention into `builder` (node names start with `name`).
    public func emit(query: String, key: String, value: String, into builder: inout GraphBuilder, name: String) throws -> Values {
        var n = AttentionBuilder(builder: builder, name: name, dtype: try builder.type(of: query).dtype)
        defer { builder = n.builder }
        var scores: String
        switch scaling {
        case .queries:
            let scaledQuery = try n.emit("Mul", [query, n.scalar(scale, "scale")])
            scores = try n.emit("MatMul", [scaledQuery, try n.emit("Transpose", [key], ["perm": .ints([0, 1, 3, 2])])])
        case .queriesAndKeys:
            let rootScale = n.scalar(Float(Double(scale).squareRoot()), "scale_sqrt")
            let keyT = try n.emit("Transpose", [try n.emit("Mul", [key, rootScale])], ["perm": .ints([0, 1, 3, 2])])
            scores = try n.emit("MatMul", [try n.emit("Mul", [query, rootScale]), keyT])
        }
        if let softcap {
            let cap = n.scalar(softcap, "softcap")
            scores = try n.emit("Mul", [try n.emit("Tanh", [try n.emit("Div", [scores, cap])]), cap])
        }
        let biased = try bias.map { try n.emit("Add", [scores, $0]) } ?? scores

        let precision = softmaxType ?? n.dtype
        var logits = biased
        if precision != n.dtype { logits = try n.emit("Cast", [logits], ["to": .string(precision.rawValue)]) }
        var probabilities = try n.emit("Softmax", [logits], ["axis": .int(-1)])
        if zeroingFullyMaskedRows, let bias { probabilities = try zeroFullyMaskedRows(&n, probabilities, bias: bias, dtype: precision) }
        if precision != n.dtype { probabilities = try n.emit("Cast", [probabilities], ["to": .string(n.dtype.rawValue)]) }
        let output = try n.emit("MatMul", [probabilities, value])
        return Values(scores: scores, biasedScores: biased, probabilities: probabilities, output: output)
    }

    /// A row counts as masked when its bias maximum is at most the lowest finite float: TFLite's
    /// builtin kernels clamp the −∞ of a sum to it.
    private func zeroFullyMaskedRows(_ n: inout AttentionBuilder, _ probabilities: String, bias: String, dtype: DType) throws -> String {
        let rowMaximum = try n.emit("ReduceMax", [bias], ["axes": .ints([-1]), "keepdims": .int(1)])
        let biasType = try n.builder.type(of: bias).dtype
        let lowest = Tensor.fromFloats([biasType == .float16 ? -65504 : -.greatestFiniteMagnitude], shape: [], dtype: biasType)
        let masked = try n.emit("LessOrEqual", [rowMaximum, n.builder.graph.addConstant("\(n.name)/lowest", lowest)])
        if let known = n.builder.constant(masked), !known.int64s().contains(1) { return probabilities }
        let zero = n.builder.graph.addConstant("\(n.name)/zero", Tensor.fromFloats([0], shape: [], dtype: dtype))
        return try n.emit("Where", [masked, zero, probabilities])
    }
}

/// The builder an attention emits into, with the element type of its inputs.
private struct AttentionBuilder {
    var builder: GraphBuilder
    let name: String
    let dtype: DType

    mutating func emit(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:]) throws -> String {
        try builder.add(op, inputs, attributes, name: "\(name)/\(op)")
    }

    /// A rank-0 constant of the inputs' type.
    mutating func scalar(_ value: Float, _ label: String) -> String {
        builder.graph.addConstant("\(name)/\(label)", Tensor.fromFloats([value], shape: [], dtype: dtype))
    }
}
