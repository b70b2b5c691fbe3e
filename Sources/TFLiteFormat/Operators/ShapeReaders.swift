import LiteIR
import LiteOps

extension ShapeMappings {
    static let readers: [Int32: OperatorReader] = {
        var table: [Int32: OperatorReader] = [
            BuiltinOperator.reshape.code: { op, c in
                var shape = op.options?.vector(Fields.reshapeNewShape).map { $0.map(Int.init) }
                if op.inputs.count > 1, !op.inputs[1].isEmpty {
                    guard let constant = c.builder.constant(op.inputs[1]) else {
                        // A run-time shape: TFLite reads 0 literally.
                        try c.emit("Reshape", [try op.input(0), op.inputs[1]], ["allowzero": .int(1)], for: op)
                        return
                    }
                    shape = constant.ints()
                }
                guard let shape else { throw TFLiteFormatError("RESHAPE producing '\(op.outputs.first ?? "")' has no shape") }
                // TFLite reads a 0 as a dim of size 0 (ONNX: a copy of the input's).
                try c.emit("Reshape", [try op.input(0)], ["shape": .ints(shape), "allowzero": .int(1)], for: op)
            },
            BuiltinOperator.transpose.code: { op, c in
                try c.emit("Transpose", [try op.input(0)], ["perm": .ints(try c.constant(try op.input(1), of: op, "perm").ints())], for: op)
            },
            BuiltinOperator.concatenation.code: { op, c in
                let f = Fields.concatenation
                var attributes = TFLiteActivation.attribute(for: op)
                attributes["axis"] = .int(op.options?.int(f.axis) ?? 0)
                try c.emit("Concat", op.inputs, attributes, for: op)
            },
            BuiltinOperator.pad.code: { op, c in try readPad(op, &c, mode: "constant") },
            BuiltinOperator.padv2.code: { op, c in try readPad(op, &c, mode: "constant") },
            BuiltinOperator.mirrorPad.code: { op, c in
                guard op.options?.int(Fields.mirrorPadMode) ?? 0 == 0 else { throw TFLiteFormatError("MIRROR_PAD SYMMETRIC is not supported") }
                try readPad(op, &c, mode: "reflect")
            },
            BuiltinOperator.gather.code: { op, c in
                guard op.options?.int(Fields.gather.batchDims) ?? 0 == 0 else { throw TFLiteFormatError("GATHER with batch_dims is not supported") }
                try c.emit("Gather", op.inputs, ["axis": .int(op.options?.int(Fields.gather.axis) ?? 0)], for: op)
            },
            BuiltinOperator.stridedSlice.code: readStridedSlice,
            BuiltinOperator.slice.code: { op, c in
                // begin and size (-1: to the end); the kernel table refused negative begins.
                let begin = try c.constant(try op.input(1), of: op, "begin").ints(), size = try c.constant(try op.input(2), of: op, "size").ints()
                guard begin.count == size.count, begin.count == (try c.type(try op.input(0)).rank) else {
                    throw TFLiteFormatError("SLICE producing '\(op.outputs.first ?? "")' needs a begin and a size per dim")
                }
                let far = Int(Int32.max)
                let ends = zip(begin, size).map { $1 < 0 ? far : min($0, far) + min($1, far) }
                try c.emit("Slice", [try op.input(0)], ["starts": .ints(begin), "ends": .ints(ends)], for: op)
            },
            BuiltinOperator.expandDims.code: { op, c in
                let x = try c.type(try op.input(0))
                let axis = try c.constant(try op.input(1), of: op, "axis").ints()[0]
                guard (-x.rank - 1...x.rank).contains(axis) else { throw TFLiteFormatError("EXPAND_DIMS axis \(axis) is out of range for \(x)") }
                var dims = x.shape
                dims.insert(.fixed(1), at: axis < 0 ? axis + x.rank + 1 : axis)
                guard let target = dims.reshapeTarget(keepingZeros: true) else {
                    let axes = try c.emitIntermediate("Reshape", [try op.input(1)], ["shape": .ints([1])], for: op)
                    try c.emit("Unsqueeze", [try op.input(0), axes], for: op)
                    return
                }
                try c.emit("Reshape", [try op.input(0)], ["shape": .ints(target)], for: op)
            },
            BuiltinOperator.shape.code: { op, c in
                let outType = TFLiteTensorType.dtype(Int8(op.options?.int(Fields.shapeOutType) ?? 2)) ?? .int32
                if outType == .int64 {
                    try c.emit("Shape", op.inputs, for: op)
                } else {
                    try c.emit("Cast", [try c.emitIntermediate("Shape", op.inputs, for: op)], ["to": .string(outType.rawValue)], for: op)
                }
            },
            BuiltinOperator.fill.code: { op, c in
                let value = try c.constant(try op.input(1), of: op, "the fill value")
                try c.emit("ConstantOfShape", [try op.input(0)], ["value": .tensor(try value.reshaped([1]))], for: op)
            },
            BuiltinOperator.cast.code: { op, c in
                // cast.cc ignores CastOptions: the output tensor's type decides (TFLiteConverter often writes none).
                guard let output = op.outputs.first, let to = c.declared[output]?.dtype else {
                    throw TFLiteFormatError("CAST producing '\(op.outputs.first ?? "")' has no output type")
                }
                // Floats become integers saturating, NaN the type's maximum (cast.cc SafeCast).
                try c.emit("Cast", op.inputs, ["to": .string(to.rawValue), "saturate_integers": .int(1)], for: op)
            },
        ]
        for (irOp, builtin, _) in blockMoves {
            table[builtin.code] = { op, c in
                try c.emit(irOp, [try op.input(0)], ["blocksize": .int(op.options?.int(Fields.blockSize) ?? 0)], for: op)
            }
        }
        for (irOp, builtin) in [("ArgMax", BuiltinOperator.argMax), ("ArgMin", .argMin)] {
            table[builtin.code] = { op, c in
                let axis = try c.constant(try op.input(1), of: op, "axis").ints()
                guard axis.count == 1 else { throw TFLiteFormatError("\(op.op) needs one axis") }
                let outType = TFLiteTensorType.dtype(Int8(op.options?.int(Fields.argOutputType) ?? 4)) ?? .int64
                let attributes: [String: Attribute] = ["axis": .int(axis[0]), "keepdims": .int(0)]
                if outType == .int64 {
                    try c.emit(irOp, [try op.input(0)], attributes, for: op)
                } else {
                    try c.emit("Cast", [try c.emitIntermediate(irOp, [try op.input(0)], attributes, for: op)], ["to": .string(outType.rawValue)], for: op)
                }
            }
        }
        for (irOp, builtin) in reducers {
            table[builtin.code] = { op, c in
                // TFLite reduces nothing over empty axes, and its maximum (minimum) starts from the
                // type's lowest (highest) value: a float one −∞ (+∞) inputs do not move (reference kernels).
                var attributes: [String: Attribute] = ["keepdims": .int(op.options?.int(Fields.reducerKeepDims) ?? 0), "noop_with_empty_axes": .int(1)]
                let dtype = try c.type(try op.input(0)).dtype
                if irOp == "ReduceMax" || irOp == "ReduceMin" {
                    let max = irOp == "ReduceMax"
                    switch dtype {
                    case .float32: attributes["initial"] = .float(max ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude)
                    case .int32: attributes["initial"] = .int(Int(max ? Int32.min : Int32.max))
                    default: break
                    }
                }
                guard let axes = c.builder.constant(try op.input(1))?.ints() else {
                    try c.emit(irOp, [try op.input(0), try op.input(1)], attributes, for: op)
                    return
                }
                attributes["axes"] = .ints(axes)
                try c.emit(irOp, [try op.input(0)], attributes, for: op)
            }
        }
        return table
    }()

    private static func readPad(_ op: TFLiteOperator, _ c: inout ReadContext, mode: String) throws {
        guard let paddings = c.builder.constant(try op.input(1))?.ints() else {
            try c.emit("Pad", op.inputs, ["mode": .string(mode), "pads_layout": .string("pairs")], for: op)
            return
        }
        let rank = paddings.count / 2
        var attributes: [String: Attribute] = [
            "pads": .ints((0..<rank).map { paddings[2 * $0] } + (0..<rank).map { paddings[2 * $0 + 1] }), "mode": .string(mode),
        ]
        if op.inputs.count > 2, !op.inputs[2].isEmpty {
            attributes["value"] = .float(try c.constant(try op.input(2), of: op, "the pad value").floats().first ?? 0)
        }
        try c.emit("Pad", [try op.input(0)], attributes, for: op)
    }

    private static func readStridedSlice(_ op: TFLiteOperator, _ c: inout ReadContext) throws {
        let f = Fields.stridedSlice
        guard op.inputs.count >= 3 else { throw TFLiteFormatError("STRIDED_SLICE needs input, begin and end") }
        let options = op.options ?? BuiltinOptionsValue(.stridedSlice)
        if options.int(f.ellipsisMask) != 0 || options.int(f.newAxisMask) != 0 {
            throw TFLiteFormatError("STRIDED_SLICE with ellipsis or new-axis masks is not supported")
        }
        let x = try c.type(try op.input(0))
        let bounds = op.inputs.dropFirst().map { $0.isEmpty ? nil : c.builder.constant($0) }
        if bounds.contains(where: { $0 == nil }) {
            guard options.int(f.beginMask) == 0, options.int(f.endMask) == 0, options.int(f.shrinkAxisMask) == 0 else {
                throw TFLiteFormatError("STRIDED_SLICE with run-time bounds and masks is not supported")
            }
            let strides = op.inputs.count > 3 ? op.inputs[3] : ""
            try c.emit("Slice", [try op.input(0), try op.input(1), try op.input(2), "", strides], for: op)
            return
        }
        let begin = try c.constant(try op.input(1), of: op, "begin").ints(), end = try c.constant(try op.input(2), of: op, "end").ints()
        let strides = op.inputs.count > 3 ? try c.constant(try op.input(3), of: op, "strides").ints() : Array(repeating: 1, count: x.rank)
        guard begin.count == x.rank, end.count == x.rank, strides.count == x.rank else {
            throw TFLiteFormatError("STRIDED_SLICE begin/end/strides must cover all \(x.rank) dims")
        }
        let beginMask = options.int(f.beginMask), endMask = options.int(f.endMask), shrink = options.int(f.shrinkAxisMask)
        let far = Int(Int32.max)
        let starts = (0..<x.rank).map { beginMask & (1 << $0) != 0 ? (strides[$0] > 0 ? 0 : -1) : begin[$0] }
        let ends = (0..<x.rank).map { axis -> Int in
            if shrink & (1 << axis) != 0 { return begin[axis] == -1 ? far : begin[axis] + 1 }
            return endMask & (1 << axis) != 0 ? (strides[axis] > 0 ? far : -far) : end[axis]
        }
        // An axis of unknown size sliced in part takes the bounds as inputs (the IR's run-time form).
        let partial = x.shape.indices.contains { x.shape[$0].value == nil && (starts[$0] != 0 || strides[$0] != 1 || ends[$0] < far) }
        let boundInputs = partial ? [starts, ends, strides].map { c.builder.graph.addConstant("\(op.outputs.first ?? "slice")/bounds", Tensor(shape: [x.rank], values: $0.map(Int64.init))) } : []
        let attributes: [String: Attribute] = partial ? [:] : ["starts": .ints(starts), "ends": .ints(ends), "steps": .ints(strides)]
        let inputs = partial ? [try op.input(0), boundInputs[0], boundInputs[1], "", boundInputs[2]] : [try op.input(0)]
        guard shrink != 0 else {
            try c.emit("Slice", inputs, attributes, for: op)
            return
        }
        let sliced = try c.emitIntermediate("Slice", inputs, attributes, for: op)
        let kept = try c.type(sliced).shape.enumerated().filter { shrink & (1 << $0.offset) == 0 }.map { $0.element.value ?? -1 }
        try c.emit("Reshape", [sliced], ["shape": .ints(kept)], for: op)
    }
}
