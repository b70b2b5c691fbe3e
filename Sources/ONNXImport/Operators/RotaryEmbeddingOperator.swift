import LiteIR

/// RotaryEmbedding (opset 23): the first rotary_embedding_dim features of each head rotated by
/// the cached cos/sin of its position — halves (x1, x2) or interleaved pairs — as IR ops.
enum RotaryEmbeddingOperator {
    static let table: [String: ONNXTranslator] = ["RotaryEmbedding": rotaryEmbedding]

    static func rotaryEmbedding(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        var value = try n.requiredInput(0)
        // Work on [B, S, heads, D].
        if x.rank == 4 {
            try n.requireAgreement("num_heads", with: x.shape[1])
            value = try n.emit("Transpose", [value], ["perm": .ints([0, 2, 1, 3])])
        } else {
            guard x.rank == 3, let heads = try n.intIfPresent("num_heads"), heads > 0, let hidden = x.shape[2].value, hidden % heads == 0 else {
                throw n.error("expects a 4-D input, or a 3-D one with num_heads dividing its hidden size, got \(x)")
            }
            value = try n.emit("Reshape", [value], ["shape": .ints(try n.reshapeTarget([x.shape[0], x.shape[1], .fixed(heads), .fixed(hidden / heads)]))])
        }
        let work = try n.builder.type(of: value)
        guard let headSize = work.shape[3].value else { throw n.error("the head size must be static, got \(work)") }
        let rotated = try n.int("rotary_embedding_dim", 0) == 0 ? headSize : try n.int("rotary_embedding_dim", 0)
        guard rotated > 0, rotated <= headSize, rotated % 2 == 0 else { throw n.error("rotary_embedding_dim \(rotated) must be even and at most \(headSize)") }
        let last = { (start: Int, end: Int, step: Int) -> [String: Attribute] in
            ["starts": .ints([0, 0, 0, start]), "ends": .ints([Int(Int32.max), Int(Int32.max), Int(Int32.max), end]), "steps": .ints([1, 1, 1, step])]
        }
        let part = try n.emit("Slice", [value], last(0, rotated, 1))

        // cos/sin [B, S, R/2] (gathered by position when ids are given) → [B, S, 1, R/2].
        let caches = try [1, 2].map { index -> String in
            var cache = try n.requiredInput(index)
            if let positions = n.input(3) { cache = try n.emit("Gather", [cache, positions], ["axis": .int(0)]) }
            let t = try n.builder.type(of: cache)
            guard t.rank == 3 else { throw n.error("the cos and sin caches must give [B, S, \(rotated / 2)], got \(t)") }
            return try n.emit("Reshape", [cache], ["shape": .ints(try n.reshapeTarget([t.shape[0], t.shape[1], .fixed(1), t.shape[2]]))])
        }
        let (cos, sin) = (caches[0], caches[1])
        let interleaved = try n.int("interleaved", 0) != 0
        let x1 = try n.emit("Slice", [part], interleaved ? last(0, rotated, 2) : last(0, rotated / 2, 1))
        let x2 = try n.emit("Slice", [part], interleaved ? last(1, rotated, 2) : last(rotated / 2, rotated, 1))
        let real = try n.emit("Sub", [try n.emit("Mul", [cos, x1]), try n.emit("Mul", [sin, x2])])
        let imaginary = try n.emit("Add", [try n.emit("Mul", [sin, x1]), try n.emit("Mul", [cos, x2])])
        var result: String
        if interleaved {
            let pairShape = try n.reshapeTarget(Array(work.shape.dropLast()) + [.fixed(rotated / 2), .fixed(1)])
            let pairs = try n.emit("Concat", [try n.emit("Reshape", [real], ["shape": .ints(pairShape)]),
                                              try n.emit("Reshape", [imaginary], ["shape": .ints(pairShape)])], ["axis": .int(-1)])
            result = try n.emit("Reshape", [pairs], ["shape": .ints(try n.reshapeTarget(Array(work.shape.dropLast()) + [.fixed(rotated)]))])
        } else {
            result = try n.emit("Concat", [real, imaginary], ["axis": .int(-1)])
        }
        if rotated < headSize { result = try n.emit("Concat", [result, try n.emit("Slice", [value], last(rotated, headSize, 1))], ["axis": .int(-1)]) }
        if x.rank == 4 {
            try n.emitOutput("Transpose", [result], ["perm": .ints([0, 2, 1, 3])])
        } else {
            try n.emitOutput("Reshape", [result], ["shape": .ints(try n.reshapeTarget(x.shape))])
        }
    }
}
