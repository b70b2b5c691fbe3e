import LiteIR

/// Every Keras layer class the importer translates, by class name. Each family file
/// contributes its translators.
enum KerasLayers {
    static let table: [String: KerasTranslator] = {
        var table: [String: KerasTranslator] = [:]
        for family in [CoreLayers.table, ActivationLayers.table, ConvolutionLayers.table, PoolingLayers.table,
                       NormalizationLayers.table, MergeLayers.table, ReshapingLayers.table, RecurrentLayers.table,
                       AttentionLayers.table, PreprocessingLayers.table, ApplicationLayers.table] {
            table.merge(family) { _, _ in preconditionFailure("a Keras layer class is translated twice") }
        }
        return table
    }()
}

/// Keras activations by name, as IR ops.
enum KerasActivations {
    static func apply(_ name: String, _ value: String, _ c: inout KerasContext, _ call: LayerCall) throws -> String {
        switch name {
        case "linear", "None": return value
        case "relu": return try c.emit("Relu", [value], for: call)
        case "relu6": return try c.emit("Clip", [value], ["min": .float(0), "max": .float(6)], for: call)
        case "sigmoid": return try c.emit("Sigmoid", [value], for: call)
        case "hard_sigmoid":
            // Keras 2: clip(0.2·x + 0.5, 0, 1); Keras 3: relu6(x + 3) / 6.
            let alpha: Float = c.kerasMajor >= 3 ? 1.0 / 6.0 : 0.2
            return try c.emit("HardSigmoid", [value], ["alpha": .float(alpha), "beta": .float(0.5)], for: call)
        case "tanh": return try c.emit("Tanh", [value], for: call)
        case "softmax": return try c.emit("Softmax", [value], ["axis": .int(-1)], for: call)
        case "log_softmax": return try c.emit("LogSoftmax", [value], ["axis": .int(-1)], for: call)
        case "elu": return try c.emit("Elu", [value], ["alpha": .float(1)], for: call)
        case "selu": return try c.emit("Selu", [value], for: call)
        case "celu": return try c.emit("Celu", [value], ["alpha": .float(1)], for: call)
        case "hard_tanh": return try c.emit("Clip", [value], ["min": .float(-1), "max": .float(1)], for: call)
        case "log_sigmoid":
            // −softplus(−x).
            return try c.emit("Neg", [try c.emit("Softplus", [try c.emit("Neg", [value], for: call)], for: call)], for: call)
        case "softplus": return try c.emit("Softplus", [value], for: call)
        case "softsign": return try c.emit("Softsign", [value], for: call)
        case "swish", "silu": return try c.emit("Mul", [value, try c.emit("Sigmoid", [value], for: call)], for: call)
        case "hard_swish", "hard_silu": return try c.emit("HardSwish", [value], for: call)
        case "gelu": return try c.emit("Gelu", [value], for: call)
        case "mish": return try c.emit("Mish", [value], for: call)
        case "leaky_relu": return try c.emit("LeakyRelu", [value], ["alpha": .float(0.2)], for: call)
        case "exponential": return try c.emit("Exp", [value], for: call)
        default: throw call.error("activation '\(name)' is not supported")
        }
    }
}
