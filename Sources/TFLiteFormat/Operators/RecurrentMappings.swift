import LiteIR
import LiteOps

/// UNIDIRECTIONAL_SEQUENCE_LSTM, UNIDIRECTIONAL_SEQUENCE_RNN and REVERSE_V2. The IR sequence ops
/// hold ONNX's stacked weights (gates i, o, f, c); TFLite takes one [H, I] or [H, H] tensor per
/// gate in the order i, f, c, o, one bias per gate (ONNX's input and recurrent biases summed),
/// and its state tensors as variable inputs (18 and 19; 4 for the RNN).
enum RecurrentMappings {
    static let writers: [String: OperatorWriter] = ["SequenceLSTM": writeLSTM, "SequenceRNN": writeRNN, "Reverse": writeReverse]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.unidirectionalSequenceLstm.code: readLSTM, BuiltinOperator.unidirectionalSequenceRnn.code: readRNN,
        BuiltinOperator.reverseV2.code: { op, c in
            try c.emit("Reverse", [try op.input(0)], ["axes": .ints(try c.constant(try op.input(1), of: op, "axes").ints())], for: op)
        },
    ]

    /// TFLite's gate order as ONNX's gate indices: i, f, c, o from i, o, f, c.
    static let tfliteGates = [0, 2, 3, 1]
    /// TFLite's peepholes (cell_to_input, cell_to_forget, cell_to_output) as indices into ONNX's P (i, o, f).
    static let tflitePeepholes = [0, 2, 1]
    /// The orders back: ONNX's gates and peepholes as TFLite's indices.
    static let (onnxGates, onnxPeepholes) = (inverse(tfliteGates), inverse(tflitePeepholes))

    private static func inverse(_ permutation: [Int]) -> [Int] {
        permutation.indices.map { permutation.firstIndex(of: $0) ?? $0 }
    }
    /// The TFLite inputs holding the peepholes, and the first gate bias.
    static let (firstPeephole, firstGateBias) = (9, 12)

    static func activationCode(_ node: Node) throws -> Double {
        switch try node.string("cell_activation", "Tanh") {
        case "Tanh": 4
        case "Relu": 1
        case let other: throw node.error("cell activation \(other) has no TFLite form")
        }
    }

    /// The forward, zero-started form the lowering leaves: its constant operands.
    private static func operands(_ node: Node, _ c: WriteContext, states: [Int]) throws -> (w: Tensor, r: Tensor, b: Tensor?, hidden: Int) {
        let layer = try RecurrentSequence.layer(of: node)
        guard layer.direction == .forward, states.allSatisfy({ $0 < node.inputs.count && !node.inputs[$0].isEmpty }),
              node.outputs.dropFirst().allSatisfy(\.isEmpty) else {
            throw node.error("must be lowered to one forward direction with zero states first")
        }
        guard let w = c.graph.constants[layer.weights], let r = c.graph.constants[layer.recurrentWeights] else {
            throw node.error("TFLite's sequence ops take constant weights")
        }
        return (w, r, try layer.bias.map { name in
            guard let b = c.graph.constants[name] else { throw node.error("TFLite's sequence ops take a constant bias") }
            return b
        }, layer.hiddenSize)
    }

    /// Rows [gate·H, (gate + 1)·H) of a [1, G·H, K] weight.
    private static func gate(_ t: Tensor, _ gate: Int, _ h: Int) throws -> Tensor {
        let k = t.shape[2]
        return try OpRegistry.evaluate("Slice", [try t.reshaped([t.shape[1], k])], ["starts": .ints([gate * h, 0]), "ends": .ints([(gate + 1) * h, k])])
    }

    /// Bias of a gate: ONNX's input bias plus its recurrent bias (zeros without a bias).
    private static func gateBias(_ b: Tensor?, _ gate: Int, gates: Int, _ h: Int) -> Tensor {
        guard let values = b?.floats() else { return Tensor(shape: [h], values: [Float](repeating: 0, count: h)) }
        return Tensor(shape: [h], values: (0..<h).map { values[gate * h + $0] + values[(gates + gate) * h + $0] })
    }

    static func writeLSTM(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let (w, r, b, h) = try operands(node, c, states: [5, 6])
        var inputs = [node.inputs[0]]
        for source in [w, r] {
            for g in tfliteGates { inputs.append(c.constant(try gate(source, g, h), "\(node.name)/weights")) }
        }
        // Peepholes: ONNX's P [1, 3H] is i, o, f; TFLite's cell_to_input, cell_to_forget, cell_to_output.
        if node.inputs.count > 4, !node.inputs[4].isEmpty {
            guard let p = c.graph.constants[node.inputs[4]] else { throw node.error("TFLite's LSTM takes constant peepholes") }
            for k in tflitePeepholes {
                inputs.append(c.constant(try OpRegistry.evaluate("Slice", [try p.reshaped([3 * h])], ["starts": .ints([k * h]), "ends": .ints([(k + 1) * h])]),
                                         "\(node.name)/peephole"))
            }
        } else {
            inputs += ["", "", ""]
        }
        for g in tfliteGates { inputs.append(c.constant(gateBias(b, g, gates: 4, h), "\(node.name)/bias")) }
        inputs += ["", "", node.inputs[5], node.inputs[6]]
        let f = Fields.sequenceLSTM
        return TFLiteOperator(op: .unidirectionalSequenceLstm, inputs: inputs, outputs: [node.outputs[0]],
                              options: BuiltinOptionsValue(.unidirectionalSequenceLSTM, numbers: [f.activation: try activationCode(node), f.timeMajor: 1]),
                              variableInputs: [18, 19])
    }

    static func writeRNN(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let (w, r, b, h) = try operands(node, c, states: [4])
        let inputs = [node.inputs[0], c.constant(try gate(w, 0, h), "\(node.name)/weights"), c.constant(try gate(r, 0, h), "\(node.name)/recurrent"),
                      c.constant(gateBias(b, 0, gates: 1, h), "\(node.name)/bias"), node.inputs[4]]
        let f = Fields.sequenceRNN
        return TFLiteOperator(op: .unidirectionalSequenceRnn, inputs: inputs, outputs: node.outputs,
                              options: BuiltinOptionsValue(.sequenceRNN, numbers: [f.activation: try activationCode(node), f.timeMajor: 1]),
                              variableInputs: [4])
    }

    static func writeReverse(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let rank = try c.type(node.inputs[0]).rank
        let axes = try node.ints("axes", []).map { $0 < 0 ? $0 + rank : $0 }
        return TFLiteOperator(op: .reverseV2, inputs: [node.inputs[0], c.int32Constant(axes, "\(node.name)/axes")], outputs: node.outputs,
                              options: BuiltinOptionsValue(.reverseV2))
    }

    /// The cell activation of a sequence op read from a file.
    private static func activation(_ code: Int, _ op: TFLiteOperator) throws -> String {
        switch code {
        case 4: return "Tanh"
        case 1: return "Relu"
        default: throw TFLiteFormatError("\(op.op) producing '\(op.outputs.first ?? "")': cell activation \(TFLiteActivation.name(code)) is not supported")
        }
    }

    /// ONNX's stacked [1, G·H, K] weight from TFLite's per-gate tensors (given in TFLite's order).
    private static func stacked(_ tensors: [Tensor]) throws -> Tensor {
        let onnxOrder = tensors.count == 4 ? onnxGates : [0]
        let rows = tensors[0].shape[0], columns = tensors[0].rank > 1 ? tensors[0].shape[1] : 1
        guard tensors.allSatisfy({ $0.shape == tensors[0].shape }) else { throw TFLiteFormatError("gate tensors of different shapes") }
        return Tensor(shape: [1, tensors.count * rows, columns], values: onnxOrder.flatMap { tensors[$0].floats() })
    }

    /// Shared by both readers: the IR op on a time-major input, its state inputs the file's
    /// state tensors where an op computes them (a state tensor nothing writes starts at zero).
    private static func emitSequence(_ irOp: String, _ op: TFLiteOperator, _ c: inout ReadContext, timeMajor: Bool, inputs: [String],
                                     states: [String], hidden: Int, activation: String) throws {
        let x = try op.input(0)
        let input = timeMajor ? x : try c.emitIntermediate("Transpose", [x], ["perm": .ints([1, 0, 2])], for: op)
        var operands = [input] + inputs
        for state in states {
            // TFLite takes any state of B·H elements; the IR [B, H].
            guard let type = c.builder.graph.types[state] else { operands.append(""); continue }
            operands.append(type.rank == 2 ? state : try c.emitIntermediate("Reshape", [state], ["shape": .ints([-1, hidden])], for: op))
        }
        while operands.last == "" { operands.removeLast() }
        let attributes: [String: Attribute] = ["hidden_size": .int(hidden), "direction": .string("forward"), "cell_activation": .string(activation)]
        let extra = irOp == "SequenceLSTM" ? [""] : []
        if timeMajor {
            try c.builder.add(Node(name: op.outputs.first ?? irOp, op: irOp, inputs: operands, outputs: op.outputs + extra, attributes: attributes))
        } else {
            let sequence = c.builder.graph.freshName("\(op.outputs.first ?? irOp)/time_major")
            try c.builder.add(Node(name: sequence, op: irOp, inputs: operands, outputs: [sequence] + extra, attributes: attributes))
            try c.emit("Transpose", [sequence], ["perm": .ints([1, 0, 2])], for: op)
        }
    }

    static func readLSTM(_ op: TFLiteOperator, _ c: inout ReadContext) throws {
        let f = Fields.sequenceLSTM
        guard let options = op.options else { throw TFLiteFormatError("UNIDIRECTIONAL_SEQUENCE_LSTM without options") }
        func given(_ i: Int) -> Bool { i < op.inputs.count && !op.inputs[i].isEmpty }
        guard op.inputs.count == 20 || !(20..<24).contains(where: given) else {
            throw TFLiteFormatError("UNIDIRECTIONAL_SEQUENCE_LSTM producing '\(op.outputs.first ?? "")': layer normalization is not supported")
        }
        guard given(1), !given(16), !given(17), options.number(f.cellClip) == 0, options.number(f.projClip) == 0 else {
            throw TFLiteFormatError("UNIDIRECTIONAL_SEQUENCE_LSTM producing '\(op.outputs.first ?? "")': coupled input and forget gates, "
                                    + "projections and clipping are not supported")
        }
        let weights = try (1...8).map { try c.constant(try op.input($0), of: op, "gate weights") }
        guard weights.allSatisfy({ $0.rank == 2 }) else {
            throw TFLiteFormatError("UNIDIRECTIONAL_SEQUENCE_LSTM producing '\(op.outputs.first ?? "")': diagonal recurrent weights are not supported")
        }
        let h = weights[0].shape[0]
        let biases = try (0..<4).map { try c.constant(try op.input(firstGateBias + $0), of: op, "gate biases").floats() }
        let peepholes = try onnxPeepholes.map { firstPeephole + $0 }.filter(given).map { try c.constant(try op.input($0), of: op, "peepholes").floats() }
        guard (biases + peepholes).allSatisfy({ $0.count == h }), [0, 3].contains(peepholes.count) else {
            throw TFLiteFormatError("UNIDIRECTIONAL_SEQUENCE_LSTM producing '\(op.outputs.first ?? "")': biases and peepholes must have \(h) values each")
        }
        let onnxBias = onnxGates.flatMap { biases[$0] } + [Float](repeating: 0, count: 4 * h)
        var inputs = [c.builder.graph.addConstant("W", try stacked(Array(weights[0..<4]))), c.builder.graph.addConstant("R", try stacked(Array(weights[4..<8]))),
                      c.builder.graph.addConstant("B", Tensor(shape: [1, 8 * h], values: onnxBias))]
        inputs.append(peepholes.isEmpty ? "" : c.builder.graph.addConstant("P", Tensor(shape: [1, 3 * h], values: peepholes.flatMap { $0 })))
        try emitSequence("SequenceLSTM", op, &c, timeMajor: options.int(f.timeMajor) != 0, inputs: inputs,
                         states: [op.inputs.count > 18 ? op.inputs[18] : "", op.inputs.count > 19 ? op.inputs[19] : ""], hidden: h,
                         activation: try activation(options.int(f.activation), op))
    }

    static func readRNN(_ op: TFLiteOperator, _ c: inout ReadContext) throws {
        let f = Fields.sequenceRNN
        guard let options = op.options else { throw TFLiteFormatError("UNIDIRECTIONAL_SEQUENCE_RNN without options") }
        let w = try c.constant(try op.input(1), of: op, "weights"), r = try c.constant(try op.input(2), of: op, "recurrent weights")
        let b = try c.constant(try op.input(3), of: op, "bias")
        guard w.rank == 2, r.rank == 2, b.rank == 1, let h = w.shape.first, b.count == h else {
            throw TFLiteFormatError("UNIDIRECTIONAL_SEQUENCE_RNN producing '\(op.outputs.first ?? "")': needs [H, I] and [H, H] weights and an [H] bias, "
                                    + "got \(w.shape), \(r.shape) and \(b.shape)")
        }
        let inputs = [c.builder.graph.addConstant("W", try stacked([w])), c.builder.graph.addConstant("R", try stacked([r])),
                      c.builder.graph.addConstant("B", Tensor(shape: [1, 2 * h], values: b.floats() + [Float](repeating: 0, count: h)))]
        try emitSequence("SequenceRNN", op, &c, timeMajor: options.int(f.timeMajor) != 0, inputs: inputs,
                         states: [op.inputs.count > 4 ? op.inputs[4] : ""], hidden: h, activation: try activation(options.int(f.activation), op))
    }
}
