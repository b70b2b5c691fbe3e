import Foundation
import LiteIR
import LiteOps

/// ONNX Attention (opsets 23–25) as a ``ScaledDotProductAttention`` ((Q·√s)(K·√s)ᵀ, optional
/// softcap, fully-masked rows set to zero) with an additive bias from the mask, the causal and
/// sliding-window frontiers and the padding of an external cache. Grouped-query heads are
/// repeated with a Gather; 3-D inputs are split into heads and merged back.
enum AttentionOperator {
    static let table: [String: ONNXTranslator] = ["Attention": attention]

    /// Input and output positions of the operator.
    private enum Slot {
        static let (query, key, value, mask, pastKey, pastValue, nonpadLength) = (0, 1, 2, 3, 4, 5, 6)
        static let (output, presentKey, presentValue, scores) = (0, 1, 2, 3)
    }

    static func attention(_ n: inout ONNXNode) throws {
        let queryType = try n.type(Slot.query)
        let dtype = queryType.dtype
        guard dtype.isFloatingPoint else { throw n.error("expects floating-point Q, K and V, got \(dtype)") }
        guard queryType.rank == 3 || queryType.rank == 4,
              try n.type(Slot.key).rank == queryType.rank, try n.type(Slot.value).rank == queryType.rank else {
            throw n.error("Q, K and V must all be 3-D or all 4-D")
        }
        var (q, k, v) = (try n.requiredInput(Slot.query), try n.requiredInput(Slot.key), try n.requiredInput(Slot.value))
        if queryType.rank == 3 {
            guard let qHeads = try n.intIfPresent("q_num_heads"), let kvHeads = try n.intIfPresent("kv_num_heads") else {
                throw n.error("3-D inputs need the q_num_heads and kv_num_heads attributes")
            }
            q = try splitHeads(&n, q, heads: qHeads)
            k = try splitHeads(&n, k, heads: kvHeads)
            v = try splitHeads(&n, v, heads: kvHeads)
        } else {
            try n.requireAgreement("q_num_heads", with: queryType.shape[1])
            try n.requireAgreement("kv_num_heads", with: try n.type(Slot.key).shape[1])
        }
        let query = try n.builder.type(of: q)
        guard let headSize = query.shape[3].value else { throw n.error("the head size of Q must be static, got \(query)") }

        var pastLength = 0
        if let pastKey = n.input(Slot.pastKey) {
            guard let pastValue = n.input(Slot.pastValue) else { throw n.error("past_key needs past_value") }
            guard let length = try n.builder.type(of: pastKey).shape[2].value else { throw n.error("the past sequence length must be static") }
            pastLength = length
            k = try n.emit("Concat", [pastKey, k], ["axis": .int(2)])
            v = try n.emit("Concat", [pastValue, v], ["axis": .int(2)])
        }
        n.alias(Slot.presentKey, to: k)
        n.alias(Slot.presentValue, to: v)

        let (kRepeated, vRepeated) = (try repeatHeads(&n, k, to: query.shape[1]), try repeatHeads(&n, v, to: query.shape[1]))
        var attention = ScaledDotProductAttention(scale: try n.floatIfPresent("scale") ?? 1 / Float(headSize).squareRoot(), scaling: .queriesAndKeys)
        let softcap = try n.float("softcap", 0)
        if softcap > 0 { attention.softcap = softcap }
        attention.bias = try AttentionBias(node: n, dtype: dtype, pastLength: pastLength).build(&n, keys: k)
        attention.softmaxType = try softmaxType(n, dtype)
        attention.zeroingFullyMaskedRows = true
        let values = try attention.emit(query: q, key: kRepeated, value: vRepeated, into: &n.builder, name: n.name)

        switch try n.int("qk_matmul_output_mode", 0) {
        case 0, 1: n.alias(Slot.scores, to: values.scores)
        case 2: n.alias(Slot.scores, to: values.biasedScores)
        case 3: n.alias(Slot.scores, to: values.probabilities)
        case let mode: throw n.error("qk_matmul_output_mode \(mode) is not one of 0–3")
        }

        let y = values.output
        guard queryType.rank == 3 else {
            n.alias(Slot.output, to: y)
            return
        }
        let merged = try n.emit("Transpose", [y], ["perm": .ints([0, 2, 1, 3])])
        let dims = try n.builder.type(of: merged).shape  // [B, S, H, Dv]
        guard let heads = dims[2].value, let width = dims[3].value else { throw n.error("needs static head dims, got \(dims)") }
        try n.emitOutput("Reshape", [merged], ["shape": .ints(try n.reshapeTarget([dims[0], dims[1], .fixed(heads * width)]))])
    }

    /// [B, S, H·D] → [B, H, S, D].
    private static func splitHeads(_ n: inout ONNXNode, _ value: String, heads: Int) throws -> String {
        let t = try n.builder.type(of: value)
        guard heads > 0, let hidden = t.shape[2].value, hidden % heads == 0 else {
            throw n.error("hidden size \(t.shape[2]) of '\(value)' is not a multiple of \(heads) heads")
        }
        let split = try n.emit("Reshape", [value], ["shape": .ints(try n.reshapeTarget([t.shape[0], t.shape[1], .fixed(heads), .fixed(hidden / heads)]))])
        return try n.emit("Transpose", [split], ["perm": .ints([0, 2, 1, 3])])
    }

    /// Grouped-query attention: each of the K/V heads serves a run of consecutive query heads.
    private static func repeatHeads(_ n: inout ONNXNode, _ value: String, to queryHeads: Dim) throws -> String {
        let heads = try n.builder.type(of: value).shape[1]
        if heads == queryHeads { return value }
        guard let kv = heads.value, let q = queryHeads.value, kv > 0, q % kv == 0 else {
            throw n.error("\(queryHeads) query heads cannot share \(heads) key/value heads")
        }
        let indices = Tensor(shape: [q], values: (0..<q).map { Int64($0 / (q / kv)) })
        return try n.emit("Gather", [value, n.constant(indices, "head_index")], ["axis": .int(1)])
    }

    /// The type softmax computes in: softmax_precision when given (double and bfloat16 compute in
    /// float32, the widest float type TFLite kernels compute), else the input type.
    private static func softmaxType(_ n: ONNXNode, _ dtype: DType) throws -> DType {
        guard let code = try n.intIfPresent("softmax_precision") else { return dtype }
        switch code {
        case 1, 11, 16: return .float32
        case 10: return .float16
        default: throw n.error("softmax_precision \(code) is not a float type")
        }
    }
}

/// The additive attention bias (0 where a key may be attended, −∞ where not, or the float mask's
/// values), broadcastable to [B, H, q, T]; nil when nothing restricts attention.
private struct AttentionBias {
    let dtype: DType
    let causal: Bool
    let leftWindow: Int, rightWindow: Int
    /// Keys before the query block from an internal cache (past_key); the external-cache offset
    /// (nonpad_kv_seqlen − q) is per batch and known only at run time.
    let pastLength: Int

    init(node n: ONNXNode, dtype: DType, pastLength: Int) throws {
        self.dtype = dtype
        causal = try n.int("is_causal", 0) != 0
        leftWindow = try n.int("left_window_size", -1)
        rightWindow = try n.int("right_window_size", -1)
        guard leftWindow >= -1, rightWindow >= -1 else { throw n.error("window sizes must be -1 or nonnegative") }
        self.pastLength = pastLength
    }

    private var windowed: Bool { leftWindow >= 0 || rightWindow >= 0 }

    func build(_ n: inout ONNXNode, keys: String) throws -> String? {
        let queryLength = try n.type(0).rank == 3 ? try n.type(0).shape[1] : try n.type(0).shape[2]
        let totalLength = try n.builder.type(of: keys).shape[2]
        var terms: [String] = []
        if let mask = n.input(3) { terms.append(try maskTerm(&n, mask, totalLength: totalLength)) }
        let nonpad = n.input(6)
        if nonpad != nil && n.input(4) != nil { throw n.error("nonpad_kv_seqlen cannot be combined with past_key") }
        if causal || windowed || nonpad != nil {
            guard let q = queryLength.value, let t = totalLength.value else {
                throw n.error("causal, windowed or padded attention needs static sequence lengths, got q=\(queryLength), kv=\(totalLength)")
            }
            if let nonpad {
                let lengths = try n.emit("Cast", [nonpad], ["to": .string("int64")])
                if causal || windowed { terms.append(try frontierTerm(&n, lengths: lengths, q: q, t: t)) }
                terms.append(try paddingTerm(&n, lengths: lengths, t: t))
            } else if causal || windowed {
                terms.append(staticFrontier(&n, q: q, t: t))
            }
        }
        guard var sum = terms.first else { return nil }
        for term in terms.dropFirst() { sum = try n.emit("Add", [sum, term]) }
        return sum
    }

    /// A boolean mask as 0/−∞, a float mask as is; a last dim shorter than the keys is padded
    /// with −∞ (keys beyond the mask are not attended).
    private func maskTerm(_ n: inout ONNXNode, _ mask: String, totalLength: Dim) throws -> String {
        let type = try n.builder.type(of: mask)
        var term = mask
        if type.dtype == .bool {
            term = try n.emit("Where", [mask, scalar(&n, 0), scalar(&n, -.infinity)])
        } else if type.dtype != dtype {
            term = try n.emit("Cast", [mask], ["to": .string(dtype.rawValue)])
        }
        if let width = type.shape.last?.value, let t = totalLength.value, width < t {
            var pads = Array(repeating: 0, count: 2 * type.rank)
            pads[2 * type.rank - 1] = t - width
            term = try n.emit("Pad", [term], ["pads": .ints(pads), "mode": .string("constant"), "value": .float(-.infinity)])
        }
        return term
    }

    /// Whether key j is visible to query i when the query block starts `offset` keys in.
    private func visible(_ i: Int, _ j: Int, offset: Int) -> Bool {
        let distance = i + offset - j  // how far the key lies before the query
        return !(causal && distance < 0) && !(leftWindow >= 0 && distance > leftWindow) && !(rightWindow >= 0 && -distance > rightWindow)
    }

    /// The causal/window bias [q, T] for an offset known now (past length, or 0).
    private func staticFrontier(_ n: inout ONNXNode, q: Int, t: Int) -> String {
        let values = (0..<q).flatMap { i in (0..<t).map { j in visible(i, j, offset: pastLength) ? Float(0) : -.infinity } }
        return n.constant(Tensor.fromFloats(values, shape: [q, t], dtype: dtype), "frontier")
    }

    /// The causal/window bias [B, 1, q, T] for per-batch offsets nonpad_kv_seqlen[b] − q.
    private func frontierTerm(_ n: inout ONNXNode, lengths: String, q: Int, t: Int) throws -> String {
        let offsets = try n.emit("Reshape", [try n.emit("Sub", [lengths, n.constant(Tensor(scalar: Int64(q)), "query_length")])],
                                 ["shape": .ints([-1, 1, 1])])
        let steps = Tensor(shape: [q, t], values: (0..<q).flatMap { i in (0..<t).map { j in Int64(i - j) } })
        let distance = try n.emit("Add", [n.constant(steps, "query_minus_key"), offsets])  // [B, q, T]
        var conditions: [String] = []
        if causal { conditions.append(try n.emit("GreaterOrEqual", [distance, n.constant(Tensor(scalar: Int64(0)), "zero")])) }
        if leftWindow >= 0 {
            conditions.append(try n.emit("LessOrEqual", [distance, n.constant(Tensor(scalar: Int64(leftWindow)), "left_window")]))
        }
        if rightWindow >= 0 {
            conditions.append(try n.emit("GreaterOrEqual", [distance, n.constant(Tensor(scalar: Int64(-rightWindow)), "right_window")]))
        }
        var allowed = conditions[0]
        for condition in conditions.dropFirst() { allowed = try n.emit("And", [allowed, condition]) }
        let bias = try n.emit("Where", [allowed, scalar(&n, 0), scalar(&n, -.infinity)])
        return try n.emit("Reshape", [bias], ["shape": .ints([-1, 1, q, t])])
    }

    /// Keys at or past nonpad_kv_seqlen[b] are padding: bias [B, 1, 1, T].
    private func paddingTerm(_ n: inout ONNXNode, lengths: String, t: Int) throws -> String {
        let positions = n.constant(Tensor(shape: [t], values: (0..<t).map { Int64($0) }), "key_position")
        let valid = try n.emit("Less", [positions, try n.emit("Reshape", [lengths], ["shape": .ints([-1, 1])])])
        let bias = try n.emit("Where", [valid, scalar(&n, 0), scalar(&n, -.infinity)])
        return try n.emit("Reshape", [bias], ["shape": .ints([-1, 1, 1, t])])
    }

    private func scalar(_ n: inout ONNXNode, _ value: Float) -> String {
        n.constant(Tensor.fromFloats([value], shape: [], dtype: dtype), value == 0 ? "zero" : "neg_inf")
    }
}
