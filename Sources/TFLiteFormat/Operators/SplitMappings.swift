import LiteIR

/// SPLIT / SPLIT_V, PACK and UNPACK: the IR's Split, Stack and Unstack.
enum SplitMappings {
    static let writers: [String: OperatorWriter] = [
        "Split": { node, c in
            let rank = try c.type(node.inputs[0]).rank
            let axis = try node.int("axis", 0), sizes = try node.ints("split", [])
            let resolved = axis < 0 ? axis + rank : axis
            let splits: [OptionField: Double] = [Fields.numSplits: Double(sizes.count)]
            if Set(sizes).count == 1 {
                return TFLiteOperator(op: .split, inputs: [c.int32Constant([resolved], shape: [], "\(node.name)/axis"), node.inputs[0]],
                                      outputs: node.outputs, options: BuiltinOptionsValue(.split, numbers: splits))
            }
            return TFLiteOperator(op: .splitV, inputs: [node.inputs[0], c.int32Constant(sizes, "\(node.name)/sizes"),
                                                        c.int32Constant([resolved], shape: [], "\(node.name)/axis")],
                                  outputs: node.outputs, options: BuiltinOptionsValue(.splitV, numbers: splits))
        },
        "Stack": { node, c in
            let rank = try c.type(node.inputs[0]).rank + 1
            let axis = try node.int("axis", 0)
            return TFLiteOperator(op: .pack, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.pack, numbers: [
                Fields.pack.count: Double(node.inputs.count), Fields.pack.axis: Double(axis < 0 ? axis + rank : axis)]))
        },
        "Unstack": { node, c in
            let rank = try c.type(node.inputs[0]).rank
            let axis = try node.int("axis", 0)
            return TFLiteOperator(op: .unpack, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.unpack, numbers: [
                Fields.unpack.count: Double(node.outputs.count), Fields.unpack.axis: Double(axis < 0 ? axis + rank : axis)]))
        },
    ]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.split.code: { op, c in
            let axis = try c.constant(try op.input(0), of: op, "the axis").ints()
            let x = try c.type(try op.input(1))
            guard axis.count == 1, let a = Optional(axis[0] < 0 ? axis[0] + x.rank : axis[0]), (0..<x.rank).contains(a),
                  let size = x.shape[a].value, !op.outputs.isEmpty, size % op.outputs.count == 0 else {
                throw TFLiteFormatError("SPLIT producing '\(op.outputs.first ?? "")' needs a static axis dim divisible into \(op.outputs.count) parts")
            }
            try c.emit("Split", [try op.input(1)], ["axis": .int(a), "split": .ints(Array(repeating: size / op.outputs.count, count: op.outputs.count))],
                       for: op)
        },
        BuiltinOperator.splitV.code: { op, c in
            let x = try c.type(try op.input(0))
            let axis = try c.constant(try op.input(2), of: op, "the axis").ints()
            var sizes = try c.constant(try op.input(1), of: op, "the split sizes").ints()
            guard axis.count == 1, let a = Optional(axis[0] < 0 ? axis[0] + x.rank : axis[0]), (0..<x.rank).contains(a) else {
                throw TFLiteFormatError("SPLIT_V producing '\(op.outputs.first ?? "")' has an invalid axis \(axis)")
            }
            if let hole = sizes.firstIndex(of: -1), let size = x.shape[a].value {
                sizes[hole] = size - sizes.filter { $0 != -1 }.reduce(0, +)
            }
            try c.emit("Split", [try op.input(0)], ["axis": .int(a), "split": .ints(sizes)], for: op)
        },
        BuiltinOperator.pack.code: { op, c in
            try c.emit("Stack", op.inputs, ["axis": .int(op.options?.int(Fields.pack.axis) ?? 0)], for: op)
        },
        BuiltinOperator.unpack.code: { op, c in
            try c.emit("Unstack", op.inputs, ["axis": .int(op.options?.int(Fields.unpack.axis) ?? 0)], for: op)
        },
    ]
}
