import LiteIR
import LiteOps

/// SimpleRNN, LSTM, GRU and Bidirectional, their weights rearranged into ONNX's layout, as one
/// sequence op or unrolled over their time steps (``RecurrentSequence/emitLayer(_:name:into:)``);
/// and TimeDistributed, which folds the time axis into the batch.
enum RecurrentLayers {
    static let table: [String: KerasTranslator] = [
        "SimpleRNN": { try recurrent(&$0, $1, wrapped: nil) },
        "LSTM": { try recurrent(&$0, $1, wrapped: nil) },
        "GRU": { try recurrent(&$0, $1, wrapped: nil) },
        "Bidirectional": bidirectional,
        "TimeDistributed": timeDistributed,
    ]

    /// The cell type of a recurrent layer class.
    private static func cell(_ className: String) -> RecurrentLayer.Cell? {
        switch className {
        case "LSTM": .lstm
        case "GRU": .gru
        case "SimpleRNN": .rnn
        default: nil
        }
    }

    /// The inner recurrent layer of a Bidirectional, as a call of its own class and config.
    private static func innerCall(_ call: LayerCall, key: String) throws -> LayerCall? {
        guard let inner = try call.config.object(key), let className = inner.values["class_name"] as? String,
              let config = inner.values["config"] as? [String: Any] else { return nil }
        return LayerCall(name: call.name, className: className, config: KerasConfig(config, context: "\(call.config.context) \(key)"),
                         inputs: call.inputs, keywords: call.keywords, arguments: call.arguments, weights: call.weights)
    }

    static func bidirectional(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        guard let forward = try innerCall(call, key: "layer") else { throw call.error("has no wrapped layer") }
        let backward = try innerCall(call, key: "backward_layer") ?? forward
        let outputs = try recurrent(&c, forward, wrapped: (call, backward))
        for key in ["return_sequences", "return_state", "stateful", "time_major"] where try backward.config.bool(key, false) != forward.config.bool(key, false) {
            throw call.error("its backward layer's \(key) differs from the forward layer's")
        }
        for direction in [forward, backward] { try KerasStrictness.checkConfig(of: direction) }
        return outputs
    }

    /// One recurrent layer, or both directions of a Bidirectional (`wrapped`: the wrapper's call
    /// and the backward layer).
    static func recurrent(_ c: inout KerasContext, _ call: LayerCall, wrapped: (outer: LayerCall, backward: LayerCall)?) throws -> [String] {
        guard let cellType = cell(call.className) else { throw call.error("wraps '\(call.className)', which is not a recurrent layer") }
        let config = call.config
        if try config.bool("stateful", false) { throw call.error("stateful layers keep state between calls; only stateful=False is supported") }
        if try config.bool("time_major", false) { throw call.error("time_major inputs are not supported") }
        let units = try config.int("units", in: 1...Int(Int32.max))
        let x = try call.input(0)
        let input = try c.type(x)
        guard input.rank == 3, input.shape[1].value != nil else { throw call.error("needs a [batch, steps, features] input with static steps, got \(input)") }

        // Per direction: the weights in ONNX's layout, and the activations.
        let goBackwards = try config.bool("go_backwards", false)
        // A Bidirectional runs its backward layer over the reversed sequence: its own go_backwards
        // when it has a backward_layer config, else the flipped go_backwards of the forward one.
        let directions: [(call: LayerCall, weights: LayerWeights, reverse: Bool)] = try wrapped.map { outer, backward in
            let backwardReversed = outer.config.has("backward_layer") ? try backward.config.bool("go_backwards", true) : !goBackwards
            // Keras names the generated backward layer "backward_…"; a given one keeps its own name.
            let generated = outer.weights.scoped("backward")
            let backwardWeights = generated.entries.isEmpty ? outer.weights.scoped(try backward.config.string("name", "backward")) : generated
            return [(call, outer.weights.scoped("forward"), goBackwards), (backward, backwardWeights, backwardReversed)]
        } ?? [(call, call.weights, goBackwards)]
        var w: [Float] = [], r: [Float] = [], b: [Float] = []
        var activations: [[(name: String, alpha: Float?, beta: Float?)]] = []
        var linearBeforeReset = false
        for direction in directions {
            let layout = try onnxWeights(direction.weights, cell: cellType, config: direction.call.config, units: units, call: call)
            w += layout.w
            r += layout.r
            b += layout.b
            linearBeforeReset = layout.linearBeforeReset
            activations.append(try recurrentActivations(direction.call.config, cell: cellType, c: c, call: call))
        }
        let gates = cellType == .lstm ? 4 : cellType == .gru ? 3 : 1
        let inputSize = w.count / (directions.count * gates * units)
        let count = directions.count
        let timeMajor = try c.emit("Transpose", [x], ["perm": .ints([1, 0, 2])], for: call)
        var layer = RecurrentLayer(cell: cellType, input: timeMajor,
                                   weights: c.constant(Tensor(shape: [count, gates * units, inputSize], values: w), "W", for: call),
                                   recurrentWeights: c.constant(Tensor(shape: [count, gates * units, units], values: r), "R", for: call),
                                   direction: wrapped != nil ? .bidirectional : (directions[0].reverse ? .reverse : .forward),
                                   hiddenSize: units, activations: activations)
        layer.bias = c.constant(Tensor(shape: [count, 2 * gates * units], values: b), "B", for: call)
        layer.linearBeforeReset = linearBeforeReset
        let result = try RecurrentSequence.emitLayer(layer, name: call.name, into: &c.builder)

        let steps = input.shape[1].value!
        let returnSequences = try (wrapped?.outer.config ?? config).bool("return_sequences", false) || config.bool("return_sequences", false)
        // Per direction d: the sequence [batch, steps, units] or the last output [batch, units].
        func output(_ d: Int) throws -> String {
            if !returnSequences { return try state(result.hidden, d) }
            let sequence = try c.emit("Reshape", [try c.emit("Slice", [result.sequence], ["starts": .ints([0, d, 0, 0]),
                                                                                         "ends": .ints([Int(Int32.max), d + 1, Int(Int32.max), Int(Int32.max)])], for: call)],
                                      ["shape": .ints(try c.target([.fixed(steps)] + [input.shape[0], .fixed(units)], for: call))], for: call)
            var batchMajor = try c.emit("Transpose", [sequence], ["perm": .ints([1, 0, 2])], for: call)
            if wrapped == nil && directions[0].reverse {
                // go_backwards lists outputs in the order it read the steps: last step first.
                let order = c.constant(Tensor(shape: [steps], values: (0..<steps).reversed().map(Int64.init)), "reversed_steps", for: call)
                batchMajor = try c.emit("Gather", [batchMajor, order], ["axis": .int(1)], for: call)
            }
            return batchMajor
        }
        func state(_ value: String, _ d: Int) throws -> String {
            let slice = try c.emit("Slice", [value], ["starts": .ints([d, 0, 0]), "ends": .ints([d + 1, Int(Int32.max), Int(Int32.max)])], for: call)
            return try c.emit("Reshape", [slice], ["shape": .ints(try c.target([input.shape[0], .fixed(units)], for: call))], for: call)
        }
        var outputs: [String]
        if let outer = wrapped?.outer {
            let (forward, backward) = (try output(0), try output(1))
            switch try outer.config.string("merge_mode", "concat") {
            case "concat": outputs = [try c.emit("Concat", [forward, backward], ["axis": .int(-1)], for: call)]
            case "sum": outputs = [try c.emit("Add", [forward, backward], for: call)]
            case "mul": outputs = [try c.emit("Mul", [forward, backward], for: call)]
            case "ave": outputs = [try c.emit("Mul", [try c.emit("Add", [forward, backward], for: call), try c.scalar(0.5, like: forward, for: call)], for: call)]
            case let mode: throw call.error("merge_mode '\(mode)' is not supported")
            }
        } else {
            outputs = [try output(0)]
        }
        if try config.bool("return_state", false) || wrapped?.outer.config.bool("return_state", false) == true {
            for d in 0..<count {
                outputs.append(try state(result.hidden, d))
                if let cellState = result.cell { outputs.append(try state(cellState, d)) }
            }
        }
        return outputs
    }

    /// Keras weights as ONNX's W [gates·H, I], R [gates·H, H] and B [2·gates·H] of one direction:
    /// gate order i,f,c,o → i,o,f,c for LSTM; z,r,h for GRU; GRU's reset_after bias is [2, 3H].
    private static func onnxWeights(_ weights: LayerWeights, cell: RecurrentLayer.Cell, config: KerasConfig, units: Int,
                                    call: LayerCall) throws -> (w: [Float], r: [Float], b: [Float], linearBeforeReset: Bool) {
        let kernel = try weights.required("kernel"), recurrent = try weights.required("recurrent_kernel")
        let gates = cell == .lstm ? 4 : cell == .gru ? 3 : 1
        guard kernel.rank == 2, kernel.shape[1] == gates * units, recurrent.shape == [units, gates * units] else {
            throw call.error("kernel \(kernel.shape) or recurrent kernel \(recurrent.shape) do not fit \(units) units")
        }
        let order = cell == .lstm ? [0, 3, 1, 2] : Array(0..<gates)
        func transposed(_ t: Tensor) -> [Float] {
            let values = t.floats(), rows = t.shape[0], columns = t.shape[1]
            return order.flatMap { g in (0..<units).flatMap { j in (0..<rows).map { i in values[i * columns + g * units + j] } } }
        }
        func reordered(_ values: [Float]) -> [Float] { order.flatMap { g in values[(g * units)..<((g + 1) * units)] } }
        var bias = Array(repeating: Float(0), count: 2 * gates * units)
        let resetAfter = try cell == .gru && config.bool("reset_after", true)
        if try config.bool("use_bias", true) {
            let stored = try weights.required("bias").floats()
            if resetAfter {
                guard stored.count == 2 * gates * units else { throw call.error("a reset_after GRU needs a [2, \(gates * units)] bias") }
                bias = stored
            } else {
                guard stored.count == gates * units else { throw call.error("bias has \(stored.count) values, expected \(gates * units)") }
                bias.replaceSubrange(0..<(gates * units), with: reordered(stored))
            }
        }
        return (transposed(kernel), transposed(recurrent), bias, resetAfter)
    }

    /// The activations ONNX's cell takes (f, g[, h]) from Keras' recurrent_activation and activation.
    private static func recurrentActivations(_ config: KerasConfig, cell: RecurrentLayer.Cell, c: KerasContext,
                                             call: LayerCall) throws -> [(name: String, alpha: Float?, beta: Float?)] {
        func onnx(_ name: String) throws -> (name: String, alpha: Float?, beta: Float?) {
            switch name {
            case "sigmoid": return ("Sigmoid", nil, nil)
            case "tanh": return ("Tanh", nil, nil)
            case "relu": return ("Relu", nil, nil)
            case "hard_sigmoid": return ("HardSigmoid", c.kerasMajor >= 3 ? 1.0 / 6.0 : 0.2, 0.5)
            case "linear": return ("Affine", 1, 0)
            case "softsign": return ("Softsign", nil, nil)
            case "softplus": return ("Softplus", nil, nil)
            case "elu": return ("Elu", 1, nil)
            default: throw call.error("recurrent activation '\(name)' is not supported")
            }
        }
        let activation = try onnx(try config.activation())
        if cell == .rnn { return [activation] }
        let gate = try onnx(try config.activation("recurrent_activation"))
        return cell == .lstm ? [gate, activation, activation] : [gate, activation]
    }

    /// The wrapped layer applied to every time step: [batch, steps, …] folded to [batch·steps, …].
    static func timeDistributed(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        guard let inner = try call.config.object("layer"), let className = inner.values["class_name"] as? String,
              let translate = KerasLayers.table[className] else {
            throw call.error("wraps a layer class that has no translation")
        }
        let x = try call.input(0)
        let t = try c.type(x)
        guard t.rank >= 3, let steps = t.shape[1].value, t.shape.dropFirst(2).allSatisfy({ $0.value != nil }) else {
            throw call.error("needs [batch, steps, …] with static steps and features, got \(t)")
        }
        let folded = try c.emit("Reshape", [x], ["shape": .ints([-1] + t.shape.dropFirst(2).map { $0.value! })], for: call)
        let innerCall = LayerCall(name: call.name, className: className,
                                  config: KerasConfig(inner.values["config"] as? [String: Any] ?? [:], context: "\(call.config.context) layer"),
                                  inputs: [folded], keywords: call.keywords, arguments: call.arguments, weights: call.weights)
        let outputs = try translate(&c, innerCall)
        try KerasStrictness.checkConfig(of: innerCall)
        return try outputs.map { y in
            let dims = try c.type(y).shape.dropFirst()
            guard dims.allSatisfy({ $0.value != nil }) else { throw call.error("the wrapped layer's output must have static dims") }
            return try c.emit("Reshape", [y], ["shape": .ints([-1, steps] + dims.map { $0.value! })], for: call)
        }
    }
}
