import Foundation
import LiteIR

/// Activations and broadcasting arithmetic that map one-to-one onto IR ops.
enum ElementwiseOperators {
    /// ONNX op → (IR op, attributes copied with their defaults).
    private static let direct: [String: (String, [(String, Float)])] = [
        "Relu": ("Relu", []), "Sigmoid": ("Sigmoid", []), "Tanh": ("Tanh", []),
        "LeakyRelu": ("LeakyRelu", [("alpha", 0.01)]),
        "HardSigmoid": ("HardSigmoid", [("alpha", 0.2), ("beta", 0.5)]),
        "HardSwish": ("HardSwish", []),
        "Abs": ("Abs", []), "Neg": ("Neg", []), "Exp": ("Exp", []), "Log": ("Log", []), "Sqrt": ("Sqrt", []),
        "Erf": ("Erf", []), "Floor": ("Floor", []), "Ceil": ("Ceil", []),
        "Add": ("Add", []), "Sub": ("Sub", []), "Mul": ("Mul", []), "Div": ("Div", []), "Pow": ("Pow", []),
        "MatMul": ("MatMul", []),
    ]

    static let table: [String: ONNXTranslator] = {
        var table: [String: ONNXTranslator] = [:]
        for (onnxOp, (irOp, attributes)) in direct {
            table[onnxOp] = { n in
                var irAttributes: [String: Attribute] = [:]
                for (key, fallback) in attributes { irAttributes[key] = .float(try n.node.float(key, fallback)) }
                try n.emitOutput(irOp, n.node.inputs, irAttributes)
            }
        }
        table["Clip"] = clip
        table["Sum"] = { try variadic(&$0, op: "Add") }
        table["Max"] = { try variadic(&$0, op: "Max") }
        table["Min"] = { try variadic(&$0, op: "Min") }
        return table
    }()

    /// Clip bounds are attributes before opset 11 and optional inputs after; constant bounds
    /// become IR Clip attributes, others Max/Min ops.
    static func clip(_ n: inout ONNXNode) throws {
        let x = try n.requiredInput(0)
        guard n.opset >= 11 else {
            try n.emitOutput("Clip", [x], ["min": .float(try n.node.float("min", -Float.greatestFiniteMagnitude)),
                                           "max": .float(try n.node.float("max", Float.greatestFiniteMagnitude))])
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
        let inputs = n.node.inputs.filter { !$0.isEmpty }
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
