import LiteIR
import LiteOps

/// Elementwise functions without a TFLite builtin, rewritten with ones that have one.
enum MathLowering {
    static let rules: [String: TFLiteLowering.Rule] = [
        "Reciprocal": { c, n in try c.emitFinal("Div", [try c.scalar(1, like: n.inputs[0], for: n), n.inputs[0]], [:], from: n) },
        "Tan": { c, n in
            try c.emitFinal("Div", [try c.emit("Sin", n.inputs, from: n), try c.emit("Cos", n.inputs, from: n)], [:], from: n)
        },
        "Atan": { c, n in
            // ATAN2 takes operands of one shape: a 1 broadcast to the input's shape.
            let ones = try c.emitLowered("Expand", [try c.scalar(1, like: n.inputs[0], for: n), try c.emit("Shape", n.inputs, from: n)], from: n)
            try c.emitFinal("Atan2", [n.inputs[0], ones], [:], from: n)
        },
        "Asinh": { c, n in
            // sign(x) · log(|x| + √(x² + 1)), symmetric so large negative x does not cancel.
            let x = n.inputs[0]
            let magnitude = try c.emit("Abs", [x], from: n)
            let root = try c.emit("Sqrt", [try c.emit("Add", [try c.emit("Mul", [x, x], from: n), try c.scalar(1, like: x, for: n)], from: n)], from: n)
            let value = try c.emit("Log", [try c.emit("Add", [magnitude, root], from: n)], from: n)
            try c.emitFinal("Mul", [try c.emit("Sign", [x], from: n), value], [:], from: n)
        },
        "Acosh": { c, n in
            // log(x + √(x² − 1))
            let x = n.inputs[0]
            let root = try c.emit("Sqrt", [try c.emit("Sub", [try c.emit("Mul", [x, x], from: n), try c.scalar(1, like: x, for: n)], from: n)], from: n)
            try c.emitFinal("Log", [try c.emit("Add", [x, root], from: n)], [:], from: n)
        },
        "Atanh": { c, n in
            // ½ · log((1 + x) / (1 − x))
            let x = n.inputs[0], one = try c.scalar(1, like: x, for: n)
            let ratio = try c.emit("Div", [try c.emit("Add", [one, x], from: n), try c.emit("Sub", [one, x], from: n)], from: n)
            try c.emitFinal("Mul", [try c.emit("Log", [ratio], from: n), try c.scalar(0.5, like: x, for: n)], [:], from: n)
        },
        "Erf": { c, n in
            // Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7): for x ≥ 0,
            // erf(x) = 1 − t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·e^(−x²), t = 1 / (1 + p·x);
            // erf is odd, so the sign of x is applied to erf(|x|).
            let x = n.inputs[0]
            let magnitude = try c.emit("Abs", [x], from: n)
            let t = try c.emit("Div", [try c.scalar(1, like: x, for: n),
                                       try c.emit("Add", [try c.scalar(1, like: x, for: n),
                                                          try c.emit("Mul", [magnitude, try c.scalar(0.3275911, like: x, for: n)], from: n)], from: n)], from: n)
            var polynomial = try c.scalar(1.061405429, like: x, for: n)
            for coefficient: Float in [-1.453152027, 1.421413741, -0.284496736, 0.254829592] {
                polynomial = try c.emit("Add", [try c.emit("Mul", [polynomial, t], from: n), try c.scalar(coefficient, like: x, for: n)], from: n)
            }
            polynomial = try c.emit("Mul", [polynomial, t], from: n)
            let decay = try c.emit("Exp", [try c.emit("Neg", [try c.emit("Mul", [x, x], from: n)], from: n)], from: n)
            let erfOfMagnitude = try c.emit("Sub", [try c.scalar(1, like: x, for: n), try c.emit("Mul", [polynomial, decay], from: n)], from: n)
            try c.emitFinal("Mul", [try c.emit("Sign", [x], from: n), erfOfMagnitude], [:], from: n)
        },
        "Asin": { c, n in try c.emitFinal("Atan2", [n.inputs[0], try cosineFromSine(&c, n)], [:], from: n) },
        "Acos": { c, n in try c.emitFinal("Atan2", [try cosineFromSine(&c, n), n.inputs[0]], [:], from: n) },
        "Sinh": { c, n in try hyperbolic(&c, n, combine: "Sub") },
        "Cosh": { c, n in try hyperbolic(&c, n, combine: "Add") },
        "Elu": { c, n in
            // TFLite's ELU has alpha 1.
            if try n.float("alpha", 1) == 1 { try c.builder.add(n) } else { try expandElu(&c, n) }
        },
        "Selu": { c, n in
            let alpha = try n.float("alpha", 1.67326319217681884765625), gamma = try n.float("gamma", 1.05070102214813232421875)
            let elu = try c.emit("Where", [try positive(&c, n), n.inputs[0], try expMinusOne(&c, n, scale: alpha)], from: n)
            try c.emitFinal("Mul", [elu, try c.scalar(gamma, like: n.inputs[0], for: n)], [:], from: n)
        },
        "Celu": { c, n in
            // max(0, x) + min(0, alpha · (exp(x / alpha) − 1))
            let alpha = try n.float("alpha", 1)
            let x = n.inputs[0]
            let scaled = try c.emit("Div", [x, try c.scalar(alpha, like: x, for: n)], from: n)
            let negative = try c.emit("Mul", [try c.emit("Sub", [try c.emit("Exp", [scaled], from: n), try c.scalar(1, like: x, for: n)], from: n),
                                              try c.scalar(alpha, like: x, for: n)], from: n)
            let zero = try c.scalar(0, like: x, for: n)
            try c.emitFinal("Add", [try c.emit("Max", [x, zero], from: n), try c.emit("Min", [negative, zero], from: n)], [:], from: n)
        },
        "Softplus": { c, n in try c.emitFinal("Reshape", [try softplus(&c, n)], ["shape": .ints(try c.staticShape(n.inputs[0]))], from: n) },
        "Softsign": { c, n in
            let x = n.inputs[0]
            let denominator = try c.emit("Add", [try c.emit("Abs", [x], from: n), try c.scalar(1, like: x, for: n)], from: n)
            try c.emitFinal("Div", [x, denominator], [:], from: n)
        },
        "Mish": { c, n in
            try c.emitFinal("Mul", [n.inputs[0], try c.emit("Tanh", [try softplus(&c, n)], from: n)], [:], from: n)
        },
        "ThresholdedRelu": { c, n in
            let x = n.inputs[0]
            let above = try c.emit("Greater", [x, try c.scalar(try n.float("alpha", 1), like: x, for: n)], from: n)
            try c.emitFinal("Where", [above, x, try c.scalar(0, like: x, for: n)], [:], from: n)
        },
        "Shrink": { c, n in
            let x = n.inputs[0]
            let bias = try n.float("bias", 0), lambd = try n.float("lambd", 0.5)
            let below = try c.emit("Less", [x, try c.scalar(-lambd, like: x, for: n)], from: n)
            let above = try c.emit("Greater", [x, try c.scalar(lambd, like: x, for: n)], from: n)
            let plus = try c.emit("Add", [x, try c.scalar(bias, like: x, for: n)], from: n)
            let minus = try c.emit("Sub", [x, try c.scalar(bias, like: x, for: n)], from: n)
            let upper = try c.emit("Where", [above, minus, try c.scalar(0, like: x, for: n)], from: n)
            try c.emitFinal("Where", [below, plus, upper], [:], from: n)
        },
        "IsNaN": { c, n in
            try c.emitFinal("Not", [try c.emit("Equal", [n.inputs[0], n.inputs[0]], from: n)], [:], from: n)
        },
        "IsInf": { c, n in
            let x = n.inputs[0]
            let negative = try n.int("detect_negative", 1) != 0, positive = try n.int("detect_positive", 1) != 0
            switch (negative, positive) {
            case (true, true):
                try c.emitFinal("Equal", [try c.emit("Abs", [x], from: n), try c.scalar(.infinity, like: x, for: n)], [:], from: n)
            case (false, true), (true, false):
                try c.emitFinal("Equal", [x, try c.scalar(positive ? .infinity : -.infinity, like: x, for: n)], [:], from: n)
            case (false, false):
                try c.emitFinal("Less", [x, x], [:], from: n)  // always false, NaN included
            }
        },
    ]

    /// √(1 − x²), the cosine of asin(x).
    private static func cosineFromSine(_ c: inout LoweringContext, _ n: Node) throws -> String {
        let x = n.inputs[0]
        let square = try c.emit("Mul", [x, x], from: n)
        return try c.emit("Sqrt", [try c.emit("Sub", [try c.scalar(1, like: x, for: n), square], from: n)], from: n)
    }

    /// (eˣ ∓ e⁻ˣ) / 2.
    private static func hyperbolic(_ c: inout LoweringContext, _ n: Node, combine: String) throws {
        let x = n.inputs[0]
        let up = try c.emit("Exp", [x], from: n), down = try c.emit("Exp", [try c.emit("Neg", [x], from: n)], from: n)
        try c.emitFinal("Mul", [try c.emit(combine, [up, down], from: n), try c.scalar(0.5, like: x, for: n)], [:], from: n)
    }

    /// ELU as x where x > 0, else alpha · (eˣ − 1).
    static func expandElu(_ c: inout LoweringContext, _ n: Node) throws {
        try c.emitFinal("Where", [try positive(&c, n), n.inputs[0], try expMinusOne(&c, n, scale: try n.float("alpha", 1))], [:], from: n)
    }

    private static func positive(_ c: inout LoweringContext, _ n: Node) throws -> String {
        try c.emit("Greater", [n.inputs[0], try c.scalar(0, like: n.inputs[0], for: n)], from: n)
    }

    /// scale · (eˣ − 1).
    private static func expMinusOne(_ c: inout LoweringContext, _ n: Node, scale: Float) throws -> String {
        let x = n.inputs[0]
        let shifted = try c.emit("Sub", [try c.emit("Exp", [x], from: n), try c.scalar(1, like: x, for: n)], from: n)
        return try c.emit("Mul", [shifted, try c.scalar(scale, like: x, for: n)], from: n)
    }

    /// max(x, 0) + log(1 + e^−|x|): log(1 + eˣ) without overflow.
    private static func softplus(_ c: inout LoweringContext, _ n: Node) throws -> String {
        let x = n.inputs[0]
        let decay = try c.emit("Exp", [try c.emit("Neg", [try c.emit("Abs", [x], from: n)], from: n)], from: n)
        let tail = try c.emit("Log", [try c.emit("Add", [decay, try c.scalar(1, like: x, for: n)], from: n)], from: n)
        return try c.emit("Add", [try c.emit("Max", [x, try c.scalar(0, like: x, for: n)], from: n), tail], from: n)
    }
}

extension LoweringContext {
    /// A rank-0 constant of the element type of `value`.
    mutating func scalar(_ value: Float, like other: String, for node: Node) throws -> String {
        constant(Tensor.fromFloats([value], shape: [], dtype: try type(other).dtype), "scalar", for: node)
    }

    /// The shape of a value as a Reshape target, 0 dims kept.
    func staticShape(_ value: String) throws -> [Int] {
        guard let target = try type(value).shape.reshapeTarget(keepingZeros: true) else {
            throw LoweringRefusal("needs a shape with at most one unknown dim")
        }
        return target
    }
}
