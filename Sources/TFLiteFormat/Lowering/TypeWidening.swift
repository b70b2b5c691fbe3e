import LiteIR
import LiteOps

/// TFLite kernels compute plain (unquantized) values only for some element types: int8, uint8
/// and int16 tensors are taken as quantized, float16 is a storage type, and every kernel set must
/// register the type's operator version. An op on another type is computed on widened copies
/// (int32/int64, float32) and cast back, so the file never asks a kernel for a type it would
/// misread or refuse.
enum TypeWidening {
    /// Lossless wider types to compute `dtype` in, in order of preference.
    static func candidates(for dtype: DType) -> [DType] {
        switch dtype {
        case .float16: [.float32]
        // float32 holds every int8/uint8/int16/uint16 value exactly.
        case .int8, .uint8, .int16, .uint16: [.int32, .int64, .float32]
        case .uint32: [.int64]
        // A maximum or minimum of bools is one of 0/1 values.
        case .bool: [.int32]
        default: []
        }
    }

    /// The type to compute `node` in, when its data type is not among `accepted` (types the
    /// kernel computes at a version every kernel set registers). int64 shape arithmetic
    /// computes in int32, see ``ShapeArithmetic``.
    static func wideType(for node: Node, dtype: DType, accepted: Set<DType>, in graph: Graph) -> DType? {
        if dtype == .int64, accepted.contains(.int32),
           node.inputs.filter({ !$0.isEmpty }).allSatisfy({ ShapeArithmetic.isShapeDerived($0, in: graph) }) {
            return .int32
        }
        return candidates(for: dtype).first { accepted.contains($0) }
    }

    /// Rewrites `node` on `wide` copies of its `dtype` inputs, casting results back.
    static func widen(_ c: inout LoweringContext, _ node: Node, from dtype: DType, to wide: DType) throws {
        var rewritten = node
        rewritten.inputs = try node.inputs.map { input in
            guard !input.isEmpty, try c.type(input).dtype == dtype else { return input }
            return try c.emit("Cast", [input], ["to": .string(wide.rawValue)], from: node)
        }
        var castBack: [(wide: String, output: String)] = []
        rewritten.outputs = try node.outputs.map { output in
            guard !output.isEmpty, try c.type(output).dtype == dtype else { return output }
            let wideOutput = c.builder.graph.freshName(output + "_wide")
            castBack.append((wideOutput, output))
            return wideOutput
        }
        try c.builder.add(rewritten)
        for (wideOutput, output) in castBack {
            try c.builder.add(Node(name: output, op: "Cast", inputs: [wideOutput], outputs: [output], attributes: ["to": .string(dtype.rawValue)]))
        }
    }
}
