import LiteIR

/// Conv2D and DepthwiseConv2D on quantized values, as TFLite's reference per-channel kernels
/// (kernels/internal/reference/integer_ops/conv.h, depthwise_conv.h; multipliers from
/// kernel_util.cc PopulateConvolutionQuantizationParams):
///
/// - int8: acc = Σ w · (x − input zero point) + bias in int32, then each output channel's
///   multiplier (input scale · filter scale[c] / output scale, in double), the output zero point,
///   the activation's clamp. Taps in the padding are skipped (they would read the zero point).
/// - int16 activations, int8 weights (zero points 0): acc = Σ w · x + bias; an int64 bias takes
///   the int64 multiplier form, an int32 bias the int32 one (depthwise always int64).
///
/// Filters are int8 with zero points 0, one scale or one per output channel.
enum QuantizedConvolution {
    static let kernels: [String: QuantizedKernel] = [
        "Conv2D": QuantizedKernel(.fromAttributes, check: { try Geometry($0, depthwise: false).validate($0) },
                                  prepare: { try prepare($0, depthwise: false) }),
        "DepthwiseConv2D": QuantizedKernel(.fromAttributes, check: { try Geometry($0, depthwise: true).validate($0) },
                                           prepare: { try prepare($0, depthwise: true) }),
    ]

    /// The filter layout: [O, KH, KW, C/group], or depthwise [1, KH, KW, C·M].
    struct Geometry {
        let depthwise: Bool
        let outputs: Int, kh: Int, kw: Int

        init(_ q: QuantizedOperands, depthwise: Bool) throws {
            let w = try q.input(1)
            guard w.rank == 4, let o = w.shape[depthwise ? 3 : 0].value, let kh = w.shape[1].value, let kw = w.shape[2].value else {
                throw q.node.error("needs static 4-D weights, got \(w)")
            }
            self.depthwise = depthwise
            (outputs, self.kh, self.kw) = (o, kh, kw)
        }

        func validate(_ q: QuantizedOperands) throws {
            let x = try q.input(0), w = try q.input(1)
            guard [.int8, .int16].contains(x.dtype) else {
                throw q.node.error("computes int8 or int16 activations, not \(x.dtype) (uint8 models are re-expressed as int8)")
            }
            guard w.dtype == .int8, let wq = w.quantization, wq.zeroPoints.allSatisfy({ $0 == 0 }),
                  wq.scales.count == 1 || (wq.scales.count == outputs && wq.axis == (depthwise ? 3 : 0)) else {
                throw q.node.error("needs int8 weights with zero points 0 and one scale or one per output channel, got \(w)")
            }
            _ = try q.scalar(0)
            if x.dtype == .int16, try q.scalar(0).zeroPoint != 0 || q.outputScalar.zeroPoint != 0 {
                throw q.node.error("int16 activations must have zero point 0")
            }
            if q.has(2) {
                let bias = try q.input(2)
                let allowed: [DType] = x.dtype == .int8 ? [.int32] : depthwise ? [.int64] : [.int32, .int64]
                guard allowed.contains(bias.dtype) else {
                    throw q.node.error("a bias for \(x.dtype) activations must be \(allowed.map(\.rawValue).joined(separator: " or ")), got \(bias.dtype)")
                }
            }
        }
    }

    private static func prepare(_ q: QuantizedOperands, depthwise: Bool) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node
        let p = try ConvolutionRequantization(q, depthwise: depthwise)
        let (geometry, window, multipliers, wide) = (p.geometry, p.window, p.multipliers, p.wide)
        let (inZero, outZero, range, group, dtype) = (p.inputZeroPoint, p.outputZeroPoint, p.range, p.group, q.output.dtype)
        return { inputs in
            let x = try inputs.required(0, node), w = try inputs.required(1, node)
            let (batch, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            let o = geometry.outputs, taps = geometry.kh * geometry.kw
            // Output channel oc reads input channels (oc / og)·cg ..< +cg, filter oc·fo + tap·ft + ci.
            let (og, cg, fo, ft) = depthwise ? (o / c, 1, 1, o) : (o / group, c / group, taps * (c / group), c / group)
            let oh = window.outputSize(h, axis: 0), ow = window.outputSize(wd, axis: 1)
            let xv = x.int32s(), wv = w.int32s()
            let bias = inputs.count > 2 ? inputs[2]?.int64s() : nil
            var out = [Int32](repeating: 0, count: batch * oh * ow * o)
            for n in 0..<batch {
                for y in 0..<oh {
                    for xo in 0..<ow {
                        let outBase = ((n * oh + y) * ow + xo) * o
                        for oc in 0..<o {
                            let cBase = (oc / og) * cg
                            var acc: Int64 = 0
                            window.forEachTap(y: y, x: xo, height: h, width: wd) { tap, iy, ix in
                                let inBase = ((n * h + iy) * wd + ix) * c + cBase, wBase = oc * fo + tap * ft
                                for ci in 0..<cg { acc += Int64(wv[wBase + ci]) * Int64(xv[inBase + ci] - inZero) }
                            }
                            acc += bias?[oc] ?? 0
                            let scaled = wide ? multipliers[oc].apply(acc) : multipliers[oc].apply(Int32(truncatingIfNeeded: acc))
                            out[outBase + oc] = min(max(scaled &+ outZero, range.lowerBound), range.upperBound)
                        }
                    }
                }
            }
            return [Tensor.fromInt32s(out, shape: [batch, oh, ow, o], dtype: dtype)]
        }
    }
}

/// What an integer convolution computes besides its products, prepared once from its operands
/// as TFLite's Prepare does: each output channel's multiplier (input scale · filter scale[c] /
/// output scale, in double), the zero points, the activation's range and the window.
public struct ConvolutionRequantization: Sendable {
    public let inputZeroPoint: Int32
    public let outputZeroPoint: Int32
    public let multipliers: [QuantizedMultiplier]
    /// The fused activation's clamp in output integers.
    public let range: ClosedRange<Int32>
    public let window: SpatialWindow
    /// 1 for DepthwiseConv2D (its channels are its groups).
    public let group: Int
    /// int16 activations with an int64 bias (or depthwise): the int64 multiplier form.
    public let wide: Bool
    let geometry: QuantizedConvolution.Geometry

    init(_ q: QuantizedOperands, depthwise: Bool) throws {
        geometry = try QuantizedConvolution.Geometry(q, depthwise: depthwise)
        let (inScale, inZero) = try q.scalar(0)
        let (outScale, outZero) = q.outputScalar
        let filterScales = try q.input(1).quantization?.scales ?? []
        multipliers = (0..<geometry.outputs).map { c in
            QuantizedMultiplier(Double(inScale) * Double(filterScales[filterScales.count == 1 ? 0 : c]) / Double(outScale))
        }
        wide = try q.input(0).dtype == .int16 && (depthwise || q.input(2).dtype == .int64)
        range = try q.activationRange()
        window = try SpatialWindow(node: q.node, kernel: [geometry.kh, geometry.kw])
        group = depthwise ? 1 : try q.node.int("group", 1)
        (inputZeroPoint, outputZeroPoint) = (inZero, outZero)
    }

    /// The parameters of a Conv2D or DepthwiseConv2D node on quantized values in its graph
    /// (`context`), checked as its integer kernel checks them; nil for other nodes.
    public init?(_ context: InferenceContext) throws {
        guard QuantizedOps.applies(context), ["Conv2D", "DepthwiseConv2D"].contains(context.node.op),
              let output = try OpRegistry.infer(context).first else { return nil }
        let q = QuantizedOperands(node: context.node, inputs: context.inputTypes, constants: context.constantInputs, output: output)
        try self.init(q, depthwise: context.node.op == "DepthwiseConv2D")
    }
}
