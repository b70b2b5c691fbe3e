import LiteIR

/// Ops that move, select or pad quantized values without arithmetic: the float op's own kernel
/// runs on the integers (every such kernel keeps integer elements exact). As TFLite's kernels
/// (concatenation.cc, pad.cc, …) the output keeps the input's parameters: a node naming other
/// parameters would reinterpret the same integers, so it is refused, except for Reshape-like
/// ops whose TFLite kernels copy bytes regardless. Pad fills with the quantized pad value
/// (the output zero point for 0).
enum QuantizedMoves {
    /// Ops whose TFLite kernels copy the integers whatever the output's parameters.
    private static let reinterpreting: Set<String> = ["Reshape", "Squeeze", "Unsqueeze", "Flatten"]
    /// Ops that read only their input's shape.
    private static let shapeReaders: Set<String> = ["Shape", "Size"]
    /// Ops whose kernels require every quantized operand to share the output's parameters.
    private static let sameScale: Set<String> = ["Transpose", "Concat", "Slice", "Gather", "Split", "Stack", "Unstack",
                                                 "Pad", "Tile", "Expand", "DepthToSpace", "SpaceToDepth"]

    static let kernels: [String: QuantizedKernel] = {
        var table: [String: QuantizedKernel] = [:]
        for op in reinterpreting.union(sameScale) {
            table[op] = QuantizedKernel(.sameAsInput, check: { q in try check(q, reinterprets: reinterpreting.contains(op)) }, prepare: prepare)
        }
        for op in shapeReaders { table[op] = QuantizedKernel(.sameAsInput, prepare: { try OpRegistry.kernel(for: $0.node) }) }
        return table
    }()

    private static func check(_ q: QuantizedOperands, reinterprets: Bool) throws {
        let x = try q.input(0)
        guard [.int8, .uint8, .int16, .int32].contains(x.dtype), x.quantization?.axis == nil || reinterprets || q.node.op == "Transpose" else {
            throw q.node.error("moves int8, uint8, int16 or int32 values quantized per tensor (or reshapes or transposes them), got \(x)")
        }
        guard !reinterprets, x.quantization?.axis == nil else { return }
        for (i, type) in q.inputs.enumerated() where type?.quantization != nil && type?.quantization != q.output.quantization {
            throw q.node.error("input #\(i) is quantized as \(type!.quantization!), the output as \(q.output.quantization!): TFLite's kernel needs them equal")
        }
    }

    private static func prepare(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        var node = q.node
        if node.op == "Pad", node.inputs.count < 3 {
            let (scale, zeroPoint) = q.outputScalar
            let value = try node.float("value", 0)
            node.attributes["value"] = .float(Float(zeroPoint) + (value / scale).rounded(.toNearestOrAwayFromZero))
        }
        let evaluate = try OpRegistry.kernel(for: node)
        let dtype = q.output.dtype
        return { inputs in try evaluate(inputs).map { $0.dtype == dtype ? $0 : $0.converted(to: dtype) } }
    }
}
