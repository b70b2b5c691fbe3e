import LiteIR

/// Operator versions as TFLite's own converter assigns them (tflite/converter/tools/versioning/
/// op_version.cc): the highest of what the element type needs (the kernel table) and what the
/// operator's features need (ranks, groups, options). The version an op code needs is the
/// highest any of its operators needs.
enum OperatorVersions {
    static func version(of op: TFLiteOperator, in graph: Graph) -> Int32 {
        let view = OperatorView(op: op, types: graph.types, constants: graph.constants)
        return max(op.version, KernelTable.typeVersion(of: op, in: view), featureVersion(of: op, view))
    }

    /// Float input and int8 weights with their scales (the dynamic-range kernels), per channel
    /// when the weights have more than one scale.
    private static func hybridWeights(_ view: OperatorView) -> (perChannel: Bool, Void)? {
        guard view.input(0)?.dtype == .float32, let w = view.input(1), w.dtype == .int8, let q = w.quantization else { return nil }
        return (q.scales.count > 1, ())
    }

    private static func featureVersion(of op: TFLiteOperator, _ view: OperatorView) -> Int32 {
        let first = view.input(0)
        let maxRank = op.inputs.indices.compactMap { view.input($0)?.rank }.max() ?? 0
        let broadcastBeyond4D = maxRank > 4 && Set(op.inputs.indices.compactMap { view.input($0)?.shape }).count > 1
        switch op.op {
        case .sub: return broadcastBeyond4D ? 3 : 1
        case .div: return broadcastBeyond4D ? 2 : 1
        case .maximum, .minimum: return broadcastBeyond4D ? 3 : 1
        case .pad, .padv2: return (first?.rank ?? 0) > 4 ? 4 : 1
        case .transpose: return (first?.rank ?? 0) > 6 ? 8 : (first?.rank ?? 0) > 5 ? 6 : ((first?.rank ?? 0) > 4 ? 4 : 1)
        case .stridedSlice: return (first?.rank ?? 0) > 4 ? 4 : 1
        case .gather: return view.option(Fields.gather.batchDims) != 0 ? 5 : 1
        case .conv2D:
            // Dynamic range: per channel 5, else 2. Grouped: the input has more channels than a filter reads.
            if let hybrid = hybridWeights(view) { return hybrid.perChannel ? 5 : 2 }
            guard let c = first?.shape.last?.value, let cg = view.input(1)?.shape.last?.value else { return 1 }
            return c != cg ? 6 : 1
        case .depthwiseConv2D:
            if let hybrid = hybridWeights(view) { return hybrid.perChannel ? 6 : 4 }
            return 1
        case .fullyConnected:
            // Dynamic range: per channel 12, asymmetric input quantization 9, else 3.
            guard let hybrid = hybridWeights(view) else { return 1 }
            return hybrid.perChannel ? 12 : view.option(TFLiteSchema.FullyConnectedOptions.asymmetricQuantizeInputs) != 0 ? 9 : 3
        case .batchMatmul:
            return hybridWeights(view) != nil && view.option(TFLiteSchema.BatchMatMulOptions.asymmetricQuantizeInputs) != 0 ? 4 : 1
        case .cast:
            let types = [first?.dtype, view.output()?.dtype]
            if types.contains(.float16) || types.contains(.float64) { return 5 }
            if types.contains(.uint16) { return 4 }
            if types.contains(.int8) { return 3 }
            if types.contains(.uint32) { return 2 }
            return 1
        case .dequantize:
            return first?.dtype == .int8 && first?.quantization?.axis != nil ? 5 : 1
        case .quantize:
            let output = view.output()
            if output?.quantization?.axis != nil { return 3 }
            return output?.dtype == .int16 ? 2 : 1
        case .transposeConv:
            if view.option(Fields.transposeConv.activation) != 0 { return 4 }
            return view.has(3) ? 3 : 1
        default: return 1
        }
    }
}
