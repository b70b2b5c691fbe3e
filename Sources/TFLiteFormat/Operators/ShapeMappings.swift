import LiteIR
import LiteOps

/// RESHAPE, TRANSPOSE, CONCATENATION, PAD/PADV2/MIRROR_PAD, GATHER, STRIDED_SLICE, reductions,
/// SHAPE, FILL, CAST, DEPTH_TO_SPACE and SPACE_TO_DEPTH.
enum ShapeMappings {
    static let reducers: [(String, BuiltinOperator)] = [
        ("ReduceMean", .mean), ("ReduceSum", .sum), ("ReduceMax", .reduceMax), ("ReduceMin", .reduceMin),
        ("ReduceProd", .reduceProd),
    ]

    /// ARG_MAX / ARG_MIN drop the axis (the lowering reshapes for keepdims) and return int64.
    private static let argExtremes: [(String, BuiltinOperator, OptionsType)] = [("ArgMax", .argMax, .argMax), ("ArgMin", .argMin, .argMin)]

    /// IR ops that map one to one onto a builtin whose only option is the block size.
    static let blockMoves: [(String, BuiltinOperator, OptionsType)] = [
        ("DepthToSpace", .depthToSpace, .depthToSpace), ("SpaceToDepth", .spaceToDepth, .spaceToDepth),
    ]

    static let writers: [String: OperatorWriter] = {
        var table: [String: OperatorWriter] = [
            "Reshape": { node, c in
                if node.inputs.count > 1, !node.inputs[1].isEmpty {
                    return TFLiteOperator(op: .reshape, inputs: Array(node.inputs.prefix(2)), outputs: node.outputs, options: BuiltinOptionsValue(.reshape))
                }
                let shape = try node.ints("shape", [])
                return TFLiteOperator(op: .reshape, inputs: [node.inputs[0], c.int32Constant(shape, "\(node.name)/shape")], outputs: node.outputs,
                                      options: BuiltinOptionsValue(.reshape, [Fields.reshapeNewShape: .int32Vector(shape.map { Int32($0) })]))
            },
            "Transpose": { node, c in
                let perm = try node.ints("perm", [])
                return TFLiteOperator(op: .transpose,
                                      inputs: [node.inputs[0], c.int32Constant(perm, "\(node.name)/perm")], outputs: node.outputs,
                                      options: BuiltinOptionsValue(.transpose))
            },
            "Concat": { node, c in
                let rank = try c.type(node.inputs[0]).rank
                let axis = try node.int("axis", 0)
                let f = Fields.concatenation
                return TFLiteOperator(op: .concatenation, inputs: node.inputs, outputs: node.outputs,
                                      options: BuiltinOptionsValue(.concatenation, numbers: [
                                        f.axis: Double(axis < 0 ? axis + rank : axis), f.activation: try TFLiteActivation.code(node)]))
            },
            "Pad": writePad,
            "Gather": { node, _ in
                TFLiteOperator(op: .gather, inputs: node.inputs, outputs: node.outputs,
                               options: BuiltinOptionsValue(.gather, numbers: [Fields.gather.axis: Double(try node.int("axis", 0))]))
            },
            "Slice": writeSlice,
            "Shape": { node, c in
                let rank = try c.type(node.inputs[0]).rank
                guard try node.int("start", 0) == 0, try node.int("end", rank) >= rank else {
                    throw node.error("a partial Shape (start/end) has no TFLite form")
                }
                return TFLiteOperator(op: .shape, inputs: node.inputs, outputs: node.outputs,
                                      options: BuiltinOptionsValue(.shape, numbers: [Fields.shapeOutType: Double(TFLiteTensorType.code(.int64))]))
            },
            "ConstantOfShape": { node, c in
                let value = try node.tensor("value") ?? Tensor(scalar: Float(0))
                let scalar = c.constant(try value.reshaped([]), "\(node.name)/value")
                return TFLiteOperator(op: .fill, inputs: [node.inputs[0], scalar], outputs: node.outputs, options: BuiltinOptionsValue(.fill))
            },
            "Cast": { node, c in
                let from = try c.type(node.inputs[0]).dtype, to = try c.type(node.outputs[0]).dtype
                return TFLiteOperator(op: .cast, inputs: node.inputs, outputs: node.outputs,
                                      options: BuiltinOptionsValue(.cast, numbers: [
                                        Fields.cast.input: Double(TFLiteTensorType.code(from)), Fields.cast.output: Double(TFLiteTensorType.code(to))]))
            },
        ]
        for (irOp, builtin, options) in blockMoves {
            table[irOp] = { node, _ in
                TFLiteOperator(op: builtin, inputs: node.inputs, outputs: node.outputs,
                               options: BuiltinOptionsValue(options, numbers: [Fields.blockSize: Double(try node.int("blocksize", 0))]))
            }
        }
        for (irOp, builtin, options) in argExtremes {
            table[irOp] = { node, c in
                let rank = try c.type(node.inputs[0]).rank
                let axis = try node.int("axis", 0)
                guard try node.int("keepdims", 1) == 0, try node.int("select_last_index", 0) == 0 else {
                    throw node.error("keepdims and select_last_index must be lowered first")
                }
                return TFLiteOperator(op: builtin, inputs: [node.inputs[0], c.int32Constant([axis < 0 ? axis + rank : axis], "\(node.name)/axis")],
                                      outputs: node.outputs,
                                      options: BuiltinOptionsValue(options, numbers: [Fields.argOutputType: Double(TFLiteTensorType.code(.int64))]))
            }
        }
        for (irOp, builtin) in reducers {
            table[irOp] = { node, c in
                let rank = try c.type(node.inputs[0]).rank
                let axes = try node.ints("axes", []).map { $0 < 0 ? $0 + rank : $0 }
                let axesInput = node.inputs.count > 1 && !node.inputs[1].isEmpty ? node.inputs[1] : c.int32Constant(axes, "\(node.name)/axes")
                return TFLiteOperator(op: builtin, inputs: [node.inputs[0], axesInput], outputs: node.outputs,
                                      options: BuiltinOptionsValue(.reducer, numbers: [Fields.reducerKeepDims: try node.int("keepdims", 1) != 0 ? 1 : 0]))
            }
        }
        return table
    }()

    /// PAD for zero, PADV2 for another constant, MIRROR_PAD (REFLECT) for reflect.
    static func writePad(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let paddings: String
        var runTimeValue: String?
        let value = try node.float("value", 0)
        if node.inputs.count > 1 {
            guard try node.string("pads_layout", "") == "pairs", try c.type(node.inputs[1]).dtype == .int32 else {
                throw node.error("run-time pads must be lowered to int32 [rank, 2] pairs first")
            }
            paddings = node.inputs[1]
            if node.inputs.count > 2, !node.inputs[2].isEmpty { runTimeValue = node.inputs[2] }
        } else {
            let pads = try node.ints("pads", [])
            let rank = pads.count / 2
            paddings = c.int32Constant((0..<rank).flatMap { [pads[$0], pads[$0 + rank]] }, shape: [rank, 2], "\(node.name)/paddings")
        }
        switch try node.string("mode", "constant") {
        case "reflect":
            return TFLiteOperator(op: .mirrorPad, inputs: [node.inputs[0], paddings], outputs: node.outputs,
                                  options: BuiltinOptionsValue(.mirrorPad, numbers: [Fields.mirrorPadMode: 0]))
        case "constant":
            if let runTimeValue {
                return TFLiteOperator(op: .padv2, inputs: [node.inputs[0], paddings, runTimeValue], outputs: node.outputs, options: BuiltinOptionsValue(.padV2))
            }
            if value == 0 {
                return TFLiteOperator(op: .pad, inputs: [node.inputs[0], paddings], outputs: node.outputs, options: BuiltinOptionsValue(.pad))
            }
            let dtype = try c.type(node.inputs[0]).dtype
            let fill = c.constant(Tensor.fromFloats([value], shape: [], dtype: dtype), "\(node.name)/value")
            return TFLiteOperator(op: .padv2, inputs: [node.inputs[0], paddings, fill], outputs: node.outputs, options: BuiltinOptionsValue(.padV2))
        case let mode:
            throw node.error("pad mode '\(mode)' has no TFLite form (the lowering should have rewritten it)")
        }
    }

    /// STRIDED_SLICE with begin/end/strides; masks mark ranges that run to either end.
    static func writeSlice(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let x = try c.type(node.inputs[0])
        if node.inputs.count > 1 {
            // Run-time bounds, lowered to int32 begin/end/strides over every axis (TFLite clamps like ONNX).
            guard node.inputs.count == 5, node.inputs[3].isEmpty, try [1, 2, 4].allSatisfy({ try c.type(node.inputs[$0]) == TensorType(.int32, fixed: [x.rank]) }) else {
                throw node.error("run-time slice bounds must be lowered to int32 begin/end/strides over every axis first")
            }
            // Constant ends that run to the end are the end mask: XNNPACK reads such a node's
            // bounds statically and neither clamps INT32_MAX nor reads 0 as an empty range.
            var end = node.inputs[2], endMask = 0
            if let ends = c.graph.constants[end]?.ints(), let strides = c.graph.constants[node.inputs[4]]?.ints() {
                let open = ends.indices.filter { strides[$0] > 0 ? ends[$0] >= Int(Int32.max) : ends[$0] <= -Int(Int32.max) }
                if !open.isEmpty {
                    endMask = open.reduce(0) { $0 | 1 << $1 }
                    end = c.int32Constant(ends.indices.map { open.contains($0) ? 0 : ends[$0] }, "\(node.name)/end")
                }
            }
            return TFLiteOperator(op: .stridedSlice, inputs: [node.inputs[0], node.inputs[1], end, node.inputs[4]], outputs: node.outputs,
                                  options: BuiltinOptionsValue(.stridedSlice, numbers: [Fields.stridedSlice.endMask: Double(endMask)]))
        }
        let starts = try node.ints("starts", []), ends = try node.ints("ends", [])
        let steps = try node.ints("steps", Array(repeating: 1, count: x.rank))
        var begin: [Int] = [], end: [Int] = [], beginMask = 0, endMask = 0
        for axis in 0..<x.rank {
            guard let n = x.shape[axis].value else {
                beginMask |= 1 << axis
                endMask |= 1 << axis
                begin.append(0)
                end.append(0)
                continue
            }
            guard steps[axis] != 0, steps[axis] != Int.min else { throw node.error("step \(steps[axis]) on axis \(axis)") }
            let range = SliceRange(start: starts[axis], end: ends[axis], step: steps[axis], size: n)
            guard range.count > 0 else {
                begin.append(0)
                end.append(0)
                continue
            }
            begin.append(range.first)
            // One step past the last index taken (the axis's end where that overflows: TFLite clamps to it).
            let (past, overflow) = range.last.addingReportingOverflow(range.step)
            let stop = overflow ? n : past
            if stop < 0 { endMask |= 1 << axis }
            end.append(max(stop, 0))
        }
        let f = Fields.stridedSlice
        return TFLiteOperator(op: .stridedSlice, inputs: [
            node.inputs[0], c.int32Constant(begin, "\(node.name)/begin"), c.int32Constant(end, "\(node.name)/end"),
            c.int32Constant(steps, "\(node.name)/strides"),
        ], outputs: node.outputs, options: BuiltinOptionsValue(.stridedSlice, numbers: [f.beginMask: Double(beginMask), f.endMask: Double(endMask)]))
    }
}
