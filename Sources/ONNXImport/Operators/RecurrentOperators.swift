import LiteIR
import LiteOps

/// LSTM, GRU and RNN: one SequenceLSTM / SequenceRNN where the layer is one (any sequence
/// length, see ``RecurrentSequence``), else unrolled over its static time steps (see
/// ``RecurrentUnrolling``).
enum RecurrentOperators {
    static let table: [String: ONNXTranslator] = [
        "LSTM": { try recurrent(&$0, .lstm) }, "GRU": { try recurrent(&$0, .gru) }, "RNN": { try recurrent(&$0, .rnn) },
    ]

    /// Inputs X, W, R, B, sequence_lens, initial_h (then initial_c and P for LSTM); outputs Y,
    /// Y_h (and Y_c). `layout` 1 puts the batch first in X, Y and the states.
    static func recurrent(_ n: inout ONNXNode, _ cell: RecurrentLayer.Cell) throws {
        guard let hidden = try n.intIfPresent("hidden_size"), hidden > 0 else { throw n.error("needs a positive hidden_size") }
        let directionName = try n.string("direction", "forward")
        guard let direction = RecurrentLayer.Direction(rawValue: directionName) else { throw n.error("unknown direction '\(directionName)'") }
        let batchFirst = try n.int("layout", 0) != 0
        let swap = { (n: inout ONNXNode, value: String) throws -> String in try n.emit("Transpose", [value], ["perm": .ints([1, 0, 2])]) }
        var input = try n.requiredInput(0)
        if batchFirst { input = try swap(&n, input) }

        let directions = direction == .bidirectional ? 2 : 1
        let names = try n.stringsIfPresent("activations") ?? []
        let defaults = RecurrentLayer.defaultActivations(cell)
        guard names.isEmpty || names.count == defaults.count * directions else {
            throw n.error("expects \(defaults.count * directions) activations, got \(names.count)")
        }
        let alphas = try n.floatsIfPresent("activation_alpha") ?? [], betas = try n.floatsIfPresent("activation_beta") ?? []
        let activations = (0..<directions).map { d in
            defaults.indices.map { k -> (name: String, alpha: Float?, beta: Float?) in
                let i = d * defaults.count + k
                return (names.isEmpty ? defaults[k] : names[i], i < alphas.count ? alphas[i] : nil, i < betas.count ? betas[i] : nil)
            }
        }
        var layer = RecurrentLayer(cell: cell, input: input, weights: try n.requiredInput(1), recurrentWeights: try n.requiredInput(2),
                                   direction: direction, hiddenSize: hidden, activations: activations)
        layer.bias = n.input(3)
        layer.sequenceLengths = n.input(4)
        layer.initialHidden = try n.input(5).map { batchFirst ? try swap(&n, $0) : $0 }
        if cell == .lstm {
            layer.initialCell = try n.input(6).map { batchFirst ? try swap(&n, $0) : $0 }
            layer.peepholes = n.input(7)
            layer.coupledInputForget = try n.int("input_forget", 0) != 0
        }
        if cell == .gru { layer.linearBeforeReset = try n.int("linear_before_reset", 0) != 0 }
        layer.clip = try n.floatIfPresent("clip")

        let result = try RecurrentSequence.emitLayer(layer, name: n.name, into: &n.builder)
        if batchFirst {
            if !n.output(0).isEmpty { try n.emitOutput("Transpose", [result.sequence], ["perm": .ints([2, 0, 1, 3])], index: 0) }
            if !n.output(1).isEmpty { try n.emitOutput("Transpose", [result.hidden], ["perm": .ints([1, 0, 2])], index: 1) }
            if let c = result.cell, !n.output(2).isEmpty { try n.emitOutput("Transpose", [c], ["perm": .ints([1, 0, 2])], index: 2) }
        } else {
            n.alias(0, to: result.sequence)
            n.alias(1, to: result.hidden)
            if let c = result.cell { n.alias(2, to: c) }
        }
    }
}
