import Foundation
import LiteIR

/// An LSTM, GRU or simple RNN layer in ONNX's conventions (gate orders i,o,f,c for LSTM and
/// z,r,h for GRU; weights [directions, gates·H, I] and [directions, gates·H, H]; bias
/// [directions, 2·gates·H] as Wb then Rb), with every operand an IR value name.
public struct RecurrentLayer: Sendable {
    public enum Cell: String, Sendable { case lstm = "LSTM", gru = "GRU", rnn = "RNN" }
    public enum Direction: String, Sendable { case forward, reverse, bidirectional }

    public var cell: Cell
    /// Time-major input [T, B, I]; T must be static.
    public var input: String
    public var weights: String, recurrentWeights: String
    public var bias: String?
    /// [directions, B, H] initial states; zeros when absent.
    public var initialHidden: String?, initialCell: String?
    /// LSTM peepholes [directions, 3·H] (i, o, f).
    public var peepholes: String?
    /// Valid steps per batch entry [B]; later steps output zeros and keep the state.
    public var sequenceLengths: String?
    /// Activation names with their alpha/beta, per direction (f, g, h for LSTM; f, g for GRU; f).
    public var activations: [[(name: String, alpha: Float?, beta: Float?)]]
    public var clip: Float?
    public var direction: Direction
    public var hiddenSize: Int
    /// LSTM: the forget gate is 1 − input gate.
    public var coupledInputForget = false
    /// GRU: the reset gate multiplies after the recurrent product.
    public var linearBeforeReset = false

    public init(cell: Cell, input: String, weights: String, recurrentWeights: String, direction: Direction, hiddenSize: Int,
                activations: [[(name: String, alpha: Float?, beta: Float?)]]) {
        self.cell = cell
        self.input = input
        self.weights = weights
        self.recurrentWeights = recurrentWeights
        self.direction = direction
        self.hiddenSize = hiddenSize
        self.activations = activations
    }

    var gates: Int { cell == .lstm ? 4 : cell == .gru ? 3 : 1 }
    var directions: Int { direction == .bidirectional ? 2 : 1 }

    /// The default activations of the cell, for one direction.
    public static func defaultActivations(_ cell: Cell) -> [String] {
        switch cell {
        case .lstm: ["Sigmoid", "Tanh", "Tanh"]
        case .gru: ["Sigmoid", "Tanh"]
        case .rnn: ["Tanh"]
        }
    }
}

/// Unrolls a ``RecurrentLayer`` over its static time steps into IR ops (MatMul, Slice,
/// activations, elementwise updates) emitted into a graph builder, so every later stage — the
/// interpreter, the TFLite writer — sees only ordinary ops and no state survives a run.
public struct RecurrentUnrolling {
    let layer: RecurrentLayer
    let name: String
    public private(set) var builder: GraphBuilder

    public init(_ layer: RecurrentLayer, name: String, builder: GraphBuilder) {
        self.layer = layer
        self.name = name
        self.builder = builder
    }

    /// Emits the layer: Y [T, directions, B, H], Y_h and Y_c [directions, B, H].
    public mutating func emit() throws -> (sequence: String, hidden: String, cell: String?) {
        let x = try builder.type(of: layer.input)
        guard x.rank == 3, let steps = x.shape[0].value, steps > 0 else {
            throw GraphError.invalidNode(node: name, op: layer.cell.rawValue, reason: "needs a time-major [T, B, I] input with static T > 0, got \(x)")
        }
        guard layer.activations.count == layer.directions,
              layer.activations.allSatisfy({ $0.count == RecurrentLayer.defaultActivations(layer.cell).count }) else {
            throw error("expects \(RecurrentLayer.defaultActivations(layer.cell).count) activations per direction")
        }
        var sequences: [String] = [], hiddens: [String] = [], cells: [String] = []
        for d in 0..<layer.directions {
            let reverse = layer.direction == .reverse || d == 1
            let result = try direction(d, steps: steps, reverse: reverse, batch: x.shape[1])
            sequences.append(try op("Reshape", [result.sequence], ["shape": .ints(try target([.fixed(steps), .fixed(1), x.shape[1], .fixed(layer.hiddenSize)]))]))
            hiddens.append(try op("Reshape", [result.hidden], ["shape": .ints(try target([.fixed(1), x.shape[1], .fixed(layer.hiddenSize)]))]))
            if let c = result.cell { cells.append(try op("Reshape", [c], ["shape": .ints(try target([.fixed(1), x.shape[1], .fixed(layer.hiddenSize)]))])) }
        }
        return (try join(sequences, axis: 1), try join(hiddens, axis: 0), cells.isEmpty ? nil : try join(cells, axis: 0))
    }

    /// One direction over all steps: the output sequence [T, B, H] and final states [B, H].
    private mutating func direction(_ d: Int, steps: Int, reverse: Bool, batch: Dim) throws -> (sequence: String, hidden: String, cell: String?) {
        let h = layer.hiddenSize, g = layer.gates
        let w = try pick(layer.weights, d, rows: g * h)
        let r = try pick(layer.recurrentWeights, d, rows: g * h)
        // Input projections of every step at once: [T, B, g·H].
        var projected = try op("MatMul", [layer.input, try op("Transpose", [w], ["perm": .ints([1, 0])])])
        var recurrentBias: String?
        if let bias = layer.bias {
            let both = try pick(bias, d, rows: 2 * g * h)
            let wb = try op("Slice", [both], ["starts": .ints([0]), "ends": .ints([g * h])])
            let rb = try op("Slice", [both], ["starts": .ints([g * h]), "ends": .ints([2 * g * h])])
            if layer.cell == .gru {
                // The candidate's recurrent bias sits inside the reset product; the others add up front.
                let rzr = try op("Slice", [rb], ["starts": .ints([0]), "ends": .ints([2 * h])])
                let zeros = builder.graph.addConstant("\(name)/zero_bias", Tensor.fromFloats(Array(repeating: 0, count: h), shape: [h], dtype: try dtype()))
                projected = try op("Add", [projected, try op("Add", [wb, try op("Concat", [rzr, zeros], ["axis": .int(0)])])])
                recurrentBias = try op("Slice", [rb], ["starts": .ints([2 * h]), "ends": .ints([3 * h])])
            } else {
                projected = try op("Add", [projected, try op("Add", [wb, rb])])
            }
        }
        let rT = try op("Transpose", [r], ["perm": .ints([1, 0])])
        var hidden = try initial(layer.initialHidden, d, batch: batch)
        var cell = layer.cell == .lstm ? try initial(layer.initialCell, d, batch: batch) : nil
        let peepholes = try layer.peepholes.map { try pick($0, d, rows: 3 * h) }
        var outputs = [String](repeating: "", count: steps)
        let activations = layer.activations[d]
        let inputs = try builder.add("Unstack", [projected], ["axis": .int(0)], name: "\(name)/Unstack", outputs: steps)
        for step in 0..<steps {
            let t = reverse ? steps - 1 - step : step
            let xt = inputs[t]
            var next: (hidden: String, cell: String?)
            switch layer.cell {
            case .lstm: next = try lstmStep(xt, hidden, cell!, rT, peepholes, activations)
            case .gru: next = (try gruStep(xt, hidden, rT, recurrentBias, activations), nil)
            case .rnn: next = (try activate(try clipped(try op("Add", [xt, try op("MatMul", [hidden, rT])])), activations[0]), nil)
            }
            if let lengths = layer.sequenceLengths {
                // Steps past a sequence's length output zeros and leave its state as it was.
                let valid = try op("Reshape", [try op("Less", [constant(Tensor.fromInt64s([Int64(t)], shape: [], dtype: try builder.type(of: lengths).dtype)), lengths])],
                                   ["shape": .ints(try target([batch, .fixed(1)]))])
                outputs[t] = try op("Where", [valid, next.hidden, constant(Tensor.fromFloats([0], shape: [], dtype: try dtype()))])
                next.hidden = try op("Where", [valid, next.hidden, hidden])
                if let c = next.cell { next.cell = try op("Where", [valid, c, cell!]) }
            } else {
                outputs[t] = next.hidden
            }
            (hidden, cell) = (next.hidden, next.cell)
        }
        return (try op("Stack", outputs, ["axis": .int(0)]), hidden, cell)
    }

    private mutating func lstmStep(_ xt: String, _ hPrev: String, _ cPrev: String, _ rT: String, _ peepholes: String?,
                                   _ activations: [(name: String, alpha: Float?, beta: Float?)]) throws -> (hidden: String, cell: String?) {
        let h = layer.hiddenSize
        let gates = try split(try op("Add", [xt, try op("MatMul", [hPrev, rT])]), parts: 4)
        func gate(_ k: Int) throws -> String { gates[k] }
        func peephole(_ k: Int, _ state: String, _ value: String) throws -> String {
            guard let peepholes else { return value }
            let p = try op("Slice", [peepholes], ["starts": .ints([k * h]), "ends": .ints([(k + 1) * h])])
            return try op("Add", [value, try op("Mul", [p, state])])
        }
        let i = try activate(try clipped(try peephole(0, cPrev, try gate(0))), activations[0])
        let f = layer.coupledInputForget
            ? try op("Sub", [constant(Tensor.fromFloats([1], shape: [], dtype: try dtype())), i])
            : try activate(try clipped(try peephole(2, cPrev, try gate(2))), activations[0])
        let candidate = try activate(try clipped(try gate(3)), activations[1])
        let c = try op("Add", [try op("Mul", [f, cPrev]), try op("Mul", [i, candidate])])
        let o = try activate(try clipped(try peephole(1, c, try gate(1))), activations[0])
        return (try op("Mul", [o, try activate(c, activations[2])]), c)
    }

    private mutating func gruStep(_ xt: String, _ hPrev: String, _ rT: String, _ recurrentBias: String?,
                                  _ activations: [(name: String, alpha: Float?, beta: Float?)]) throws -> String {
        let h = layer.hiddenSize
        let rzT = try op("Slice", [rT], ["starts": .ints([0, 0]), "ends": .ints([Int(Int32.max), 2 * h])])
        let rhT = try op("Slice", [rT], ["starts": .ints([0, 2 * h]), "ends": .ints([Int(Int32.max), 3 * h])])
        let inputParts = try split(xt, parts: 3), recurrentParts = try split(try op("MatMul", [hPrev, rzT]), parts: 2)
        let z = try activate(try clipped(try op("Add", [inputParts[0], recurrentParts[0]])), activations[0])
        let r = try activate(try clipped(try op("Add", [inputParts[1], recurrentParts[1]])), activations[0])
        var recurrent: String
        if layer.linearBeforeReset {
            recurrent = try op("MatMul", [hPrev, rhT])
            if let recurrentBias { recurrent = try op("Add", [recurrent, recurrentBias]) }
            recurrent = try op("Mul", [r, recurrent])
        } else {
            recurrent = try op("MatMul", [try op("Mul", [r, hPrev]), rhT])
            if let recurrentBias { recurrent = try op("Add", [recurrent, recurrentBias]) }
        }
        let candidate = try activate(try clipped(try op("Add", [inputParts[2], recurrent])), activations[1])
        // (1 − z)·candidate + z·H = candidate + z·(H − candidate)
        return try op("Add", [candidate, try op("Mul", [z, try op("Sub", [hPrev, candidate])])])
    }

    /// An activation function by its ONNX name, with its alpha/beta (ONNX defaults when absent).
    private mutating func activate(_ value: String, _ activation: (name: String, alpha: Float?, beta: Float?)) throws -> String {
        let (alpha, beta) = (activation.alpha, activation.beta)
        switch activation.name.lowercased() {
        case "sigmoid": return try op("Sigmoid", [value])
        case "tanh": return try op("Tanh", [value])
        case "relu": return try op("Relu", [value])
        case "softsign": return try op("Softsign", [value])
        case "softplus": return try op("Softplus", [value])
        case "leakyrelu": return try op("LeakyRelu", [value], ["alpha": .float(alpha ?? 0.01)])
        case "thresholdedrelu": return try op("ThresholdedRelu", [value], ["alpha": .float(alpha ?? 1)])
        case "elu": return try op("Elu", [value], ["alpha": .float(alpha ?? 1)])
        case "hardsigmoid": return try op("HardSigmoid", [value], ["alpha": .float(alpha ?? 0.2), "beta": .float(beta ?? 0.5)])
        case "affine":
            let scaled = try op("Mul", [value, constant(Tensor.fromFloats([alpha ?? 1], shape: [], dtype: try dtype()))])
            return try op("Add", [scaled, constant(Tensor.fromFloats([beta ?? 0], shape: [], dtype: try dtype()))])
        case "scaledtanh":
            let inner = try op("Mul", [value, constant(Tensor.fromFloats([beta ?? 1], shape: [], dtype: try dtype()))])
            return try op("Mul", [try op("Tanh", [inner]), constant(Tensor.fromFloats([alpha ?? 1], shape: [], dtype: try dtype()))])
        default: throw error("activation '\(activation.name)' is not supported")
        }
    }

    /// A [B, parts·H] value's H-wide parts.
    private mutating func split(_ value: String, parts: Int) throws -> [String] {
        try builder.add("Split", [value], ["axis": .int(1), "split": .ints(Array(repeating: layer.hiddenSize, count: parts))],
                        name: "\(name)/Split", outputs: parts)
    }

    /// Gate pre-activations clipped to [−clip, clip] when the layer clips.
    private mutating func clipped(_ value: String) throws -> String {
        guard let clip = layer.clip else { return value }
        return try op("Clip", [value], ["min": .float(-clip), "max": .float(clip)])
    }

    /// Direction d of a [directions, rows, …] operand, without the directions axis.
    private mutating func pick(_ value: String, _ d: Int, rows: Int) throws -> String {
        let t = try builder.type(of: value)
        guard t.rank >= 2, t.shape[0].value == layer.directions, t.shape[1].value == rows else {
            throw error("operand '\(value)' must be [\(layer.directions), \(rows), …], got \(t)")
        }
        let ends = [d + 1] + Array(repeating: Int(Int32.max), count: t.rank - 1)
        let slice = try op("Slice", [value], ["starts": .ints([d] + Array(repeating: 0, count: t.rank - 1)), "ends": .ints(ends)])
        return try op("Reshape", [slice], ["shape": .ints(try target(Array(t.shape.dropFirst())))])
    }

    /// The initial state of direction d [B, H], zeros when the layer has none.
    private mutating func initial(_ value: String?, _ d: Int, batch: Dim) throws -> String {
        if let value {
            let t = try builder.type(of: value)
            guard t.rank == 3, t.shape[0].value == layer.directions else { throw error("initial states must be [directions, B, H], got \(t)") }
            let slice = try op("Slice", [value], ["starts": .ints([d, 0, 0]), "ends": .ints([d + 1, Int(Int32.max), Int(Int32.max)])])
            return try op("Reshape", [slice], ["shape": .ints(try target([batch, .fixed(layer.hiddenSize)]))])
        }
        guard let b = batch.value else {
            // A dynamic batch: zeros shaped like one step of the input's hidden projection.
            let shape = try op("Concat", [try op("Slice", [try op("Shape", [layer.input])], ["starts": .ints([1]), "ends": .ints([2])]),
                                          constant(Tensor(shape: [1], values: [Int64(layer.hiddenSize)]))], ["axis": .int(0)])
            return try op("ConstantOfShape", [shape], ["value": .tensor(Tensor.fromFloats([0], shape: [1], dtype: try dtype()))])
        }
        return constant(Tensor.fromFloats(Array(repeating: 0, count: b * layer.hiddenSize), shape: [b, layer.hiddenSize], dtype: try dtype()))
    }

    private mutating func join(_ values: [String], axis: Int) throws -> String {
        values.count == 1 ? values[0] : try op("Concat", values, ["axis": .int(axis)])
    }

    private func dtype() throws -> DType { try builder.type(of: layer.input).dtype }

    /// A Reshape target for `dims`, 0 dims kept.
    private func target(_ dims: [Dim]) throws -> [Int] {
        guard let target = dims.reshapeTarget(keepingZeros: true) else { throw error("needs at most one unknown dim, got \(dims)") }
        return target
    }

    private mutating func op(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:]) throws -> String {
        try builder.add(op, inputs, attributes, name: "\(name)/\(op)")
    }

    private mutating func constant(_ tensor: Tensor) -> String {
        builder.graph.addConstant("\(name)/constant", tensor)
    }

    private func error(_ reason: String) -> GraphError {
        .invalidNode(node: name, op: layer.cell.rawValue, reason: reason)
    }
}
