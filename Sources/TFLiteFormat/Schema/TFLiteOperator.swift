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

/// The TFLite `TensorType` of each IR element type.
enum TFLiteTensorType {
    static func code(_ dtype: DType) -> Int8 { schemaType(dtype).rawValue }

    static func dtype(_ code: Int8) -> DType? {
        DType.allCases.first { Self.code($0) == code }
    }

    private static func schemaType(_ dtype: DType) -> TFLiteSchema.TensorType {
        switch dtype {
        case .float32: .float32
        case .float16: .float16
        case .int32: .int32
        case .uint8: .uint8
        case .int64: .int64
        case .bool: .bool
        case .int16: .int16
        case .int8: .int8
        case .float64: .float64
        case .uint64: .uint64
        case .uint32: .uint32
        case .uint16: .uint16
        }
    }
}

/// TFLite `ActivationFunctionType` codes and their IR names.
enum TFLiteActivation {
    private typealias Code = TFLiteSchema.ActivationFunctionType

    /// The schema's names, indexed by code.
    static let names = Code.allCases.sorted { $0.rawValue < $1.rawValue }.map(\.name)

    static func name(_ code: Int) -> String { names.indices.contains(code) ? names[code] : "code \(code)" }

    /// The code of a node's fused activation (FINITE_RANGE is what NONE computes).
    static func code(_ node: Node) throws -> Double {
        let code: Code = switch try FusedActivation(node) {
        case nil, .finiteRange?: .none
        case .relu?: .relu
        case .reluN1To1?: .reluN1To1
        case .relu6?: .relu6
        }
        return Double(code.rawValue)
    }

    /// The IR activation of an operator read from a file, as its kernel computes it: for kernels
    /// that clamp to their activation range, NONE (and the TANH and SIGN_BIT they ignore) clamps
    /// to the finite range. The kernel table has refused codes the kernel refuses.
    static func attribute(for op: TFLiteOperator) -> [String: Attribute] {
        guard let rule = KernelTable.rules[op.op.code], let field = rule.activation.field else { return [:] }
        let code = Int8(exactly: op.options?.int(field) ?? 0).flatMap(Code.init)
        switch (rule.activation, code) {
        case (.mustBeNone, _): return [:]
        case (_, .relu?): return ["activation": .string(FusedActivation.relu.rawValue)]
        case (_, .reluN1To1?): return ["activation": .string(FusedActivation.reluN1To1.rawValue)]
        case (_, .relu6?): return ["activation": .string(FusedActivation.relu6.rawValue)]
        default: return ["activation": .string(FusedActivation.finiteRange.rawValue)]
        }
    }
}

/// A malformed or unsupported .tflite file, or a graph the writer cannot serialize.
public struct TFLiteFormatError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
