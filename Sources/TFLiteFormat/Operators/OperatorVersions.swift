import LiteIR

/// Operator versions as TFLite's own converter assigns them (tools/versioning/op_version.cc)
/// for the cases this writer emits: the version an op code needs is the highest any of its
/// operators needs.
enum OperatorVersions {
    static func version(of op: TFLiteOperator, in graph: Graph) -> Int32 {
        func type(_ i: Int) -> TensorType? { i < op.inputs.count ? graph.types[op.inputs[i]] : nil }
        let first = type(0)
        let outputType = op.outputs.first.flatMap { graph.types[$0] }
        let maxRank = op.inputs.compactMap { graph.types[$0]?.rank }.max() ?? 0
        let broadcastBeyond4D = maxRank > 4 && Set(op.inputs.compactMap { graph.types[$0]?.shape }).count > 1
        switch op.op {
        case .add: return first?.dtype == .int64 ? 4 : 1
        case .sub: return first?.dtype == .int64 ? 4 : (broadcastBeyond4D ? 3 : 1)
        case .mul: return first?.dtype == .int64 ? 5 : 1
        case .div: return broadcastBeyond4D ? 2 : 1
        case .maximum, .minimum: return broadcastBeyond4D ? 3 : 1
        case .pad, .padV2: return (first?.rank ?? 0) > 4 ? 4 : 1
        case .transpose: return (first?.rank ?? 0) > 5 ? 6 : ((first?.rank ?? 0) > 4 ? 4 : 1)
        case .stridedSlice: return (first?.rank ?? 0) > 4 ? 4 : 1
        case .abs: return first?.dtype == .int32 ? 5 : 1
        case .fill: return type(1)?.dtype == .bool ? 2 : 1
        case .cast:
            let types = [first?.dtype, outputType?.dtype]
            if types.contains(.float16) || types.contains(.float64) { return 5 }
            if types.contains(.uint16) { return 4 }
            if types.contains(.int8) { return 3 }
            if types.contains(.uint32) { return 2 }
            return 1
        case .transposeConv:
            if op.options?.int(Fields.transposeConv.activation) ?? 0 != 0 { return 4 }
            return op.inputs.count > 3 && !op.inputs[3].isEmpty ? 3 : 1
        default: return op.version
        }
    }
}
