import LiteIR

/// Split (IR Split, or Slices), Slice and Trilu (IR Where).
enum IndexingOperators {
    static let table: [String: ONNXTranslator] = [
        "Split": split, "Trilu": trilu, "Slice": slice,
        "Range": { n in
            // The IR computes start + i · delta in float32, stash_type 1; other types ignore it.
            if try n.int("stash_type", 1) != 1, try n.type(0).dtype == .float16 {
                throw n.error("stash_type other than 1 (float) is not supported")
            }
            try n.emitOutput("Range", n.passedInputs(3))
        },
        "Expand": { n in try n.emitOutput("Expand", [try n.requiredInput(0), try n.requiredInput(1)]) },
        "Tile": { n in try n.emitOutput("Tile", [try n.requiredInput(0), try n.requiredInput(1)]) },
        "GatherElements": { n in try n.emitOutput("GatherElements", n.passedInputs(2), n.passedAttributes(["axis"])) },
        "GatherND": { n in try n.emitOutput("GatherND", n.passedInputs(2), n.passedAttributes(["batch_dims"])) },
        "ScatterElements": { n in try n.emitOutput("ScatterElements", n.passedInputs(3), n.passedAttributes(["axis", "reduction"])) },
        // Scatter (opsets 9–10) is ScatterElements under its old name.
        "Scatter": { n in try n.emitOutput("ScatterElements", n.passedInputs(3), n.passedAttributes(["axis"])) },
        "ScatterND": { n in try n.emitOutput("ScatterND", n.passedInputs(3), n.passedAttributes(["reduction"])) },
    ]

    /// Slice with starts/ends/axes/steps as attributes (before opset 10) or constant inputs, as
    /// an IR Slice with one start, end and step per axis.
    static func slice(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let starts, ends: [Int]
        var axes: [Int]?, steps: [Int]?
        if n.opset < 10 {
            starts = try n.ints("starts", [])
            ends = try n.ints("ends", [])
            axes = try n.intsIfPresent("axes")
        } else if (1...4).contains(where: { i in n.input(i).map { n.builder.constant($0) == nil } ?? false }) {
            // Bounds known only at run time: the IR's run-time form takes them as ONNX does.
            try n.emitOutput("Slice", n.passedInputs(5))
            return
        } else {
            guard let s = try n.constantInput(1, "starts")?.ints(), let e = try n.constantInput(2, "ends")?.ints() else {
                throw n.error("missing starts or ends")
            }
            (starts, ends) = (s, e)
            axes = try n.constantInput(3, "axes")?.ints()
            steps = try n.constantInput(4, "steps")?.ints()
        }
        let listed = axes ?? Array(0..<starts.count)
        guard starts.count == ends.count, listed.count == starts.count, (steps?.count ?? starts.count) == starts.count else {
            throw n.error("starts, ends, axes and steps must have the same length")
        }
        var allStarts = Array(repeating: 0, count: x.rank), allEnds = Array(repeating: Int(Int32.max), count: x.rank)
        var allSteps = Array(repeating: 1, count: x.rank)
        for (i, axis) in listed.enumerated() {
            let a = axis < 0 ? axis + x.rank : axis
            guard a >= 0, a < x.rank else { throw n.error("axis \(axis) is out of range for rank \(x.rank)") }
            // ONNX uses INT64 extremes for "to the end"; the IR clamps any out-of-range value.
            allStarts[a] = max(min(starts[i], Int(Int32.max)), -Int(Int32.max))
            allEnds[a] = max(min(ends[i], Int(Int32.max)), -Int(Int32.max))
            allSteps[a] = steps?[i] ?? 1
        }
        try n.emitOutput("Slice", [try n.requiredInput(0)], ["starts": .ints(allStarts), "ends": .ints(allEnds), "steps": .ints(allSteps)])
    }

    /// Split sizes come from the `split` attribute (before opset 13) or a constant input, else
    /// `num_outputs` (opset 18, the last part smaller), else equal parts for every output.
    static func split(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let axis = try n.int("axis", 0)
        let a = axis < 0 ? axis + x.rank : axis
        guard a >= 0, a < x.rank, let size = x.shape[a].value else {
            throw n.error("axis \(axis) must be a valid axis of static size in \(x)")
        }
        let count = n.node.outputs.count
        if n.opset >= 13, let dynamic = n.input(1), n.builder.constant(dynamic) == nil {
            try splitAtRunTime(&n, sizes: dynamic, axis: a)
            return
        }
        var sizes = n.opset < 13 ? try n.intsIfPresent("split") : try n.constantInput(1, "split")?.ints()
        if sizes == nil {
            let parts = try n.intIfPresent("num_outputs") ?? count
            let chunk = (size + parts - 1) / max(parts, 1)
            sizes = (0..<parts).map { min(chunk, max(0, size - $0 * chunk)) }
            if try n.intIfPresent("num_outputs") == nil, size % max(count, 1) != 0 {
                throw n.error("dim \(size) does not split into \(count) equal parts")
            }
        }
        guard let sizes, sizes.count == count, sizes.reduce(0, +) == size, sizes.allSatisfy({ $0 >= 0 }) else {
            throw n.error("split sizes \(sizes ?? []) do not cover dim \(size) with \(count) outputs")
        }
        if sizes.allSatisfy({ $0 > 0 }), n.node.outputs.allSatisfy({ !$0.isEmpty }) {
            try n.builder.add(Node(name: n.name.isEmpty ? n.output(0) : n.name, op: "Split", inputs: [try n.requiredInput(0)],
                                   outputs: n.node.outputs, attributes: ["axis": .int(a), "split": .ints(sizes)]))
            return
        }
        // Unused or empty parts: a Slice per used output (TFLite has no zero-sized tensors).
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

    /// Split sizes known only at run time: output i is the run-time Slice from the sum of the
    /// sizes before it to that sum plus its own size.
    private static func splitAtRunTime(_ n: inout ONNXNode, sizes: String, axis: Int) throws {
        let lengths = try n.emit("Cast", [sizes], ["to": .string("int64")])
        let ends = try n.emit("CumSum", [lengths, n.constant(Tensor(scalar: Int64(0)), "axis")])
        let starts = try n.emit("Sub", [ends, lengths])
        let axes = n.constant(Tensor(shape: [1], values: [Int64(axis)]), "axes")
        for index in n.node.outputs.indices where !n.output(index).isEmpty {
            let element: [String: Attribute] = ["starts": .ints([index]), "ends": .ints([index + 1])]
            let start = try n.emit("Slice", [starts], element), end = try n.emit("Slice", [ends], element)
            try n.emitOutput("Slice", [try n.requiredInput(0), start, end, axes], index: index)
        }
    }

    /// Upper (default) or lower triangle of the last two dims, from diagonal k: j − i ≥ k
    /// (upper) or ≤ k (lower), with k a constant or a run-time scalar.
    static func trilu(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard x.rank >= 2, let rows = x.shape[x.rank - 2].value, let cols = x.shape[x.rank - 1].value else {
            throw n.error("needs static last two dims, got \(x)")
        }
        let upper = try n.int("upper", 1) != 0
        let offsets = Tensor(shape: [rows, cols], values: (0..<rows).flatMap { i in (0..<cols).map { j in Int64(j - i) } })
        let k = try n.input(1).map { try n.emit("Cast", [$0], ["to": .string("int64")]) } ?? n.constant(Tensor(scalar: Int64(0)), "k")
        let keep = try n.emit(upper ? "GreaterOrEqual" : "LessOrEqual", [n.constant(offsets, "diagonal_offset"), k])
        let zero = n.constant(Tensor.fromFloats([0], shape: [], dtype: x.dtype), "zero")
        try n.emitOutput("Where", [keep, try n.requiredInput(0), zero])
    }
}
