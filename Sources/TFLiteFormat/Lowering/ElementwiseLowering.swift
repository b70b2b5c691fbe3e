import LiteIR
import LiteOps

/// Activations, softmax, matmul and small ops whose TFLite forms are narrower than the IR's.
enum ElementwiseLowering {
    /// Clip bounds TFLite has fused forms for stay Clip (the writer picks RELU/RELU6/
    /// RELU_N1_TO_1); other bounds become MAXIMUM and MINIMUM with scalar constants, and absent
    /// (or unbounded) ones an identity.
    static func clip(_ c: inout LoweringContext, _ node: Node) throws {
        let lo = try node.floatIfPresent("min"), hi = try node.floatIfPresent("max")
        if TFLiteClip.builtin(min: lo, max: hi) != nil {
            try c.builder.add(node)
            return
        }
        let dtype = try c.type(node.inputs[0]).dtype
        var value = node.inputs[0]
        for (op, bound) in [("Max", lo.flatMap { $0 > -Float.greatestFiniteMagnitude ? $0 : nil }),
                            ("Min", hi.flatMap { $0 < Float.greatestFiniteMagnitude ? $0 : nil })] {
            guard let bound else { continue }
            value = try c.emit(op, [value, c.constant(Tensor.fromFloats([bound], shape: [], dtype: dtype), op == "Max" ? "min" : "max", for: node)], from: node)
        }
        if value == node.inputs[0] {
            try identity(&c, Node(name: node.name, op: "Identity", inputs: [value], outputs: node.outputs))
        } else {
            try c.finish(value, as: node)
        }
    }

    /// max(0, min(1, alpha·x + beta)).
    static func hardSigmoid(_ c: inout LoweringContext, _ node: Node) throws {
        let alpha = try node.float("alpha", 0.2), beta = try node.float("beta", 0.5)
        let scaled = try c.emit("Mul", [node.inputs[0], c.constant(Tensor(scalar: alpha), "alpha", for: node)], from: node)
        let shifted = try c.emit("Add", [scaled, c.constant(Tensor(scalar: beta), "beta", for: node)], from: node)
        let low = try c.emit("Max", [shifted, c.constant(Tensor(scalar: Float(0)), "zero", for: node)], from: node)
        try c.emitFinal("Min", [low, c.constant(Tensor(scalar: Float(1)), "one", for: node)], [:], from: node)
    }

    /// TFLite SOFTMAX and LOG_SOFTMAX work on the last axis: move another axis there and back.
    static func softmax(_ c: inout LoweringContext, _ node: Node) throws {
        let rank = try c.type(node.inputs[0]).rank
        let axis = try node.int("axis", -1)
        let a = axis < 0 ? axis + rank : axis
        if a == rank - 1 {
            try c.builder.add(node)
            return
        }
        var perm = Array(0..<rank)
        perm.swapAt(a, rank - 1)
        let moved = try c.emit("Transpose", [node.inputs[0]], ["perm": .ints(perm)], from: node)
        let y = try c.emit(node.op, [moved], ["axis": .int(-1)], from: node)
        try c.emitFinal("Transpose", [y], ["perm": .ints(perm)], from: node)
    }

    /// A constant 2-D right operand makes a FULLY_CONNECTED (weights transposed to [N, K]);
    /// other products stay MatMul (BATCH_MATMUL), which needs rank ≥ 2 operands.
    static func matMul(_ c: inout LoweringContext, _ node: Node) throws {
        let a = try c.type(node.inputs[0]), b = try c.type(node.inputs[1])
        guard a.rank >= 2, b.rank >= 2 else {
            // numpy promotes a 1-D operand to a matrix and drops that dim from the result.
            let outputShape = try c.builder.inferTypes(node)[0].shape
            let left = a.rank == 1 ? try c.emit("Reshape", [node.inputs[0]], ["shape": .ints([1, -1])], from: node) : node.inputs[0]
            let right = b.rank == 1 ? try c.emit("Reshape", [node.inputs[1]], ["shape": .ints([-1, 1])], from: node) : node.inputs[1]
            var product = node
            product.inputs = [left, right]
            product.outputs = [c.builder.graph.freshName(node.outputs[0] + "_matrix")]
            try matMul(&c, product)
            guard let target = outputShape.reshapeTarget(keepingZeros: true) else { throw LoweringRefusal("needs static batch dims") }
            try c.emitFinal("Reshape", [product.outputs[0]], ["shape": .ints(target)], from: node)
            return
        }
        if b.rank == 2, c.builder.constant(node.inputs[1]) != nil, a.dtype == .float32 {
            let weights = try c.emit("Transpose", [node.inputs[1]], ["perm": .ints([1, 0])], from: node)
            try c.emitFinal("FullyConnected", [node.inputs[0], weights], ["keep_num_dims": .int(1)], from: node)
            return
        }
        try c.builder.add(node)
    }

    /// TFLite GATHER takes no negative indices: constant ones are resolved, run-time ones
    /// wrapped with a select (i < 0 ? i + size : i).
    static func gather(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0])
        let axis = try node.int("axis", 0)
        let size = x.shape[axis < 0 ? axis + x.rank : axis].value
        guard let indices = c.builder.constant(node.inputs[1]) else {
            let indexType = try c.type(node.inputs[1]).dtype
            guard let size else { throw LoweringRefusal("run-time indices on an axis of unknown size") }
            let zero = c.constant(Tensor.fromInt64s([0], shape: [], dtype: indexType), "zero", for: node)
            let negative = try c.emit("Less", [node.inputs[1], zero], from: node)
            let shifted = try c.emit("Add", [node.inputs[1], c.constant(Tensor.fromInt64s([Int64(size)], shape: [], dtype: indexType), "size", for: node)], from: node)
            let resolved = try c.emit("Where", [negative, shifted, node.inputs[1]], from: node)
            try c.emitFinal("Gather", [node.inputs[0], resolved], node.attributes, from: node)
            return
        }
        guard indices.ints().contains(where: { $0 < 0 }) else {
            try c.builder.add(node)
            return
        }
        guard let size else { throw LoweringRefusal("negative indices on an axis of unknown size") }
        let resolved = Tensor.fromInt64s(indices.int64s().map { $0 < 0 ? $0 + Int64(size) : $0 }, shape: indices.shape, dtype: indices.dtype)
        try c.emitFinal("Gather", [node.inputs[0], c.constant(resolved, "indices", for: node)], node.attributes, from: node)
    }

    /// RESHAPE with a run-time shape tensor takes int32 and reads 0 literally: ONNX's "0 copies
    /// the input dim" becomes a select from the input's own shape.
    static func reshape(_ c: inout LoweringContext, _ node: Node) throws {
        guard node.inputs.count > 1, !node.inputs[1].isEmpty else {
            try c.builder.add(node)
            return
        }
        var shape = node.inputs[1]
        if try c.type(shape).dtype != .int32 { shape = try c.emit("Cast", [shape], ["to": .string("int32")], from: node) }
        // Elements known to be dims of the input (or other non-zero values) copy nothing.
        let noZeros = c.builder.graph.shapeValues[shape].map { !$0.contains(.fixed(0)) } ?? false
        if try node.int("allowzero", 0) == 0 && !noZeros {
            let rank = try c.type(node.inputs[0]).rank
            guard let length = try c.type(shape).shape.first?.value else { throw LoweringRefusal("needs a run-time shape of static length") }
            var own = try c.emit("Slice", [try c.emit("Cast", [try c.emit("Shape", [node.inputs[0]], from: node)], ["to": .string("int32")], from: node)],
                                 ["starts": .ints([0]), "ends": .ints([min(length, rank)])], from: node)
            if length > rank {
                // A 0 past the input's rank copies nothing (ONNX rejects it): it stays 0.
                let zeros = c.constant(Tensor(shape: [length - rank], values: [Int32](repeating: 0, count: length - rank)), "zeros", for: node)
                own = try c.emit("Concat", [own, zeros], ["axis": .int(0)], from: node)
            }
            let zero = c.constant(Tensor(scalar: Int32(0)), "zero", for: node)
            shape = try c.emit("Where", [try c.emit("Equal", [shape, zero], from: node), own, shape], from: node)
        }
        try c.emitFinal("Reshape", [node.inputs[0], shape], ["allowzero": .int(1)], from: node)
    }

    /// BROADCAST_TO takes the full output shape, while ONNX Expand also lets a 1 in the target
    /// keep the input's dim: a constant target becomes the output shape, a run-time one the
    /// element-wise maximum with the input's shape (left-padded with ones).
    static func expand(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0])
        if let output = try c.builder.inferTypes(node)[0].fixedShape {
            let shape = c.constant(Tensor(shape: [output.count], values: output.map { Int32($0) }), "shape", for: node)
            try c.emitFinal("Expand", [node.inputs[0], shape], [:], from: node)
            return
        }
        guard let length = try c.type(node.inputs[1]).shape.first?.value, length >= x.rank else {
            throw LoweringRefusal("a run-time target shorter than the input's rank")
        }
        var own = try c.emit("Cast", [try c.emit("Shape", [node.inputs[0]], from: node)], ["to": .string("int32")], from: node)
        if length > x.rank {
            let ones = c.constant(Tensor(shape: [length - x.rank], values: [Int32](repeating: 1, count: length - x.rank)), "ones", for: node)
            own = try c.emit("Concat", [ones, own], ["axis": .int(0)], from: node)
        }
        let target = try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node)
        try c.emitFinal("Expand", [node.inputs[0], try c.emit("Max", [own, target], from: node)], [:], from: node)
    }

    /// Inputs with no elements along the axis add nothing, and zero-sized tensors trip TFLite's
    /// delegates: they are left out (one input left is a copy).
    static func concat(_ c: inout LoweringContext, _ node: Node) throws {
        let rank = try c.type(node.inputs[0]).rank
        let axis = try node.int("axis", 0) < 0 ? try node.int("axis", 0) + rank : try node.int("axis", 0)
        let kept = try node.inputs.filter { try c.type($0).shape[axis] != .fixed(0) }
        guard kept.count < node.inputs.count, !kept.isEmpty else {
            try c.builder.add(node)
            return
        }
        if kept.count == 1 {
            try identity(&c, Node(name: node.name, op: "Identity", inputs: kept, outputs: node.outputs))
        } else {
            try c.emitFinal("Concat", kept, node.attributes, from: node)
        }
    }

    /// Identity has no TFLite op: a RESHAPE to its own shape copies it.
    static func identity(_ c: inout LoweringContext, _ node: Node) throws {
        guard let target = try c.type(node.inputs[0]).shape.reshapeTarget(keepingZeros: true) else {
            throw LoweringRefusal("identity of a value with several unknown dims")
        }
        try c.emitFinal("Reshape", [node.inputs[0]], ["shape": .ints(target)], from: node)
    }

    /// ARG_MAX/ARG_MIN drop the reduced axis and pick the first extreme: keepdims becomes a
    /// Reshape; the last-index variant is ArgMax of the input reversed along the axis.
    static func argExtreme(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0])
        let axis = try node.int("axis", 0)
        let a = axis < 0 ? axis + x.rank : axis
        var input = node.inputs[0]
        let attributes: [String: Attribute] = ["axis": .int(a), "keepdims": .int(0)]
        let last = try node.int("select_last_index", 0) != 0
        if last {
            guard let size = x.shape[a].value else { throw LoweringRefusal("select_last_index needs a static axis") }
            let reversed = c.constant(Tensor(shape: [size], values: (0..<size).reversed().map { Int32($0) }), "reverse", for: node)
            input = try c.emit("Gather", [input, reversed], ["axis": .int(a)], from: node)
        }
        let keep = try node.int("keepdims", 1) != 0
        var keptShape = try c.staticShape(node.inputs[0])
        keptShape[a] = 1
        guard last || keep else {
            try c.emitFinal(node.op, [input], attributes, from: node)
            return
        }
        var result = try c.emit(node.op, [input], attributes, from: node)
        if last {
            let top = c.constant(Tensor(scalar: Int64((x.shape[a].value ?? 1) - 1)), "last_index", for: node)
            guard keep else {
                try c.emitFinal("Sub", [top, result], [:], from: node)
                return
            }
            result = try c.emit("Sub", [top, result], from: node)
        }
        try c.emitFinal("Reshape", [result], ["shape": .ints(keptShape)], from: node)
    }

    /// SHAPE returns every dim: a Shape with start/end becomes Shape + Slice.
    static func shape(_ c: inout LoweringContext, _ node: Node) throws {
        let rank = try c.type(node.inputs[0]).rank
        func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + rank : v, 0), rank) }
        let start = clamp(try node.int("start", 0)), end = clamp(try node.int("end", rank))
        guard start != 0 || end != rank else {
            try c.builder.add(node)
            return
        }
        let full = try c.emit("Shape", node.inputs, [:], from: node)
        try c.emitFinal("Slice", [full], ["starts": .ints([start]), "ends": .ints([max(start, end)])], from: node)
    }

    /// Reductions over all axes list them explicitly (TFLite takes an axis tensor).
    static func reduce(_ c: inout LoweringContext, _ node: Node) throws {
        var rewritten = node
        if node.inputs.count > 1, !node.inputs[1].isEmpty, c.builder.constant(node.inputs[1]) == nil {
            // TFLite reduces nothing for an empty axis tensor; ONNX reduces everything unless
            // noop_with_empty_axes, which only a constant-length check could tell apart.
            guard try node.int("noop_with_empty_axes", 0) != 0 || (try c.type(node.inputs[1]).shape.first?.value ?? 0) > 0 else {
                throw LoweringRefusal("run-time axes that may be empty mean 'all axes' in ONNX but 'none' in TFLite")
            }
            if try c.type(node.inputs[1]).dtype != .int32 {
                rewritten.inputs[1] = try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node)
            }
            try c.builder.add(rewritten)
            return
        }
        if try node.intsIfPresent("axes") == nil {
            rewritten.attributes["axes"] = .ints(Array(0..<(try c.type(node.inputs[0]).rank)))
        }
        if try !reduceOnMergedDims(&c, rewritten) { try c.builder.add(rewritten) }
    }

    /// Kernels take inputs of rank ≤ 4 most reliably (XNNPACK refuses some wider reductions):
    /// a wider static input has its runs of reduced and of kept dims merged, is reduced at the
    /// lower rank and reshaped to the result. Returns false when that does not apply.
    private static func reduceOnMergedDims(_ c: inout LoweringContext, _ node: Node) throws -> Bool {
        guard let shape = try c.type(node.inputs[0]).fixedShape, shape.count > 4 else { return false }
        let reduced = Set(try node.ints("axes", []).map { $0 < 0 ? $0 + shape.count : $0 })
        var groups: [(size: Int, reduced: Bool)] = []
        for (axis, size) in shape.enumerated() where size != 1 || reduced.contains(axis) {
            if let last = groups.last, last.reduced == reduced.contains(axis) {
                groups[groups.count - 1].size *= size
            } else {
                groups.append((size, reduced.contains(axis)))
            }
        }
        guard groups.count < shape.count, let output = try c.builder.inferTypes(node)[0].fixedShape else { return false }
        let merged = try c.emit("Reshape", [node.inputs[0]], ["shape": .ints(groups.map(\.size))], from: node)
        let axes = groups.indices.filter { groups[$0].reduced }
        var smaller = node
        smaller.inputs = [merged]
        smaller.attributes["axes"] = .ints(axes)
        smaller.attributes["keepdims"] = .int(0)
        smaller.outputs = [c.builder.graph.freshName(node.outputs[0] + "_merged")]
        try c.builder.add(smaller)
        try c.emitFinal("Reshape", [smaller.outputs[0]], ["shape": .ints(output)], from: node)
        return true
    }
}

/// Which TFLite activation builtin a Clip is, if any.
enum TFLiteClip {
    static func builtin(min: Float?, max: Float?) -> String? {
        let lo = min ?? -.infinity, hi = max ?? .infinity
        let unbounded = Float.greatestFiniteMagnitude
        switch (lo, hi) {
        case (0, 6): return "RELU6"
        case (-1, 1): return "RELU_N1_TO_1"
        case (0, let h) where h >= unbounded: return "RELU"
        default: return nil
        }
    }
}
