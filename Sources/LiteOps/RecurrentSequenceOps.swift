import Foundation
import LiteIR

/// SequenceLSTM and SequenceRNN: a whole LSTM or simple-RNN layer over a time-major sequence of
/// any length, in ONNX's weight layout, with sigmoid gates and one cell activation (Tanh or Relu)
/// — the layers TFLite's sequence builtins compute. Inputs (empty when omitted):
/// - SequenceLSTM: X [T, B, I], W [D, 4H, I], R [D, 4H, H] (gates i, o, f, c), B [D, 8H],
///   P [D, 3H] (peepholes i, o, f), initial hidden and cell states [D, B, H] (zeros when absent;
///   [B, H] for one direction too, the form TFLite's state tensors take);
/// - SequenceRNN: X, W [D, H, I], R [D, H, H], B [D, 2H], initial hidden state [D, B, H].
/// Attributes: `hidden_size`, `direction` (forward, reverse, bidirectional), `cell_activation`.
/// Outputs: Y [T, B, D·H], each step's hidden states side by side, forward first (the last
/// step's, or the first's in reverse, is the final hidden state); SequenceLSTM also the final
/// cell states [D, B, H] (may be unused).
public enum RecurrentSequence {
    /// The cell activations the sequence ops take.
    public static let activations: Set<String> = ["Tanh", "Relu"]

    /// Input positions of the optional operands.
    public static let bias = 3
    public static func peepholes(_ cell: RecurrentLayer.Cell) -> Int? { cell == .lstm ? 4 : nil }
    public static func initialHidden(_ cell: RecurrentLayer.Cell) -> Int { cell == .lstm ? 5 : 4 }
    public static let initialCell = 6

    /// The node's layer, with its operands named by the node's inputs.
    public static func layer(of node: Node) throws -> RecurrentLayer {
        let cell: RecurrentLayer.Cell = node.op == "SequenceLSTM" ? .lstm : .rnn
        let directionName = try node.string("direction", "forward")
        guard let direction = RecurrentLayer.Direction(rawValue: directionName) else { throw node.error("unknown direction '\(directionName)'") }
        let activation = try node.string("cell_activation", "Tanh")
        guard activations.contains(activation) else { throw node.error("cell activation '\(activation)' must be Tanh or Relu") }
        guard let hidden = try node.intIfPresent("hidden_size"), hidden > 0 else { throw node.error("needs a positive hidden_size") }
        guard node.inputs.count >= 3 else { throw node.error("needs X, W and R") }
        func input(_ i: Int?) -> String? { i.flatMap { $0 < node.inputs.count && !node.inputs[$0].isEmpty ? node.inputs[$0] : nil } }
        let perDirection: [(name: String, alpha: Float?, beta: Float?)] = cell == .lstm
            ? [("Sigmoid", nil, nil), (activation, nil, nil), (activation, nil, nil)] : [(activation, nil, nil)]
        var layer = RecurrentLayer(cell: cell, input: node.inputs[0], weights: node.inputs[1], recurrentWeights: node.inputs[2],
                                   direction: direction, hiddenSize: hidden,
                                   activations: Array(repeating: perDirection, count: direction == .bidirectional ? 2 : 1))
        layer.bias = input(bias)
        layer.peepholes = input(peepholes(cell))
        layer.initialHidden = input(initialHidden(cell))
        layer.initialCell = cell == .lstm ? input(initialCell) : nil
        return layer
    }

    /// Unrolls the node's layer into `builder` (static T); returns Y [T, B, D·H] and the final cell state.
    public static func unroll(_ node: Node, into builder: inout GraphBuilder) throws -> (sequence: String, cell: String?) {
        var layer = try layer(of: node)
        // [B, H] states of one direction as [1, B, H].
        for keyPath in [\RecurrentLayer.initialHidden, \RecurrentLayer.initialCell] {
            guard let state = layer[keyPath: keyPath], try builder.type(of: state).rank == 2 else { continue }
            layer[keyPath: keyPath] = try builder.add("Reshape", [state], ["shape": .ints([1, -1, layer.hiddenSize])], name: "\(node.name)/state")
        }
        var unrolling = RecurrentUnrolling(layer, name: node.name, builder: builder)
        let result = try unrolling.emit()
        builder = unrolling.builder
        let x = try builder.type(of: layer.input)
        let directions = layer.direction == .bidirectional ? 2 : 1
        let sideBySide = try builder.add("Transpose", [result.sequence], ["perm": .ints([0, 2, 1, 3])], name: "\(node.name)/Transpose")
        guard let target = [x.shape[0], x.shape[1], .fixed(directions * layer.hiddenSize)].reshapeTarget(keepingZeros: true) else {
            throw node.error("needs a static time or batch size to unroll")
        }
        return (try builder.add("Reshape", [sideBySide], ["shape": .ints(target)], name: "\(node.name)/Reshape"), result.cell)
    }
}

extension RecurrentSequence {
    /// Whether a layer is one the sequence ops compute: LSTM or simple RNN with sigmoid gates, one
    /// cell activation (Tanh or Relu) for every direction, no clipping, no sequence lengths and
    /// ONNX's uncoupled gates. Returns the activation.
    public static func activation(of layer: RecurrentLayer) -> String? {
        guard layer.cell != .gru, layer.clip == nil, layer.sequenceLengths == nil, !layer.coupledInputForget,
              let cellActivation = layer.activations.first?.last?.name, activations.contains(cellActivation) else { return nil }
        let expected = layer.cell == .lstm ? ["Sigmoid", cellActivation, cellActivation] : [cellActivation]
        let fits = layer.activations.allSatisfy { direction in
            direction.map(\.name) == expected && direction.allSatisfy { $0.alpha == nil && $0.beta == nil }
        }
        return fits ? cellActivation : nil
    }

    /// Adds the sequence op computing `layer` (which ``activation(of:)`` accepts); returns Y
    /// [T, B, D·H] and, for an LSTM, the final cell states [D, B, H].
    public static func emit(_ layer: RecurrentLayer, activation: String, name: String, into builder: inout GraphBuilder) throws -> (sequence: String, cell: String?) {
        var inputs = [layer.input, layer.weights, layer.recurrentWeights, layer.bias ?? ""]
        if layer.cell == .lstm { inputs.append(layer.peepholes ?? "") }
        inputs.append(layer.initialHidden ?? "")
        if layer.cell == .lstm { inputs.append(layer.initialCell ?? "") }
        while inputs.last == "" { inputs.removeLast() }
        let op = layer.cell == .lstm ? "SequenceLSTM" : "SequenceRNN"
        let outputs = try builder.add(op, inputs, ["hidden_size": .int(layer.hiddenSize), "direction": .string(layer.direction.rawValue),
                                                   "cell_activation": .string(activation)], name: "\(name)/\(op)", outputs: layer.cell == .lstm ? 2 : 1)
        return (outputs[0], layer.cell == .lstm ? outputs[1] : nil)
    }

    /// The layer in ONNX's shapes — Y [T, D, B, H], Y_h and (LSTM) Y_c [D, B, H] — as one
    /// sequence op where ``activation(of:)`` accepts it, else unrolled over its static steps.
    public static func emitLayer(_ layer: RecurrentLayer, name: String, into builder: inout GraphBuilder) throws -> (sequence: String, hidden: String, cell: String?) {
        guard let activation = activation(of: layer) else {
            var unrolling = RecurrentUnrolling(layer, name: name, builder: builder)
            defer { builder = unrolling.builder }
            return try unrolling.emit()
        }
        let directions = layer.direction == .bidirectional ? 2 : 1
        let (sequence, cell) = try emit(layer, activation: activation, name: name, into: &builder)
        let finals = try (0..<directions).map { d in
            try finalHidden(sequence, direction: d, backwards: layer.direction == .reverse || d == 1, hiddenSize: layer.hiddenSize, name: name, into: &builder)
        }
        let hidden = directions == 1 ? finals[0] : try builder.add("Concat", finals, ["axis": .int(0)], name: "\(name)/Concat")
        return (try directionsApart(sequence, directions: directions, hiddenSize: layer.hiddenSize, name: name, into: &builder), hidden, cell)
    }

    /// The final hidden state of direction `d` from Y [T, B, D·H]: its last step, or its first
    /// when it runs backwards; [1, B, H]. (Slice bounds as inputs: T may be known only at run time.)
    public static func finalHidden(_ sequence: String, direction d: Int, backwards: Bool, hiddenSize h: Int, name: String,
                                   into builder: inout GraphBuilder) throws -> String {
        let bounds = [[backwards ? 0 : -1, d * h], [backwards ? 1 : Int(Int32.max), (d + 1) * h], [0, 2]].map { values in
            builder.graph.addConstant("\(name)/bounds", Tensor(shape: [2], values: values.map(Int64.init)))
        }
        let step = try builder.add("Slice", [sequence] + bounds, name: "\(name)/Slice")
        return try builder.add("Reshape", [step], ["shape": .ints([1, -1, h])], name: "\(name)/Reshape")
    }

    /// ONNX's Y [T, D, B, H] from Y [T, B, D·H].
    public static func directionsApart(_ sequence: String, directions: Int, hiddenSize h: Int, name: String, into builder: inout GraphBuilder) throws -> String {
        let type = try builder.type(of: sequence)
        let split: String
        if let target = (type.shape.prefix(2) + [.fixed(directions), .fixed(h)]).reshapeTarget(keepingZeros: true) {
            split = try builder.add("Reshape", [sequence], ["shape": .ints(target)], name: "\(name)/Reshape")
        } else {
            let leading = try builder.add("Slice", [try builder.add("Shape", [sequence], name: "\(name)/Shape")], ["starts": .ints([0]), "ends": .ints([2])],
                                          name: "\(name)/Slice")
            let dims = builder.graph.addConstant("\(name)/dims", Tensor(shape: [2], values: [Int64(directions), Int64(h)]))
            split = try builder.add("Reshape", [sequence, try builder.add("Concat", [leading, dims], ["axis": .int(0)], name: "\(name)/Concat")],
                                    name: "\(name)/Reshape")
        }
        return try builder.add("Transpose", [split], ["perm": .ints([0, 2, 1, 3])], name: "\(name)/Transpose")
    }
}

private func recurrentSequence(_ name: String) -> OpSpec {
    OpSpec(name, infer: { ctx in
        let layer = try RecurrentSequence.layer(of: ctx.node)
        let x = try ctx.input(0), w = try ctx.input(1), r = try ctx.input(2)
        let h = layer.hiddenSize, gates = layer.cell == .lstm ? 4 : 1, directions = layer.direction == .bidirectional ? 2 : 1
        guard x.rank == 3, x.dtype.isFloatingPoint, w.dtype == x.dtype, r.dtype == x.dtype,
              w.shape.map(\.value) == [directions, gates * h, x.shape[2].value], r.shape.map(\.value) == [directions, gates * h, h] else {
            throw ctx.node.error("expects X [T, B, I], W [\(directions), \(gates * h), I] and R [\(directions), \(gates * h), \(h)], got \(x), \(w), \(r)")
        }
        let state = TensorType(x.dtype, [.fixed(directions), x.shape[1], .fixed(h)])
        func check(_ value: String?, _ expected: [[Int?]], _ what: String) throws {
            guard let value else { return }
            let t = try ctx.input(ctx.node.inputs.firstIndex(of: value) ?? 0)
            guard t.dtype == x.dtype, expected.contains(where: { shape in
                shape.count == t.rank && zip(shape, t.shape).allSatisfy { e, d in e == nil || d.value == nil || e == d.value }
            }) else { throw ctx.node.error("\(what) must be \(expected.map { "\($0.map { $0.map(String.init) ?? "B" })" }.joined(separator: " or ")), got \(t)") }
        }
        try check(layer.bias, [[directions, 2 * gates * h]], "the bias")
        try check(layer.peepholes, [[directions, 3 * h]], "the peepholes")
        for initial in [layer.initialHidden, layer.initialCell] {
            try check(initial, [[directions, x.shape[1].value, h]] + (directions == 1 ? [[x.shape[1].value, h]] : []), "an initial state")
        }
        return [TensorType(x.dtype, [x.shape[0], x.shape[1], .fixed(directions * h)])] + (layer.cell == .lstm ? [state] : [])
    }, evaluate: { node, inputs in
        // The layer unrolled over the actual steps, every operand a constant: the builder folds it.
        var builder = GraphBuilder()
        builder.maxFoldGrowthBytes = 1 << 40
        var named = node
        named.inputs = node.inputs.indices.map { i in node.inputs[i].isEmpty || i >= inputs.count || inputs[i] == nil ? "" : "operand\(i)" }
        for (i, tensor) in inputs.enumerated() { if let tensor { builder.graph.setConstant("operand\(i)", tensor) } }
        let (sequence, cell) = try RecurrentSequence.unroll(named, into: &builder)
        guard let y = builder.constant(sequence) else { throw node.error("the unrolled sequence did not fold") }
        guard node.op == "SequenceLSTM" else { return [y] }
        guard let c = cell.flatMap({ builder.constant($0) }) else { throw node.error("the unrolled cell state did not fold") }
        return [y, c]
    })
}

let recurrentSequenceOps: [OpSpec] = [recurrentSequence("SequenceLSTM"), recurrentSequence("SequenceRNN")]
