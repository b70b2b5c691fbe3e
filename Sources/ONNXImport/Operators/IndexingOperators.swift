import LiteIR

/// Split and Trilu, expressed with IR Slice and Where.
enum IndexingOperators {
    static let table: [String: ONNXTranslator] = ["Split": split, "Trilu": trilu]

    /// Split sizes come from the `split` attribute (before opset 13) or a constant input, else
    /// `num_outputs` (opset 18, the last part smaller), else equal parts for every output.
    static func split(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let axis = try n.node.int("axis", 0)
        let a = axis < 0 ? axis + x.rank : axis
        guard a >= 0, a < x.rank, let size = x.shape[a].value else {
            throw n.error("axis \\(axis) must be a valid axis of static size in \\(x)")
        }
        let count = n.node.outputs.count
        var sizes = n.opset < 13 ? try n.node.intsIfPresent("split") : try n.constantInput(1, "split")?.ints()
        if sizes == nil {
            let parts = try n.node.intIfPresent("num_outputs") ?? count
            let chunk = (size + parts - 1) / max(parts, 1)
            sizes = (0..<parts).map { min(chunk, max(0, size - $0 * chunk)) }
            if try n.node.intIfPresent("num_outputs") == nil, size % max(count, 1) != 0 {
                throw n.error("dim \\(size) does not split into \\(count) equal parts")
            }
        }
        guard let sizes, sizes.count == count, sizes.reduce(0, +) == size, sizes.allSatisfy({ $0 >= 0 }) else {
            throw n.error("split sizes \\(sizes ?? []) do not cover dim \\(size) with \\(count) outputs")
        }
        var start = 0
        for (index, length) in sizes.enumerated() {
            var starts = Array(repeating: 0, count: x.rank), ends = Array(repeating: Int(Int32.max), count: x.rank)
            (starts[a], ends[a]) = (start, start + length)
            if !n.output(index).isEmpty {
                try n.emitOutput("Slice", [try n.requiredInput(0)], ["starts": .ints(starts), "ends": .ints(ends)], index: index)
            }
            start += length
        }
    }

    /// Upper (default) or lower triangle of the last two dims, from diagonal k (a constant).
    static func trilu(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard x.rank >= 2, let rows = x.shape[x.rank - 2].value, let cols = x.shape[x.rank - 1].value else {
            throw n.error("needs static last two dims, got \\(x)")
        }
        let k = try n.constantInput(1, "k")?.ints().first ?? 0
        let upper = try n.node.int("upper", 1) != 0
        let mask = (0..<rows).flatMap { i in (0..<cols).map { j in upper ? j - i >= k : j - i <= k } }
        let keep = n.constant(Tensor(shape: [rows, cols], values: mask), "mask")
        let zero = n.constant(Tensor.fromFloats([0], shape: [], dtype: x.dtype), "zero")
        try n.emitOutput("Where", [keep, try n.requiredInput(0), zero])
    }
}
