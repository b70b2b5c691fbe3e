import Foundation
import LiteIR

/// Elementwise math of one tensor, the NaN/infinity predicates and logical operations.
enum MathOperations {
    static let table: [String: OperationTranslator] = {
        var table: [String: OperationTranslator] = [:]
        let unary = ["negative": "Neg", "abs": "Abs", "exp": "Exp", "log": "Log", "sqrt": "Sqrt", "rsqrt": "Rsqrt", "erf": "Erf",
                     "floor": "Floor", "ceil": "Ceil", "sign": "Sign", "reciprocal": "Reciprocal", "sin": "Sin", "cos": "Cos", "tan": "Tan",
                     "arcsin": "Asin", "arccos": "Acos", "arctan": "Atan", "sinh": "Sinh", "cosh": "Cosh", "arcsinh": "Asinh",
                     "arccosh": "Acosh", "arctanh": "Atanh", "isnan": "IsNaN", "logical_not": "Not"]
        for (op, ir) in unary {
            table[op] = { c, a in [try c.emit(ir, [try a.tensor("x")], for: a.call)] }
        }
        for (op, ir) in ["logical_and": "And", "logical_or": "Or", "logical_xor": "Xor"] {
            table[op] = { c, a in [try c.emit(ir, [try a.tensor("x1"), try a.tensor("x2")], for: a.call)] }
        }
        // Half to even, as NumPy and TensorFlow round.
        table["round"] = { c, a in
            guard try a.int("decimals", 0) == 0 else { throw a.error("rounding to decimals other than 0 is not supported") }
            return [try c.emit("Round", [try a.tensor("x")], for: a.call)]
        }
        table["square"] = { c, a in
            let x = try a.tensor("x")
            return [try c.emit("Mul", [x, x], for: a.call)]
        }
        table["log1p"] = { c, a in
            let x = try a.tensor("x")
            return [try c.emit("Log", [try c.emit("Add", [x, try c.scalar(1, like: x, for: a.call)], for: a.call)], for: a.call)]
        }
        table["expm1"] = { c, a in
            let x = try a.tensor("x")
            return [try c.emit("Sub", [try c.emit("Exp", [x], for: a.call), try c.scalar(1, like: x, for: a.call)], for: a.call)]
        }
        for (op, base) in ["log2": 2.0, "log10": 10.0] {
            table[op] = { c, a in
                let x = try a.tensor("x")
                return [try c.emit("Mul", [try c.emit("Log", [x], for: a.call), try c.scalar(Float(1 / log(base)), like: x, for: a.call)], for: a.call)]
            }
        }
        table["isinf"] = { c, a in [try c.emit("IsInf", [try a.tensor("x")], for: a.call)] }
        table["isfinite"] = { c, a in
            let x = try a.tensor("x")
            let special = try c.emit("Or", [try c.emit("IsNaN", [x], for: a.call), try c.emit("IsInf", [x], for: a.call)], for: a.call)
            return [try c.emit("Not", [special], for: a.call)]
        }
        // No gradients at inference.
        table["stop_gradient"] = { _, a in [try a.tensor("x")] }
        return table
    }()
}
