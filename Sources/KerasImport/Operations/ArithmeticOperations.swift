import LiteIR

/// Elementwise arithmetic and comparisons (numbers on either side), mod and floor division,
/// clip, where and cast.
enum ArithmeticOperations {
    static let table: [String: OperationTranslator] = {
        var table: [String: OperationTranslator] = [:]
        let binary = ["add": "Add", "subtract": "Sub", "multiply": "Mul", "maximum": "Max", "minimum": "Min", "power": "Pow",
                      "greater": "Greater", "greater_equal": "GreaterOrEqual", "less": "Less", "less_equal": "LessOrEqual", "equal": "Equal"]
        for (op, ir) in binary {
            table[op] = { c, a in [try c.emit(ir, try Operands.values(&c, a, ["x1", "x2"]), for: a.call)] }
        }
        // True division: integers divide as float32.
        table["divide"] = { c, a in [try c.emit("Div", try Operands.values(&c, a, ["x1", "x2"], float: true), for: a.call)] }
        // NumPy's mod: the remainder takes the divisor's sign (TensorFlow's floormod).
        table["mod"] = { c, a in [try c.emit("Mod", try Operands.values(&c, a, ["x1", "x2"]), for: a.call)] }
        table["floor_divide"] = floorDivide
        table["not_equal"] = { c, a in
            [try c.emit("Not", [try c.emit("Equal", try Operands.values(&c, a, ["x1", "x2"]), for: a.call)], for: a.call)]
        }
        table["clip"] = clip
        table["where"] = { c, a in
            let condition = try a.tensor("condition")
            guard a.has("x1"), a.has("x2") else { throw a.error("needs both branches (where with a condition alone is not supported)") }
            return [try c.emit("Where", [condition] + (try Operands.values(&c, a, ["x1", "x2"])), for: a.call)]
        }
        table["cast"] = { c, a in [try Operands.cast(&c, a, try a.tensor("x"), to: try a.string("dtype"))] }
        return table
    }()

    /// ⌊x1 / x2⌋: floats by Floor(Div); integers exactly, as (x1 − mod(x1, x2)) / x2.
    static func floorDivide(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let operands = try Operands.values(&c, a, ["x1", "x2"])
        if try c.type(operands[0]).dtype.isFloatingPoint { return [try c.emit("Floor", [try c.emit("Div", operands, for: a.call)], for: a.call)] }
        let multiple = try c.emit("Sub", [operands[0], try c.emit("Mod", operands, for: a.call)], for: a.call)
        return [try c.emit("Div", [multiple, operands[1]], for: a.call)]
    }

    /// min(max(x, x_min), x_max) with number bounds (a bound may be absent in tf.clip_by_value).
    static func clip(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let x = try a.tensor("x")
        var attributes: [String: Attribute] = [:]
        for (parameter, attribute) in [("x_min", "min"), ("x_max", "max")] where a.has(parameter) {
            if case .tensor = a.value(parameter) { throw a.error("'\(parameter)' must be a number; tensor bounds are not supported") }
            attributes[attribute] = .float(Float(try a.double(parameter)))
        }
        return [try c.emit("Clip", [x], attributes, for: a.call)]
    }
}
