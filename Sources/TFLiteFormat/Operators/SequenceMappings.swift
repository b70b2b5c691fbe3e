import LiteIR
import LiteOps

/// TOPK_V2, ONE_HOT, CUMSUM, WHERE, REVERSE_SEQUENCE and BITCAST, in the forms the lowering
/// leaves (see SequenceLowering).
enum SequenceMappings {
    static let writers: [String: OperatorWriter] = [
        "TopK": { node, c in
            let rank = try c.type(node.inputs[0]).rank
            guard try node.int("largest", 1) == 1, try [-1, rank - 1].contains(node.int("axis", -1)),
                  try node.string("index_type", "int64") == "int32" else {
                throw node.error("TopK must be lowered to TOPK_V2's form (largest, last axis, int32 indices) first")
            }
            return TFLiteOperator(op: .topkV2, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.topKV2))
        },
        "OneHot": { node, c in
            guard node.inputs.count == 4 else { throw node.error("OneHot must be lowered to ONE_HOT's form (separate on and off values) first") }
            let rank = try c.type(node.inputs[0]).rank + 1
            let axis = try node.int("axis", -1)
            return TFLiteOperator(op: .oneHot, inputs: node.inputs, outputs: node.outputs,
                                  options: BuiltinOptionsValue(.oneHot, numbers: [Fields.oneHotAxis: Double(axis < 0 ? axis + rank : axis)]))
        },
        "CumSum": { node, _ in
            let f = Fields.cumsum
            return TFLiteOperator(op: .cumsum, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.cumsum, numbers: [
                f.exclusive: Double(try node.int("exclusive", 0)), f.reverse: Double(try node.int("reverse", 0)),
            ]))
        },
        "TrueCoordinates": { node, _ in TFLiteOperator(op: .where, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.where)) },
        "ReverseSequence": { node, _ in
            let f = Fields.reverseSequence
            return TFLiteOperator(op: .reverseSequence, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.reverseSequence, numbers: [
                f.seqDim: Double(try node.int("time_axis", 0)), f.batchDim: Double(try node.int("batch_axis", 1)),
            ]))
        },
        "BitCast": { node, _ in TFLiteOperator(op: .bitcast, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.bitcast)) },
    ]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.topkV2.code: { op, c in
            try c.emit("TopK", op.inputs, ["axis": .int(-1), "largest": .int(1), "index_type": .string("int32")], for: op)
        },
        BuiltinOperator.oneHot.code: { op, c in try c.emit("OneHot", op.inputs, ["axis": .int(op.options?.int(Fields.oneHotAxis) ?? -1)], for: op) },
        BuiltinOperator.where.code: { op, c in
            let input = try op.input(0)
            let condition = try c.type(input).dtype == .bool ? input
                : try c.emitIntermediate("Not", [try c.emitIntermediate("Equal", [input, c.builder.graph.addConstant("zero",
                    Tensor.fromFloats([0], shape: [], dtype: try c.type(input).dtype))], for: op)], for: op)
            try c.emit("TrueCoordinates", [condition], for: op)
        },
        BuiltinOperator.reverseSequence.code: { op, c in
            let f = Fields.reverseSequence
            try c.emit("ReverseSequence", op.inputs, ["time_axis": .int(op.options?.int(f.seqDim) ?? 0), "batch_axis": .int(op.options?.int(f.batchDim) ?? 0)], for: op)
        },
        BuiltinOperator.bitcast.code: { op, c in
            guard let output = op.outputs.first, let type = c.declared[output] else {
                throw TFLiteFormatError("BITCAST producing '\(op.outputs.first ?? "")' has no declared type")
            }
            try c.emit("BitCast", op.inputs, ["to": .string(type.dtype.rawValue)], for: op)
        },
        BuiltinOperator.cumsum.code: { op, c in
            let f = Fields.cumsum
            try c.emit("CumSum", op.inputs, ["exclusive": .int(op.options?.int(f.exclusive) ?? 0), "reverse": .int(op.options?.int(f.reverse) ?? 0)], for: op)
        },
    ]
}
