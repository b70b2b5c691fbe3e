import LiteIR
import LiteOps

/// SequenceLSTM and SequenceRNN in the form of TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM / _RNN:
/// one forward op per direction (a backward one between REVERSE_V2s), each reading its state
/// from a zero tensor a FILL writes on every invoke — the ops overwrite their state, which would
/// otherwise carry over from one invoke to the next — and giving no final cell state. Layers
/// that need an initial state, their final cell state or weights computed at run time are
/// unrolled over their static steps.
enum RecurrentLowering {
    static let rules: [String: TFLiteLowering.Rule] = ["SequenceLSTM": sequence, "SequenceRNN": sequence]

    static func sequence(_ c: inout LoweringContext, _ node: Node) throws {
        let layer = try RecurrentSequence.layer(of: node)
        let cellUsed = node.outputs.count > 1 && !node.outputs[1].isEmpty && c.uses[node.outputs[1], default: 0] > 0
        let constantWeights = ([layer.weights, layer.recurrentWeights] + [layer.bias, layer.peepholes].compactMap { $0 })
            .allSatisfy { c.builder.constant($0) != nil }
        guard layer.initialHidden == nil, layer.initialCell == nil, !cellUsed, constantWeights else {
            try unroll(&c, node)
            return
        }
        let lstm = layer.cell == .lstm
        let directions = layer.direction == .bidirectional ? 2 : 1
        var results: [String] = []
        for d in 0..<directions {
            let backwards = layer.direction == .reverse || d == 1
            let input = backwards ? try c.emit("Reverse", [layer.input], ["axes": .ints([0])], from: node) : layer.input
            var inputs = [input] + (try [layer.weights, layer.recurrentWeights].map { try direction(&c, $0, d, from: node) })
            inputs.append(try layer.bias.map { try direction(&c, $0, d, from: node) } ?? "")
            if lstm { inputs.append(try layer.peepholes.map { try direction(&c, $0, d, from: node) } ?? "") }
            inputs.append(try zeroState(&c, layer, from: node))
            if lstm { inputs.append(try zeroState(&c, layer, from: node)) }
            var attributes = node.attributes
            attributes["direction"] = .string("forward")
            // A single forward direction computes the node's own output.
            let direct = directions == 1 && !backwards
            let output = direct ? node.outputs[0] : c.builder.graph.freshName("\(node.name)/direction\(d)")
            try c.builder.add(Node(name: node.name, op: node.op, inputs: inputs, outputs: [output] + (lstm ? [""] : []), attributes: attributes))
            if direct { return }
            results.append(backwards ? try c.emit("Reverse", [output], ["axes": .ints([0])], from: node) : output)
        }
        let sequence = directions == 1 ? results[0] : try c.emit("Concat", results, ["axis": .int(-1)], from: node)
        try c.finish(sequence, as: Node(name: node.name, op: "Identity", inputs: [sequence], outputs: [node.outputs[0]]))
    }

    /// The layer unrolled over its static steps (``RecurrentSequence/unroll(_:into:)``).
    static func unroll(_ c: inout LoweringContext, _ node: Node) throws {
        let (sequence, cell) = try RecurrentSequence.unroll(node, into: &c.builder)
        try c.finish(sequence, as: Node(name: node.name, op: "Identity", inputs: [sequence], outputs: [node.outputs[0]]))
        if let cell, node.outputs.count > 1, !node.outputs[1].isEmpty {
            try ElementwiseLowering.identity(&c, Node(name: node.name, op: "Identity", inputs: [cell], outputs: [node.outputs[1]]))
        }
    }

    /// Direction d of a [D, …] operand, keeping the leading axis.
    private static func direction(_ c: inout LoweringContext, _ value: String, _ d: Int, from node: Node) throws -> String {
        let rank = try c.type(value).rank
        return try c.emit("Slice", [value], ["starts": .ints([d] + Array(repeating: 0, count: rank - 1)),
                                             "ends": .ints([d + 1] + Array(repeating: Int(Int32.max), count: rank - 1))], from: node)
    }

    /// A [B, H] zero state a FILL computes at run time (never folded into a constant: the
    /// sequence op overwrites it, and TFLite refuses variable tensors with a buffer).
    private static func zeroState(_ c: inout LoweringContext, _ layer: RecurrentLayer, from node: Node) throws -> String {
        let x = try c.type(layer.input)
        let dims: String
        if let batch = x.shape[1].value {
            dims = c.constant(Tensor(shape: [2], values: [Int64(batch), Int64(layer.hiddenSize)]), "state_dims", for: node)
        } else {
            let batch = try c.emit("Slice", [try c.emit("Shape", [layer.input], from: node)], ["starts": .ints([1]), "ends": .ints([2])], from: node)
            let hidden = c.constant(Tensor(shape: [1], values: [Int64(layer.hiddenSize)]), "hidden_size", for: node)
            dims = try c.emit("Concat", [batch, hidden], ["axis": .int(0)], from: node)
        }
        let state = c.builder.graph.freshName("\(node.name)/state")
        try c.builder.add(Node(name: state, op: "ConstantOfShape", inputs: [dims], outputs: [state],
                               attributes: ["value": .tensor(Tensor.fromFloats([0], shape: [1], dtype: x.dtype))]), folding: false)
        return state
    }
}
