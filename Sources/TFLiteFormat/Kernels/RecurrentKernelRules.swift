import LiteIR

/// Kernel rules of the sequence builtins and REVERSE_V2 (tflite/kernels/
/// unidirectional_sequence_lstm.cc, lstm_eval.cc, unidirectional_sequence_rnn.cc, reverse.cc).
enum RecurrentKernelRules {
    /// The state inputs must be variable tensors (GetVariableInput in Eval).
    static func variableStates(_ indices: [Int]) -> KernelCheck {
        KernelCheck("the state inputs (\(indices.map(String.init).joined(separator: ", "))) must be given") { v in indices.allSatisfy(v.has) }
    }

    static let rules: [KernelRule] = [
        KernelRule(.unidirectionalSequenceLstm, versions: 1...4, reference: 1...3, types: [.float32: 1], ranks: 3...3, checks: [
            KernelCheck("it takes 20 or 24 inputs") { v in [20, 24].contains(v.op.inputs.count) },
            variableStates([18, 19]),
            // lstm_eval.cc: with NONE, ApplyActivationToVector writes nothing and the output is o·g.
            KernelCheck("its cell activation must be RELU, RELU6, TANH or SIGN_BIT (NONE leaves the cell output unwritten)") { v in
                [1, 3, 4, 5].contains(v.option(Fields.sequenceLSTM.activation))
            },
        ]),
        KernelRule(.unidirectionalSequenceRnn, versions: 1...3, reference: 1...3, types: [.float32: 1], ranks: 3...3, checks: [
            KernelCheck("it takes 5 inputs") { v in v.op.inputs.count == 5 },
            variableStates([4]),
        ]),
        KernelRule(.reverseV2, versions: 1...4, reference: 1...4,
                   types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int16: 1, .bool: 2, .int8: 3], checks: [
            // reverse.cc reads axes[num_axes - 1] of an empty list.
            KernelCheck("the axes must be a non-empty int32 vector") { v in
                v.input(1)?.dtype == .int32 && v.input(1)?.rank == 1 && v.input(1)?.shape.first?.value != 0
            },
        ]),
    ]
}
