import Foundation
import LiteIR

/// Activations and broadcasting arithmetic that map one-to-one onto IR ops.
enum ElementwiseOperators {
    /// ONNX ops that are IR ops of the same name, by their number of inputs.
    private static let sameName: [Int: [String]] = [
        1: ["Relu", "Sigmoid", "Tanh", "LeakyRelu", "HardSigmoid", "HardSwish", "Abs", "Neg", "Exp", "Log", "Sqrt",
            "Erf", "Floor", "Ceil", "Reciprocal", "Round", "Sign", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan",
            "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Elu", "Selu", "Celu", "Gelu", "Softplus", "Softsign", "Mish",
            "ThresholdedRelu", "Shrink", "Not", "IsNaN", "IsInf", "BitwiseNot"],
        2: ["Add", "Sub", "Mul", "Div", "MatMul", "PRelu", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
            "And", "Or", "Xor", "BitwiseAnd", "BitwiseOr", "BitwiseXor"],
        3: ["Where"],
    ]

    /// The attributes the IR kernels of `sameName` ops read, with their ONNX meaning and defaults.
    private static let sameNameAttributes: [String: [String]] = [
        "LeakyRelu": ["alpha"], "HardSigmoid": ["alpha", "beta"], "Elu": ["alpha"], "Selu": ["alpha", "gamma"], "Celu": ["alpha"],
        "Gelu": ["approximate"], "ThresholdedRelu": ["alpha"], "Shrink": ["bias", "lambd"], "IsInf": ["detect_negative", "detect_positive"],
    ]

    static let table: [String: ONNXTranslator] = {
        var table: [String: ONNXTranslator] = [:]
        for (count, ops) in sameName {
            for op in ops {
                let attributes = sameNameAttributes[op] ?? []
                table[op] = { n in try n.emitOutput(op, n.passedInputs(count), n.passedAttributes(attributes)) }
            }
        }
        table["Clip"] = clip
        table["Sum"] = { try variadic(&$0, op: "Add") }
        table["Max"] = { try variadic(&$0, op: "Max") }
        table["Min"] = { try variadic(&$0, op: "Min") }
        table["Mean"] = mean
        table["Pow"] = pow
        table["Swish"] = { n in
            // x · sigmoid(alpha · x)
            let x = try n.requiredInput(0)
            let alpha = try n.float("alpha", 1)
            let dtype = try n.type(0).dtype
            let scaled = alpha == 1 ? x : try n.emit("Mul", [x, n.constant(Tensor.fromFloats([alpha], shape: [], dtype: dtype), "alpha")])
            try n.emitOutput("Mul", [x, try n.emit("Sigmoid", [scaled])])
        }
        table["Mod"] = { n in try n.emitOutput(try n.int("fmod", 0) != 0 ? "FMod" : "Mod", n.passedInputs(2)) }
        table["BitShift"] = { n in
            let direction = try n.string("direction", "")
            guard direction == "LEFT" || direction == "RIGHT" else { throw n.error("direction must be LEFT or RIGHT, got '\(direction)'") }
            try n.emitOutput(direction == "LEFT" ? "BitShiftLeft" : "BitShiftRight", n.passedInputs(2))
        }
        return table
    }()

    /// Pow's exponent may have another type than its base: a float exponent of an integer base
    /// computes in the exponent's type and truncates back (as numpy does), an integer exponent
    /// of a float base is cast to the base's type.
    static func pow(_ n: inout ONNXNode) throws {
        let base = try n.type(0).dtype, exponent = try n.type(1).dtype
        let (x, y) = (try n.requiredInput(0), try n.requiredInput(1))
        if base == exponent {
            try n.emitOutput("Pow", [x, y])
        } else if base.isFloatingPoint || !exponent.isFloatingPoint {
            try n.emitOutput("Pow", [x, try n.emit("Cast", [y], ["to": .string(base.rawValue)])])
        } else {
            let power = try n.emit("Pow", [try n.emit("Cast", [x], ["to": .string(exponent.rawValue)]), y])
            try n.emitOutput("Cast", [power], ["to": .string(base.rawValue)])
        }
    }

    /// Mean of any number of inputs: their sum divided by the count.
    static func mean(_ n: inout ONNXNode) throws {
        let inputs = n.variadicInputs
        guard inputs.count > 1 else {
            try variadic(&n, op: "Add")
            return
        }
        var sum = inputs[0]
        for next in inputs.dropFirst() { sum = try n.emit("Add", [sum, next]) }
        let dtype = try n.type(0).dtype
        try n.emitOutput("Div", [sum, n.constant(Tensor.fromFloats([Float(inputs.count)], shape: [], dtype: dtype), "count")])
    }

    /// Clip bounds are attributes before opset 11 and optional inputs after; constant bounds
    /// become IR Clip attributes, others Max/Min ops.
    static func clip(_ n: inout ONNXNode) throws {
        let x = try n.requiredInput(0)
        guard n.opset >= 11 else {
            try n.emitOutput("Clip", [x], ["min": .float(try n.float("min", -Float.greatestFiniteMagnitude)),
                                           "max": .float(try n.float("max", Float.greatestFiniteMagnitude))])
            return
        }
        var attributes: [String: Attribute] = [:]
        var dynamic: [(String, String)] = []
        for (index, key, op) in [(1, "min", "Max"), (2, "max", "Min")] {
            guard let bound = n.input(index) else { continue }
            if let value = n.builder.constant(bound) {
                guard value.count == 1 else { throw n.error("\(key) must be a scalar") }
                attributes[key] = .float(value.floats()[0])
            } else {
                dynamic.append((op, bound))
            }
        }
        if dynamic.isEmpty {
            try n.emitOutput("Clip", [x], attributes)
            return
        }
        var value = attributes.isEmpty ? x : try n.emit("Clip", [x], attributes)
        for (i, (op, bound)) in dynamic.enumerated() {
            if i == dynamic.count - 1 {
                try n.emitOutput(op, [value, bound])
            } else {
                value = try n.emit(op, [value, bound])
            }
        }
    }

    /// Sum/Max/Min over any number of inputs as a chain of binary ops.
    static func variadic(_ n: inout ONNXNode, op: String) throws {
        let inputs = n.variadicInputs
        guard let first = inputs.first else { throw n.error("needs at least one input") }
        if inputs.count == 1 {
            n.alias(0, to: first)
            return
        }
        var value = first
        for (i, next) in inputs.dropFirst().enumerated() {
            if i == inputs.count - 2 {
                try n.emitOutput(op, [value, next])
            } else {
                value = try n.emit(op, [value, next])
            }
        }
    }
}
