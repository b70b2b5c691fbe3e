import Foundation
import LiteIR
import LiteOps

/// Elementwise math, activations, FULLY_CONNECTED, BATCH_MATMUL, SOFTMAX, LRN and L2_NORMALIZATION.
enum ElementwiseMappings {
    /// IR op ↔ builtin with no options (or an empty options table).
    private static let plain: [(String, BuiltinOperator, OptionsType?)] = [
        ("Relu", .relu, nil), ("Sigmoid", .logistic, nil), ("Tanh", .tanh, nil), ("HardSwish", .hardSwish, .hardSwish),
        ("Exp", .exp, .exp), ("Log", .log, nil), ("Sqrt", .sqrt, nil), ("Rsqrt", .rsqrt, nil), ("Neg", .neg, .neg),
        ("Abs", .abs, .abs), ("Floor", .floor, nil), ("Ceil", .ceil, nil),
        ("Max", .maximum, .maximumMinimum), ("Min", .minimum, .maximumMinimum), ("Pow", .pow, .pow),
        ("Sin", .sin, nil), ("Cos", .cos, .cos), ("Round", .round, nil), ("Sign", .sign, .sign),
        ("Not", .logicalNot, .logicalNot), ("And", .logicalAnd, .logicalAnd), ("Or", .logicalOr, .logicalOr),
        ("Equal", .equal, .equal), ("Less", .less, .less), ("LessOrEqual", .lessEqual, .lessEqual),
        ("Greater", .greater, .greater), ("GreaterOrEqual", .greaterEqual, .greaterEqual),
        ("Where", .selectV2, .selectV2), ("PRelu", .prelu, nil), ("Mod", .floorMod, .floorMod), ("Elu", .elu, nil),
        ("BitShiftRight", .rightShift, .rightShift), ("BitwiseXor", .bitwiseXor, .bitwiseXor), ("Atan2", .atan2, .aTan2),
        ("Range", .range, .range), ("Tile", .tile, .tile), ("SquaredDifference", .squaredDifference, nil),
    ]

    /// IR op ↔ builtin whose options hold just the fused activation.
    private static let arithmetic: [(String, BuiltinOperator, OptionsType)] = [
        ("Add", .add, .add), ("Sub", .sub, .sub), ("Mul", .mul, .mul), ("Div", .div, .div),
    ]

    /// Clip bounds of the RELU family.
    private static let reluBounds: [BuiltinOperator: (Float, Float?)] = [.relu6: (0, 6), .reluN1To1: (-1, 1)]

    static let writers: [String: OperatorWriter] = {
        var table: [String: OperatorWriter] = [:]
        for (irOp, builtin, options) in plain {
            table[irOp] = { node, _ in
                TFLiteOperator(op: builtin, inputs: node.inputs, outputs: node.outputs, options: options.map { BuiltinOptionsValue($0) })
            }
        }
        for (irOp, builtin, options) in arithmetic {
            table[irOp] = { node, _ in
                TFLiteOperator(op: builtin, inputs: node.inputs, outputs: node.outputs,
                               options: BuiltinOptionsValue(options, numbers: [Fields.arithmeticActivation: try TFLiteActivation.code(node)]))
            }
        }
        table["Clip"] = { node, _ in
            let name = TFLiteClip.builtin(min: try node.floatIfPresent("min"), max: try node.floatIfPresent("max"))
            guard let builtin = BuiltinOperator.all.first(where: { $0.name == name }) else {
                throw node.error("clip bounds have no TFLite activation (the lowering should have split them)")
            }
            return TFLiteOperator(op: builtin, inputs: node.inputs, outputs: node.outputs)
        }
        table["LeakyRelu"] = { node, _ in
            TFLiteOperator(op: .leakyRelu, inputs: node.inputs, outputs: node.outputs,
                           options: BuiltinOptionsValue(.leakyRelu, numbers: [Fields.leakyReluAlpha: Double(try node.float("alpha", 0.01))]))
        }
        table["Expand"] = { node, _ in
            // BROADCAST_TO starts at version 2 (version 1 was taken by the TensorFlow flex op).
            TFLiteOperator(op: .broadcastTo, version: 2, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.broadcastTo))
        }
        table["Xor"] = { node, _ in  // on bools, a != b
            TFLiteOperator(op: .notEqual, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.notEqual))
        }
        table["Gelu"] = { node, _ in
            TFLiteOperator(op: .gelu, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.gelu, numbers: [
                Fields.geluApproximate: try node.string("approximate", "none") == "tanh" ? 1 : 0]))
        }
        table["LogSoftmax"] = { node, _ in
            TFLiteOperator(op: .logSoftmax, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.logSoftmax))
        }
        table["Softmax"] = { node, _ in
            TFLiteOperator(op: .softmax, inputs: node.inputs, outputs: node.outputs,
                           options: BuiltinOptionsValue(.softmax, numbers: [Fields.softmaxBeta: 1]))
        }
        table["LRN"] = { node, _ in
            // TFLite: x / (bias + alpha · Σ x² over [c - radius, c + radius]) ^ beta.
            let size = try node.int("size", 1)
            guard size % 2 == 1 else { throw node.error("TFLite's LOCAL_RESPONSE_NORMALIZATION has a symmetric window: odd sizes only") }
            let f = Fields.lrn
            return TFLiteOperator(op: .localResponseNormalization, inputs: node.inputs, outputs: node.outputs,
                                  options: BuiltinOptionsValue(.localResponseNormalization, numbers: [
                                    f.radius: Double((size - 1) / 2), f.bias: Double(try node.float("bias", 1)),
                                    f.alpha: Double(try node.float("alpha", 1e-4) / Float(size)), f.beta: Double(try node.float("beta", 0.75))]))
        }
        table["L2Normalization"] = { node, _ in
            TFLiteOperator(op: .l2Normalization, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.l2Norm))
        }
        table["FullyConnected"] = { node, _ in try fullyConnected(node) }
        // Dynamic range: the same builtins with int8 weights, their scales on the weights' type.
        table["HybridFullyConnected"] = { node, _ in
            var op = try fullyConnected(node)
            op.options?.values[TFLiteSchema.FullyConnectedOptions.asymmetricQuantizeInputs] = .number(Double(try node.int("asymmetric_quantize_inputs", 0)))
            return op
        }
        table["HybridBatchMatMul"] = { node, _ in
            TFLiteOperator(op: .batchMatmul, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.batchMatMul, numbers: [
                TFLiteSchema.BatchMatMulOptions.asymmetricQuantizeInputs: Double(try node.int("asymmetric_quantize_inputs", 0))]))
        }
        table["MatMul"] = { node, _ in
            TFLiteOperator(op: .batchMatmul, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.batchMatMul))
        }
        return table
    }()

    /// FULLY_CONNECTED: `keep_num_dims` needs version 5; a missing bias is written as omitted (-1).
    private static func fullyConnected(_ node: Node) throws -> TFLiteOperator {
        let f = Fields.fullyConnected
        let keep = try node.int("keep_num_dims", 0) != 0
        var inputs = node.inputs
        if inputs.count < 3 { inputs.append("") }
        return TFLiteOperator(op: .fullyConnected, version: keep ? 5 : 1, inputs: inputs, outputs: node.outputs,
                              options: BuiltinOptionsValue(.fullyConnected, numbers: [
                                f.activation: try TFLiteActivation.code(node), f.keepNumDims: keep ? 1 : 0]))
    }

    static let readers: [Int32: OperatorReader] = {
        var table: [Int32: OperatorReader] = [:]
        for (irOp, builtin, _) in plain {
            table[builtin.code] = { op, c in try c.emit(irOp, op.inputs, for: op) }
        }
        for (irOp, builtin, _) in arithmetic {
            table[builtin.code] = { op, c in
                // int16 ADD/SUB take TFLite's power-of-two shift path, which LiteConvert does not
                // compute, when pot_scale_int16 is set (the option's default; an absent options
                // table reads false) and all three scales are powers of two (add.cc, sub.cc).
                let powerOfTwo = builtin == .add ? TFLiteSchema.AddOptions.potScaleInt16 : TFLiteSchema.SubOptions.potScaleInt16
                // CheckedLog2 (quantization_util.cc): log2 in float within 1e-3 of an integer.
                func isPowerOfTwo(_ scale: Float) -> Bool {
                    let log2 = Foundation.log(scale) * (1 / Foundation.log(Float(2)))
                    return abs(log2 - log2.rounded(.toNearestOrAwayFromZero)) < 1e-3
                }
                let scales = (op.inputs.prefix(2) + op.outputs.prefix(1)).map { c.declared[$0]?.quantization?.scales.first }
                if [.add, .sub].contains(builtin), try c.type(try op.input(0)).dtype == .int16, op.options?.int(powerOfTwo) ?? 0 != 0,
                   scales.allSatisfy({ $0.map(isPowerOfTwo) ?? false }) {
                    throw TFLiteFormatError("\(op.op) producing '\(op.outputs.first ?? "")' adds int16 values in TFLite's power-of-two-scale "
                                            + "form (pot_scale_int16), which LiteConvert does not compute; only the general-scale form")
                }
                try c.emit(irOp, op.inputs, TFLiteActivation.attribute(for: op), for: op)
            }
        }
        for (builtin, (lo, hi)) in reluBounds {
            table[builtin.code] = { op, c in
                var attributes: [String: Attribute] = ["min": .float(lo)]
                if let hi { attributes["max"] = .float(hi) }
                try c.emit("Clip", op.inputs, attributes, for: op)
            }
        }
        table[BuiltinOperator.broadcastTo.code] = { op, c in try c.emit("Expand", op.inputs, for: op) }
        table[BuiltinOperator.square.code] = { op, c in try c.emit("Mul", [try op.input(0), try op.input(0)], for: op) }
        table[BuiltinOperator.notEqual.code] = { op, c in
            try c.emit("Not", [try c.emitIntermediate("Equal", op.inputs, for: op)], for: op)
        }
        table[BuiltinOperator.gelu.code] = { op, c in
            try c.emit("Gelu", op.inputs, ["approximate": .string(op.options?.int(Fields.geluApproximate) ?? 0 != 0 ? "tanh" : "none")], for: op)
        }
        table[BuiltinOperator.logSoftmax.code] = { op, c in try c.emit("LogSoftmax", op.inputs, ["axis": .int(-1)], for: op) }
        table[BuiltinOperator.leakyRelu.code] = { op, c in
            try c.emit("LeakyRelu", op.inputs, ["alpha": .float(Float(op.options?.number(Fields.leakyReluAlpha) ?? 0.2))], for: op)
        }
        table[BuiltinOperator.softmax.code] = { op, c in
            let beta = op.options?.number(Fields.softmaxBeta) ?? 1
            var input = try op.input(0)
            if try c.type(input).quantization != nil {
                try c.emit("Softmax", [input], ["axis": .int(-1), "beta": .float(Float(beta))], for: op)
                return
            }
            if beta != 1 {
                input = try c.emitIntermediate("Mul", [input, c.builder.graph.addConstant("softmax_beta", Tensor(scalar: Float(beta)))], for: op)
            }
            try c.emit("Softmax", [input], ["axis": .int(-1)], for: op)
        }
        table[BuiltinOperator.localResponseNormalization.code] = { op, c in
            let f = Fields.lrn
            guard let o = op.options else { throw TFLiteFormatError("LOCAL_RESPONSE_NORMALIZATION without options") }
            let size = 2 * o.int(f.radius) + 1
            try c.emit("LRN", op.inputs, ["size": .int(size), "bias": .float(Float(o.number(f.bias))),
                                          "alpha": .float(Float(o.number(f.alpha)) * Float(size)), "beta": .float(Float(o.number(f.beta)))], for: op)
        }
        table[BuiltinOperator.l2Normalization.code] = { op, c in try c.emit("L2Normalization", op.inputs, for: op) }
        // DENSIFY of a sparse constant: the reader has made the constant dense already; its output
        // is that constant (with the input's quantization).
        table[BuiltinOperator.densify.code] = { op, c in
            let input = try op.input(0), dense = try c.constant(input, of: op, "its input")
            guard let output = op.outputs.first else { throw TFLiteFormatError("DENSIFY without an output") }
            c.builder.graph.setConstant(output, dense)
            c.builder.graph.types[output] = try c.type(input)
        }
        table[BuiltinOperator.fullyConnected.code] = { op, c in
            let f = Fields.fullyConnected
            var attributes = TFLiteActivation.attribute(for: op)
            attributes["keep_num_dims"] = .int(op.options?.int(f.keepNumDims) ?? 0)
            if op.options?.int(f.weightsFormat) ?? 0 != 0 { throw TFLiteFormatError("shuffled FULLY_CONNECTED weights are not supported") }
            let inputs = op.inputs.count > 2 && op.inputs[2].isEmpty ? Array(op.inputs.prefix(2)) : op.inputs
            if let weights = c.declared[inputs[1]], weights.dtype == .int8, let quantization = weights.quantization,
               try c.type(inputs[0]).dtype == .float32 {
                // Dynamic range: float input, int8 weights.
                attributes["weight_scales"] = .floats(quantization.scales)
                attributes["asymmetric_quantize_inputs"] = .int(op.options?.int(TFLiteSchema.FullyConnectedOptions.asymmetricQuantizeInputs) ?? 0)
                try c.emit("HybridFullyConnected", inputs, attributes, for: op)
                return
            }
            try c.emit("FullyConnected", inputs, attributes, for: op)
        }
        table[BuiltinOperator.batchMatmul.code] = { op, c in
            let f = Fields.batchMatMul
            var inputs = op.inputs
            for (i, field) in [f.adjX, f.adjY].enumerated() where op.options?.int(field) ?? 0 != 0 {
                let rank = try c.type(inputs[i]).rank
                var perm = Array(0..<rank)
                perm.swapAt(rank - 1, rank - 2)
                inputs[i] = try c.emitIntermediate("Transpose", [inputs[i]], ["perm": .ints(perm)], for: op)
            }
            if try c.type(inputs[0]).dtype == .float32, let weights = c.builder.graph.types[inputs[1]], weights.dtype == .int8,
               let quantization = weights.quantization, c.builder.constant(inputs[1]) != nil {
                // Dynamic range: float input, constant int8 weights (per column along N when per axis).
                try c.emit("HybridBatchMatMul", inputs, ["weight_scales": .floats(quantization.scales),
                                                         "asymmetric_quantize_inputs": .int(op.options?.int(TFLiteSchema.BatchMatMulOptions.asymmetricQuantizeInputs) ?? 0)], for: op)
                return
            }
            try c.emit("MatMul", inputs, for: op)
        }
        return table
    }()
}
