import LiteIR

/// A TFLite operator between the IR and the flatbuffer: builtin code, version, tensor names
/// ("" for an omitted optional input, written as -1) and options.
struct TFLiteOperator: Sendable {
    var op: BuiltinOperator
    var version: Int32 = 1
    var inputs: [String]
    var outputs: [String]
    var options: BuiltinOptionsValue?
    /// The custom code of a CUSTOM operator.
    var customCode: String?

    /// Input `i` of an operator read from a file; throws when the file does not provide it.
    func input(_ i: Int) throws -> String {
        guard i < inputs.count, !inputs[i].isEmpty else {
            throw TFLiteFormatError("operator \(op) producing '\(outputs.first ?? "?")' lacks input #\(i)")
        }
        return inputs[i]
    }
}

/// TFLite `TensorType` codes.
enum TFLiteTensorType {
    static func code(_ dtype: DType) -> Int8 {
        switch dtype {
        case .float32: 0
        case .float16: 1
        case .int32: 2
        case .uint8: 3
        case .int64: 4
        case .bool: 6
        case .int16: 7
        case .int8: 9
        case .float64: 10
        case .uint64: 12
        case .uint32: 15
        case .uint16: 16
        }
    }

    static func dtype(_ code: Int8) -> DType? {
        DType.allCases.first { Self.code($0) == code }
    }
}

/// TFLite `ActivationFunctionType` codes and their IR names.
enum TFLiteActivation {
    static func code(_ node: Node) throws -> Double {
        switch try fusedActivationName(node) {
        case nil: 0
        case "RELU": 1
        case "RELU_N1_TO_1": 2
        case "RELU6": 3
        case let other?: throw node.error("fused activation \(other) has no TFLite code")
        }
    }

    /// The IR attribute for a TFLite activation code; throws for codes the IR lacks (TANH, SIGN_BIT).
    static func attribute(_ code: Int) throws -> [String: Attribute] {
        switch code {
        case 0: return [:]
        case 1: return ["activation": .string("RELU")]
        case 2: return ["activation": .string("RELU_N1_TO_1")]
        case 3: return ["activation": .string("RELU6")]
        case 4: throw TFLiteFormatError("fused activation TANH is not supported: TFLite's float kernels ignore it, so its meaning is unclear")
        default: throw TFLiteFormatError("fused activation code \(code) is not supported")
        }
    }

    private static func fusedActivationName(_ node: Node) throws -> String? {
        let name = try node.string("activation", "NONE")
        return name == "NONE" ? nil : name
    }
}

/// A malformed or unsupported .tflite file, or a graph the writer cannot serialize.
public struct TFLiteFormatError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
