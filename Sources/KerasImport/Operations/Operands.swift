import Foundation
import LiteIR

/// The operands of an elementwise operation as IR values of one element type. A Python number
/// or nested list in the call takes the type of the tensors beside it, as Keras 3 and
/// TensorFlow treat such "weak" constants: an integer tensor meets a float number as float32.
/// Tensors of different types are promoted to the wider (bool < integers < floats).
enum Operands {
    /// A saved operand before it has a type: a tensor, or numbers with their shape.
    private enum Operand {
        case tensor(String)
        case numbers([Double], shape: [Int], integral: Bool)
    }

    /// The IR values of `names`, in order, of one dtype; `float` forces a floating-point type
    /// (true division).
    static func values(_ c: inout KerasContext, _ a: OperationArguments, _ names: [String], float: Bool = false) throws -> [String] {
        let operands = try names.map { name -> Operand in
            guard let value = a.value(name) else { throw a.error("needs '\(name)'") }
            if case .tensor(let t) = value { return .tensor(t) }
            var shape: [Int] = []
            var numbers: [Double] = [], integral = true
            try flatten(value, depth: 0, shape: &shape, into: &numbers, integral: &integral, a, name)
            return .numbers(numbers, shape: shape, integral: integral)
        }
        var tensorTypes: [DType] = []
        for case .tensor(let t) in operands { tensorTypes.append(try c.type(t).dtype) }
        let constantsIntegral = operands.allSatisfy { if case .numbers(_, _, let integral) = $0 { integral } else { true } }
        // Numbers alone (`where(c, 1.0, 0.0)`) are float32 or int32, as Keras types them.
        var target = tensorTypes.max { rank($0) < rank($1) } ?? (constantsIntegral ? .int32 : .float32)
        if !target.isFloatingPoint && (!constantsIntegral || float) { target = .float32 }
        return try operands.map { operand in
            switch operand {
            case .tensor(let t):
                return try c.type(t).dtype == target ? t : c.emit("Cast", [t], ["to": .string(target.rawValue)], for: a.call)
            case .numbers(let numbers, let shape, _):
                let tensor = try target.isFloatingPoint
                    ? Tensor.fromFloats(numbers.map { Float($0) }, shape: shape, dtype: target)
                    : Tensor.fromInt64s(numbers.map { v in
                        guard let i = Int64(exactly: v.rounded(.towardZero)) else { throw a.error("constant \(v) is out of the integer range") }
                        return i
                    }, shape: shape, dtype: target)
                return c.constant(tensor, "constant", for: a.call)
            }
        }
    }

    /// x as the dtype Keras names `name` (unchanged when it already is).
    static func cast(_ c: inout KerasContext, _ a: OperationArguments, _ x: String, to name: String) throws -> String {
        guard let dtype = DType(rawValue: name) else { throw a.error("dtype '\(name)' is not supported") }
        return try c.type(x).dtype == dtype ? x : c.emit("Cast", [x], ["to": .string(dtype.rawValue)], for: a.call)
    }

    /// Promotion order: bool, then integers by width, then floats by width.
    private static func rank(_ dtype: DType) -> Int {
        if dtype == .bool { return 0 }
        return (dtype.isFloatingPoint ? 100 : 10) + dtype.byteSize
    }

    /// Numbers of a scalar or a nested list, row-major, with the list's shape.
    private static func flatten(_ value: CallValue<String>, depth: Int, shape: inout [Int], into numbers: inout [Double],
                                integral: inout Bool, _ a: OperationArguments, _ name: String) throws {
        switch value {
        case .tensor: throw a.error("'\(name)' mixes tensors and numbers in one list")
        case .constant(let constant):
            // Keras 3 saves a NumPy array argument as {"class_name": "__numpy__", "config": {"value", "dtype"}}.
            if let object = constant as? [String: Any], object["class_name"] as? String == "__numpy__",
               let config = object["config"] as? [String: Any], let array = config["value"] {
                let dtype = config["dtype"] as? String ?? ""
                if dtype.hasPrefix("float") || dtype.hasPrefix("bfloat") { integral = false }
                try flatten(.constant(array), depth: depth, shape: &shape, into: &numbers, integral: &integral, a, name)
                return
            }
            if let list = constant as? [Any] {
                try flatten(.list(list.map { .constant($0) }), depth: depth, shape: &shape, into: &numbers, integral: &integral, a, name)
                return
            }
            guard let v = number(constant) else {
                throw a.error("'\(name)' = \(KerasStrictness.describe(constant)) must be a number or a tensor")
            }
            if depth != shape.count { throw a.error("'\(name)' is a ragged list") }
            if !isIntegerLiteral(constant) { integral = false }
            numbers.append(v)
        case .list(let items):
            if depth == shape.count { shape.append(items.count) } else if depth > shape.count || shape[depth] != items.count {
                throw a.error("'\(name)' is a ragged list")
            }
            for item in items { try flatten(item, depth: depth + 1, shape: &shape, into: &numbers, integral: &integral, a, name) }
        }
    }

    /// Whether a saved number was written as an integer (`3`, not `3.0`).
    private static func isIntegerLiteral(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return !["d", "f"].contains(String(cString: number.objCType))
    }
}
