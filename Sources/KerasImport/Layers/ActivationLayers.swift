import LiteIR

/// Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax and ThresholdedReLU layers.
enum ActivationLayers {
    static let table: [String: KerasTranslator] = [
        "Activation": { c, call in [try KerasActivations.apply(try call.config.activation(), try call.input(0), &c, call)] },
        "ReLU": relu,
        "LeakyReLU": { c, call in
            // Keras 2 calls the slope alpha, Keras 3 negative_slope; both default to 0.3.
            let slope = call.config.has("negative_slope") ? try call.config.double("negative_slope") : try call.config.double("alpha", 0.3)
            return [try c.emit("LeakyRelu", [try call.input(0)], ["alpha": .float(Float(slope))], for: call)]
        },
        "PReLU": { c, call in
            // alpha has the input's shape without the batch, 1 on the shared axes: it broadcasts.
            let alpha = c.constant(try call.weights.required("alpha"), "alpha", for: call)
            return [try c.emit("PRelu", [try call.input(0), alpha], for: call)]
        },
        "ELU": { c, call in [try c.emit("Elu", [try call.input(0)], ["alpha": .float(Float(try call.config.double("alpha", 1)))], for: call)] },
        "Softmax": { c, call in [try softmax(&c, call, try call.input(0), axes: try call.config.ints("axis", [-1]))] },
        "ThresholdedReLU": { c, call in
            [try c.emit("ThresholdedRelu", [try call.input(0)], ["alpha": .float(Float(try call.config.double("theta", 1)))], for: call)]
        },
    ]

    /// Softmax over one axis, or jointly over several: exp(x − max) / Σ exp(x − max).
    static func softmax(_ c: inout KerasContext, _ call: LayerCall, _ x: String, axes: [Int]) throws -> String {
        if axes.count == 1 { return try c.emit("Softmax", [x], ["axis": .int(axes[0])], for: call) }
        let rank = try c.type(x).rank
        guard axes.allSatisfy({ (-rank..<rank).contains($0) }) else { throw call.error("softmax axes \(axes) are out of range for rank \(rank)") }
        let over: [String: Attribute] = ["axes": .ints(axes.map { $0 < 0 ? $0 + rank : $0 }), "keepdims": .int(1)]
        let exponent = try c.emit("Exp", [try c.emit("Sub", [x, try c.emit("ReduceMax", [x], over, for: call)], for: call)], for: call)
        return try c.emit("Div", [exponent, try c.emit("ReduceSum", [exponent], over, for: call)], for: call)
    }

    /// max_value where x ≥ max_value, x where threshold ≤ x, negative_slope·(x − threshold) below.
    static func relu(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        let maxValue = call.config.has("max_value") ? Float(try call.config.double("max_value")) : nil
        let slope = Float(try call.config.double("negative_slope", 0)), threshold = Float(try call.config.double("threshold", 0))
        if slope == 0 && threshold == 0 {
            guard let maxValue else { return [try c.emit("Relu", [x], for: call)] }
            return [try c.emit("Clip", [x], ["min": .float(0), "max": .float(maxValue)], for: call)]
        }
        let above = try c.emit("GreaterOrEqual", [x, try c.scalar(threshold, like: x, for: call)], for: call)
        let below = try c.emit("Mul", [try c.emit("Sub", [x, try c.scalar(threshold, like: x, for: call)], for: call),
                                       try c.scalar(slope, like: x, for: call)], for: call)
        let y = try c.emit("Where", [above, x, below], for: call)
        guard let maxValue else { return [y] }
        return [try c.emit("Min", [y, try c.scalar(maxValue, like: x, for: call)], for: call)]
    }
}
