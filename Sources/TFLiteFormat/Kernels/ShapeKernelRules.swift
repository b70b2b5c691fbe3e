import LiteIR

/// Kernel rules of the data-movement, indexing, reduction and sequence builtins
/// (tflite/kernels/reshape.cc, transpose.cc, concatenation.cc, pad.cc, mirror_pad.cc, gather.cc,
/// gather_nd.cc, scatter_nd.cc, strided_slice.cc, shape.cc, fill.cc, range.cc, tile.cc,
/// broadcast_to.cc, reduce.cc, arg_min_max.cc, topk_v2.cc, one_hot.cc, cumsum.cc, where.cc,
/// reverse_sequence.cc, bitcast.cc, split.cc, split_v.cc, pack.cc, unpack.cc).
enum ShapeKernelRules {
    /// Every element type: the kernel copies bytes.
    static let anyType: [DType: Int32] = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0, 1) })
    static let numbers: [DType: Int32] = [.float32: 1, .int32: 1, .int64: 1]

    static func integerInput(_ i: Int, _ what: String, _ allowed: Set<DType> = [.int32, .int64]) -> KernelCheck {
        KernelCheck("the \(what) must be \(allowed.map(\.rawValue).sorted().joined(separator: " or "))") { v in
            v.input(i).map { allowed.contains($0.dtype) } ?? false
        }
    }

    /// A constant index input's values, when known.
    static func constantInts(_ v: OperatorView, _ i: Int) -> [Int]? { v.constant(i).map { $0.ints() } }

    static let rules: [KernelRule] = movement + indexing + reductions + sequences

    static let movement: [KernelRule] = [
        KernelRule(.reshape, versions: 1...1, reference: 1...1, types: anyType, checks: [
            // reshape.cc uses the shape input only when it is a 1-D int32 tensor, else new_shape.
            KernelCheck("a shape input must be a 1-D int32 tensor (RESHAPE ignores any other for its new_shape option)") { v in
                !v.has(1) || (v.input(1)?.dtype == .int32 && v.input(1)?.rank == 1)
            },
        ]),
        KernelRule(.transpose, versions: 1...9, reference: 1...8,
                   types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 2, .bool: 3, .int16: 5, .float16: 9], ranks: 0...8, checks: [
            integerInput(1, "permutation", [.int32]),
        ]),
        KernelRule(.concatenation, versions: 1...7, reference: 1...7,
                   types: [.float32: 1, .int32: 1, .int64: 1, .bool: 1, .uint8: 1, .int8: 2, .int16: 3, .uint32: 4, .float16: 6],
                   activation: .mustBeNone(Fields.concatenation.activation), checks: [
            KernelCheck("all inputs must have the same element type and rank") { v in
                let types = v.op.inputs.indices.compactMap { v.input($0) }
                return types.allSatisfy { $0.dtype == types.first?.dtype && $0.rank == types.first?.rank }
            },
        ]),
        pad(.pad), pad(.padv2),
        KernelRule(.mirrorPad, versions: 1...3, reference: 1...3,
                   types: [.float32: 1, .float16: 1, .int32: 1, .int64: 1, .bool: 1, .uint8: 1, .int8: 2, .int16: 3], checks: [
            integerInput(1, "paddings"),
            KernelCheck("REFLECT paddings must not exceed the dim minus 1") { v in
                guard let pads = constantInts(v, 1), let x = v.input(0), pads.count == 2 * x.rank else { return true }
                let offset = v.option(Fields.mirrorPadMode) == 0 ? 1 : 0
                return x.shape.indices.allSatisfy { d in
                    pads[2 * d] >= 0 && pads[2 * d + 1] >= 0
                        && x.shape[d].value.map { max(pads[2 * d], pads[2 * d + 1]) <= $0 - offset } ?? true
                }
            },
        ]),
        KernelRule(.tile, versions: 1...3, reference: 1...2,
                   types: [.float32: 1, .int32: 1, .int64: 1, .bool: 1, .uint8: 1, .int8: 3], checks: [integerInput(1, "multiples")]),
        KernelRule(.broadcastTo, versions: 2...4, reference: 2...4,
                   types: [.float32: 2, .float16: 2, .int32: 2, .int64: 2, .bool: 2, .uint8: 2, .int8: 3, .int16: 3], checks: [
            integerInput(1, "shape"),
            // broadcast_to.cc broadcasts one way: each input dim is 1 or the target's.
            KernelCheck("the input must broadcast one way into the target shape") { v in
                guard let x = v.input(0), let target = constantInts(v, 1) else { return true }
                return x.rank <= target.count && zip(x.shape.reversed(), target.reversed()).allSatisfy { d, t in d.value == 1 || d.value == t || d.value == nil }
            },
        ]),
        KernelRule(.shape, versions: 1...1, reference: 1...1, types: anyType, checks: [
            KernelCheck("out_type must be int32 or int64") { v in [2, 4].contains(v.option(Fields.shapeOutType)) },
        ]),
        KernelRule(.fill, versions: 1...5, reference: 1...5, input: 1,
                   types: [.float32: 1, .int32: 1, .int64: 1, .bool: 2, .int8: 3, .int16: 3, .float16: 4], checks: [
            integerInput(0, "dims"),
            KernelCheck("the value must be a scalar") { v in v.input(1)?.rank == 0 },
        ]),
        KernelRule(.range, versions: 1...2, reference: 1...1, types: [.float32: 1, .int32: 1, .int64: 2], checks: [
            KernelCheck("start, limit and delta must be scalars of one element type") { v in
                let types = (0..<3).compactMap { v.input($0) }
                return types.count == 3 && types.allSatisfy { $0.dtype == types[0].dtype && $0.shape.allSatisfy { $0.value == 1 } }
            },
        ]),
        KernelRule(.bitcast, versions: 1...1, reference: 1...1, types: anyType),
        KernelRule(.expandDims, versions: 1...1, reference: 1...1, types: anyType, checks: [
            KernelCheck("the axis must be one int32 or int64") { v in
                [.int32, .int64].contains(v.input(1)?.dtype) && v.input(1)?.shape.allSatisfy { $0.value == 1 } == true
            },
        ]),
        KernelRule(.slice, versions: 1...8, reference: 1...8,
                   types: [.float32: 1, .int32: 1, .int64: 1, .bool: 1, .uint8: 1, .int8: 2, .int16: 4, .uint32: 6, .float16: 8], checks: [
            integerInput(1, "begin"), integerInput(2, "size"),
            // slice.cc neither wraps nor refuses a negative begin: it reads before the tensor.
            KernelCheck("begin must not be negative, nor size below -1") { v in
                (constantInts(v, 1)?.allSatisfy { $0 >= 0 } ?? true) && (constantInts(v, 2)?.allSatisfy { $0 >= -1 } ?? true)
            },
        ]),
    ]

    static func pad(_ op: BuiltinOperator) -> KernelRule {
        KernelRule(op, versions: 1...6, reference: 1...6,
                   types: [.float32: 1, .float16: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 2, .int16: 3, .bool: 5], ranks: 0...5, checks: [
            integerInput(1, "paddings"),
            KernelCheck("the paddings must not be negative") { v in constantInts(v, 1)?.allSatisfy { $0 >= 0 } ?? true },
            KernelCheck("the pad value must be one element of the input's type") { v in
                !v.has(2) || (v.input(2)?.dtype == v.input(0)?.dtype && v.input(2)?.shape.allSatisfy { $0.value == 1 } == true)
            },
        ])
    }

    static let indexing: [KernelRule] = [
        KernelRule(.gather, versions: 1...8, reference: 1...8,
                   types: [.float32: 1, .float16: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 2, .bool: 3, .int16: 4], checks: [
            integerInput(1, "indices", [.int16, .int32, .int64]),
            // gather.cc refuses negative positions; ONNX wraps them.
            KernelCheck("constant indices must not be negative") { v in constantInts(v, 1)?.allSatisfy { $0 >= 0 } ?? true },
        ]),
        KernelRule(.gatherNd, versions: 1...6, reference: 1...6,
                   types: [.float32: 1, .float16: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 1, .int16: 3, .bool: 5], ranks: 1...Int.max, checks: [
            integerInput(1, "indices", [.int16, .int32, .int64]),
            KernelCheck("the index vectors must be no longer than the data's rank") { v in
                guard let x = v.input(0), let i = v.input(1), i.rank >= 1 else { return false }
                return i.shape[i.rank - 1].value.map { $0 <= x.rank } ?? true
            },
        ]),
        KernelRule(.scatterNd, versions: 1...1, reference: 1...1, input: 1,
                   types: [.float32: 1, .int32: 1, .int64: 1, .bool: 1, .uint8: 1, .int8: 1], checks: [
            KernelCheck("the indices and the shape must be int32") { v in v.input(0)?.dtype == .int32 && v.input(2)?.dtype == .int32 },
        ]),
        KernelRule(.stridedSlice, versions: 1...8, reference: 1...4,
                   types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 2, .bool: 3, .int16: 1], checks: [
            KernelCheck("begin, end and strides must be int32 vectors") { v in (1...3).allSatisfy { v.input($0)?.dtype == .int32 && v.input($0)?.rank == 1 } },
            KernelCheck("strides must not be zero") { v in constantInts(v, 3)?.allSatisfy { $0 != 0 } ?? true },
        ]),
    ]

    static func reduction(_ op: BuiltinOperator, _ versions: ClosedRange<Int32>, _ types: [DType: Int32], quantized: [DType: Int32] = [:]) -> KernelRule {
        KernelRule(op, versions: versions, reference: versions, types: types, quantized: quantized, checks: [
            integerInput(1, "axes", [.int32]),
            // reduce.cc resolves an empty axis list to a copy; ONNX's empty axes reduce everything.
            KernelCheck("the axes must not be empty (TFLite reduces nothing then)", scope: .writtenForm) { v in
                constantInts(v, 1).map { !$0.isEmpty } ?? true
            },
        ])
    }

    static let reductions: [KernelRule] = [
        // int8, uint8 and int16 take the quantized paths; the optimized ReduceGeneric fails on bool
        // (reduce.cc EvalType), though the reference kernel takes it.
        reduction(.mean, 1...3, numbers, quantized: ElementwiseKernelRules.int8And16), reduction(.sum, 1...2, numbers), reduction(.reduceProd, 1...2, numbers),
        reduction(.reduceMax, 1...3, numbers), reduction(.reduceMin, 1...3, numbers),
        argExtreme(.argMax), argExtreme(.argMin),
    ]

    static func argExtreme(_ op: BuiltinOperator) -> KernelRule {
        KernelRule(op, versions: 1...3, reference: 1...2, types: [.float32: 1, .int32: 1, .uint8: 1, .int8: 2, .bool: 3], ranks: 1...Int.max, checks: [
            integerInput(1, "axis"),
            KernelCheck("output_type must be int32 or int64") { v in [2, 4].contains(v.option(Fields.argOutputType)) },
        ])
    }

    static let sequences: [KernelRule] = [
        KernelRule(.topkV2, versions: 1...3, reference: 1...3, types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 2], checks: [
            integerInput(1, "k", [.int32]),
            KernelCheck("the indices output must be int32") { v in v.output(1)?.dtype == .int32 },
        ]),
        KernelRule(.oneHot, versions: 1...1, reference: 1...1, types: [.int32: 1, .int64: 1], checks: [
            KernelCheck("depth must be an int32 scalar and on/off values scalars of one type") { v in
                v.input(1)?.dtype == .int32 && v.input(2)?.dtype == v.input(3)?.dtype
            },
        ]),
        KernelRule(.cumsum, versions: 1...1, reference: 1...1, types: numbers, ranks: 1...Int.max, checks: [integerInput(1, "axis", [.int32])]),
        KernelRule(.where, versions: 1...2, reference: 1...2,
                   types: [.bool: 1, .float32: 2, .int32: 2, .int64: 2, .int8: 2, .uint8: 2, .uint32: 2], ranks: 1...Int.max),
        KernelRule(.reverseSequence, versions: 1...1, reference: 1...1, types: [.float32: 1, .int32: 1, .int64: 1, .int16: 1, .uint8: 1], checks: [
            integerInput(1, "sequence lengths"),
            KernelCheck("seq_dim and batch_dim must be distinct dims of the input") { v in
                let s = v.option(Fields.reverseSequence.seqDim), b = v.option(Fields.reverseSequence.batchDim)
                guard let rank = v.input(0)?.rank else { return false }
                return s != b && (0..<rank).contains(s) && (0..<rank).contains(b)
            },
        ]),
        KernelRule(.split, versions: 1...5, reference: 1...5, input: 1, types: [.float32: 1, .int64: 1, .uint8: 1, .int8: 2, .int32: 3, .int16: 4],
                   checks: [integerInput(0, "axis", [.int32])]),
        KernelRule(.splitV, versions: 1...3, reference: 1...3, types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int16: 1, .int8: 2],
                   checks: [integerInput(1, "sizes"), integerInput(2, "axis", [.int32])]),
        KernelRule(.pack, versions: 1...5, reference: 1...5, types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 2, .int16: 3, .uint32: 4]),
        KernelRule(.unpack, versions: 1...6, reference: 1...6,
                   types: [.float32: 1, .int32: 1, .uint8: 2, .int8: 2, .bool: 3, .int16: 4, .float16: 5], checks: [
            KernelCheck("the input must not be empty") { v in v.input(0)?.shape.allSatisfy { $0.value != 0 } ?? false },
        ]),
    ]
}
