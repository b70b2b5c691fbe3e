import LiteIR
import LiteOps

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
    /// Inputs the operator keeps state in (`is_variable` tensors, which it overwrites).
    var variableInputs: Set<Int> = []

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
    static let names = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"]

    static func name(_ code: Int) -> String { names.indices.contains(code) ? names[code] : "code \(code)" }

    /// The code of a node's fused activation (FINITE_RANGE is what NONE computes).
    static func code(_ node: Node) throws -> Double {
        switch try FusedActivation(node) {
        case nil, .finiteRange?: 0
        case .relu?: 1
        case .reluN1To1?: 2
        case .relu6?: 3
        }
    }

    /// The IR activation of an operator read from a file, as its kernel computes it: for kernels
    /// that clamp to their activation range, NONE (and the TANH and SIGN_BIT they ignore) clamps
    /// to the finite range. The kernel table has refused codes the kernel refuses.
    static func attribute(for op: TFLiteOperator) -> [String: Attribute] {
        guard let rule = KernelTable.rules[op.op.code], let field = rule.activation.field else { return [:] }
        switch (rule.activation, op.options?.int(field) ?? 0) {
        case (.mustBeNone, _): return [:]
        case (_, 1): return ["activation": .string(FusedActivation.relu.rawValue)]
        case (_, 2): return ["activation": .string(FusedActivation.reluN1To1.rawValue)]
        case (_, 3): return ["activation": .string(FusedActivation.relu6.rawValue)]
        default: return ["activation": .string(FusedActivation.finiteRange.rawValue)]
        }
    }
}

/// A malformed or unsupported .tflite file, or a graph the writer cannot serialize.
public struct TFLiteFormatError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
