import LiteIR

/// Kernel rules of the arithmetic, unary, activation, comparison, logical and normalization
/// builtins (tflite/kernels/add.cc, sub.cc, mul.cc, div.cc, pow.cc, maximum_minimum.cc,
/// floor_mod.cc, elementwise.cc, activations.cc, comparisons.cc, logical.cc, select.cc, cast.cc,
/// l2norm.cc, local_response_norm.cc and their registrations).
enum ElementwiseKernelRules {
    static let float: [DType: Int32] = [.float32: 1]
    static let numbers: [DType: Int32] = [.float32: 1, .int32: 1, .int64: 1]
    /// Quantized int8 (version 2) and int16 (version 3) values, the versions of op_version.cc
    /// (tflite/converter/tools/versioning) for most quantized kernels.
    static let int8And16: [DType: Int32] = [.int8: 2, .int16: 3]

    /// Both operands of a binary kernel have one element type (TF_LITE_ENSURE_TYPES_EQ in Prepare).
    static let sameOperandTypes = KernelCheck("both operands must have the same element type") { v in
        v.input(0)?.dtype == v.input(1)?.dtype
    }

    /// The generic broadcast loop handles at most 8 dims and aborts the process beyond
    /// (broadcast_loop.h, TFLITE_CHECK_LE).
    static let broadcastRank = KernelCheck("operands may have at most 8 dims (the broadcast loop aborts beyond)") { v in
        v.op.inputs.indices.allSatisfy { (v.input($0)?.rank ?? 0) <= 8 }
    }

    static func binary(_ op: BuiltinOperator, _ builtin: ClosedRange<Int32>, _ reference: ClosedRange<Int32>?, _ types: [DType: Int32],
                       quantized: [DType: Int32] = [:], activation: ActivationRule = .absent, checks: [KernelCheck] = []) -> KernelRule {
        KernelRule(op, versions: builtin, reference: reference, types: types, quantized: quantized, activation: activation,
                   checks: [sameOperandTypes, broadcastRank] + checks)
    }

    static func unary(_ op: BuiltinOperator, _ builtin: ClosedRange<Int32>, _ reference: ClosedRange<Int32>?,
                      _ types: [DType: Int32] = float, quantized: [DType: Int32] = [:]) -> KernelRule {
        KernelRule(op, versions: builtin, reference: reference, types: types, quantized: quantized)
    }

    static let rules: [KernelRule] = arithmetic + unaries + activations + comparisons + normalizations

    static let arithmetic: [KernelRule] = [
        binary(.add, 1...6, 1...5, [.float32: 1, .int32: 1, .int64: 4, .float16: 6], quantized: [.int8: 2, .int16: 3], activation: .clamps(Fields.arithmeticActivation)),
        binary(.sub, 1...5, 1...5, [.float32: 1, .int32: 1, .int64: 4], quantized: [.int8: 2, .int16: 5], activation: .clamps(Fields.arithmeticActivation)),
        binary(.mul, 1...8, 1...7, [.float32: 1, .int32: 1, .int64: 5, .float16: 8], quantized: [.int8: 2, .int16: 4], activation: .clamps(Fields.arithmeticActivation)),
        // No int64 (div.cc Eval); an int32 zero divisor fails at run time.
        binary(.div, 1...2, 1...2, [.float32: 1, .int32: 1], activation: .clamps(Fields.arithmeticActivation)),
        binary(.pow, 1...1, 1...1, [.float32: 1, .int32: 1]),
        binary(.maximum, 1...4, 1...4, numbers), binary(.minimum, 1...4, 1...4, numbers),
        binary(.floorMod, 1...2, 1...2, numbers),
        binary(.squaredDifference, 1...2, 1...2, [.float32: 1, .int32: 1], quantized: [.int8: 2]),
        // atan2.cc checks equal ranks only and then reads as many elements of x as y has.
        binary(.atan2, 1...1, 1...1, float, checks: [KernelCheck("both operands must have the same shape (ATAN2 does not broadcast)") { v in
            guard let y = v.input(0), let x = v.input(1) else { return false }
            return y.shape == x.shape && y.shape.allSatisfy { $0.value != nil }
        }]),
        binary(.rightShift, 1...1, 1...1, [.int32: 1, .int16: 1, .int8: 1, .uint32: 1, .uint16: 1, .uint8: 1]),
        binary(.bitwiseXor, 1...1, 1...1, [.int32: 1, .int16: 1, .int8: 1, .uint32: 1, .uint16: 1, .uint8: 1]),
    ]

    static let unaries: [KernelRule] = [
        unary(.abs, 1...5, 1...3, [.float32: 1, .int32: 5]),
        unary(.neg, 1...1, 1...1, numbers),
        unary(.exp, 1...2, 1...2), unary(.log, 1...2, 1...2), unary(.sqrt, 1...2, 1...2), unary(.rsqrt, 1...3, 1...3, quantized: [.int8: 2, .int16: 3]),
        unary(.sin, 1...2, 1...1, [.float32: 1, .float16: 2]), unary(.cos, 1...2, 1...1, [.float32: 1, .float16: 2]),
        unary(.floor, 1...1, 1...1), unary(.square, 1...1, 1...1),
        // CEIL, ROUND and ELU have no reference kernel (register_ref.cc).
        unary(.ceil, 1...1, nil), unary(.round, 1...1, nil),
        unary(.sign, 1...2, 1...2, [.float32: 1, .int32: 2]),
        KernelRule(.logicalNot, versions: 1...1, reference: 1...1, types: [.bool: 1]),
        binary(.logicalAnd, 1...1, 1...1, [.bool: 1]), binary(.logicalOr, 1...1, 1...1, [.bool: 1]),
        KernelRule(.cast, versions: 1...9, reference: 1...9, types: [
            .float32: 1, .int32: 1, .int64: 1, .bool: 1, .uint32: 2, .int8: 3, .uint16: 4, .float16: 5, .float64: 5,
            .int16: 1, .uint8: 1,
        ]),
    ]

    static let activations: [KernelRule] = [
        unary(.relu, 1...3, 1...3, quantized: int8And16), unary(.relu6, 1...3, 1...3, quantized: int8And16), unary(.reluN1To1, 1...1, 1...1, quantized: [.int8: 1]),
        unary(.logistic, 1...3, 1...3, quantized: int8And16), unary(.tanh, 1...3, 1...3, quantized: int8And16), unary(.hardSwish, 1...1, 1...1, quantized: [.int8: 1]),
        unary(.leakyRelu, 1...2, 1...2, quantized: [.int8: 1, .int16: 2]), unary(.elu, 1...1, nil),
        unary(.gelu, 1...3, 1...2, [.float32: 1, .float16: 3], quantized: [.int8: 2, .int16: 2]),
        KernelRule(.prelu, versions: 1...1, reference: 1...1, types: float, quantized: [.int8: 1], checks: [
            // activations.cc PReluPrepare: the output (input broadcast with alpha) must keep the input's shape.
            KernelCheck("alpha must have the input's element type, no more dims than the input, and broadcast into the input's shape") { v in
                guard let x = v.input(0), let alpha = v.input(1), alpha.dtype == x.dtype, alpha.rank <= x.rank else { return false }
                return zip(alpha.shape.reversed(), x.shape.reversed()).allSatisfy { a, d in a.value == 1 || a == d }
            },
        ]),
        KernelRule(.softmax, versions: 1...4, reference: 1...3, types: [.float32: 1, .float16: 4], quantized: int8And16, ranks: 1...Int.max),
        KernelRule(.logSoftmax, versions: 1...2, reference: 1...2, types: float),
    ]

    static let comparisons: [KernelRule] = [
        binary(.equal, 1...5, 1...5, numbers.merging([.bool: 1]) { a, _ in a }),
        binary(.notEqual, 1...4, 1...4, numbers.merging([.bool: 1]) { a, _ in a }),
        // No bool (comparisons.cc LessEval / LessEqualEval).
        binary(.less, 1...3, 1...3, numbers), binary(.greaterEqual, 1...3, 1...3, numbers),
        binary(.greater, 1...2, 1...2, numbers), binary(.lessEqual, 1...2, 1...2, numbers),
        KernelRule(.selectV2, versions: 1...2, reference: 1...2, input: 1, types: numbers.merging([.bool: 1]) { a, _ in a }, checks: [
            KernelCheck("the condition must be bool and both branches of one element type") { v in
                v.input(0)?.dtype == .bool && v.input(1)?.dtype == v.input(2)?.dtype
            },
            broadcastRank,
        ]),
    ]

    static let normalizations: [KernelRule] = [
        KernelRule(.l2Normalization, versions: 1...2, reference: 1...2, types: float, ranks: 1...Int.max,
                   activation: .mustBeNone(Fields.l2NormActivation)),
        KernelRule(.localResponseNormalization, versions: 1...1, reference: 1...1, types: float, ranks: 4...4, checks: [
            // reference_ops.h sums channels [c - r, c + r), optimized_ops.h [c - r, c + r]: the two
            // builtin kernel sets compute different results for every file.
            KernelCheck("the reference kernel sums 2·radius channels where the optimized one sums 2·radius + 1", scope: .referenceKernels) { _ in false },
        ]),
    ]
}
