import LiteIR
import LiteOps

/// TFLite kernels compute plain (unquantized) values only for some element types: int8, uint8
/// and int16 tensors are taken as quantized, float16 is a storage type. Elementwise ops on
/// other types are computed on widened copies (int32/int64, float32) and cast back, so the file
/// never asks a kernel for a type it would misread or refuse.
enum TypeWidening {
    /// Element types each IR op's TFLite kernel computes directly.
    static let kernelTypes: [String: Set<DType>] = {
        let arithmetic: Set<DType> = [.float32, .int32, .int64]
        var table: [String: Set<DType>] = [
            "Add": arithmetic, "Sub": arithmetic, "Mul": arithmetic, "Div": [.float32, .int32],
            "Max": arithmetic, "Min": arithmetic, "Pow": [.float32, .int32], "Mod": arithmetic,
            "Neg": arithmetic, "Abs": [.float32, .int32], "Sign": [.float32, .int32],
            "Equal": arithmetic.union([.bool]), "Less": arithmetic, "LessOrEqual": arithmetic,
            "Greater": arithmetic, "GreaterOrEqual": arithmetic, "ReduceMax": arithmetic, "ReduceMin": arithmetic,
        ]
        for op in ["MaxPool2D", "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Rsqrt", "Sin", "Cos", "Floor", "Ceil", "Round",
                   "Softmax", "LogSoftmax", "LeakyRelu", "HardSwish", "Elu", "Gelu", "Clip", "Atan2"] {
            table[op] = [.float32]
        }
        return table
    }()

    /// The type to compute in when `dtype` is not one the kernel takes, if there is a lossless one.
    static func widened(_ dtype: DType, for op: String) -> DType? {
        guard let supported = kernelTypes[op], !supported.contains(dtype) else { return nil }
        let candidates: [DType] = switch dtype {
        case .float16: [.float32]
        // float32 holds every int8/uint8/int16/uint16 value exactly.
        case .int8, .uint8, .int16, .uint16: [.int32, .int64, .float32]
        case .uint32: [.int64]
        // A maximum or minimum of bools is one of 0/1 values.
        case .bool: [.int32]
        default: []
        }
        return candidates.first { supported.contains($0) }
    }

    /// Rewrites `node` on widened inputs when needed; returns false when it is fine as it is.
    /// Throws when the kernel takes neither the type nor a lossless widening of it (int64 shape
    /// arithmetic computes in int32, see ``ShapeArithmetic``).
    static func widen(_ c: inout LoweringContext, _ node: Node, lower: (inout LoweringContext, Node) throws -> Void) throws -> Bool {
        guard let first = node.inputs.first(where: { !$0.isEmpty }), let dtype = try? c.type(first).dtype,
              let supported = kernelTypes[node.op], !supported.contains(dtype) else { return false }
        let shapeArithmetic = dtype == .int64 && supported.contains(.int32)
            && node.inputs.filter { !$0.isEmpty }.allSatisfy { ShapeArithmetic.isShapeDerived($0, in: c.builder.graph) }
        guard let wide = shapeArithmetic ? .int32 : widened(dtype, for: node.op) else {
            throw LoweringRefusal("TFLite's kernel computes \(supported.map(\.rawValue).sorted().joined(separator: ", ")), not \(dtype)")
        }
        var rewritten = node
        rewritten.inputs = try node.inputs.map { input in
            guard !input.isEmpty, try c.type(input).dtype == dtype else { return input }
            return try c.emit("Cast", [input], ["to": .string(wide.rawValue)], from: node)
        }
        let outputType = try c.builder.inferTypes(node)[0].dtype
        guard outputType == dtype else {
            // Comparisons: the bool result needs no cast back.
            try lower(&c, rewritten)
            return true
        }
        let wideOutput = c.builder.graph.freshName(node.outputs[0] + "_wide")
        rewritten.outputs = [wideOutput]
        try lower(&c, rewritten)
        try c.emitFinal("Cast", [wideOutput], ["to": .string(dtype.rawValue)], from: node)
        return true
    }
}
