import Foundation
import LiteIR

/// HybridFullyConnected: TFLite's dynamic-range FULLY_CONNECTED (kernels/fully_connected.cc,
/// EvalHybridDense; portable_tensor_utils.cc) — float input, int8 weights [N, K] with
/// `weight_scales` (one, or one per unit), optional float bias, float output. Each input row is
/// quantized on the fly: symmetric (±127, scale = max|x| / 127) or, with
/// `asymmetric_quantize_inputs`, to [−128, 127] with its own zero point; then
/// out = bias + Float(Σ q·w − zero point · Σ w) · (row scale · weight scale), and the fused
/// activation. `keep_num_dims` as FullyConnected.
private let hybridFullyConnected = OpSpec("HybridFullyConnected", infer: { ctx in
    let x = try ctx.input(0), w = try ctx.input(1)
    guard x.dtype == .float32, w.dtype == .int8, w.rank == 2, let n = w.shape[0].value, let k = w.shape[1].value, x.rank >= 1 else {
        throw ctx.node.error("expects a float32 input and int8 [N, K] weights, got \(x) and \(w)")
    }
    let scales = try ctx.node.floatsIfPresent("weight_scales") ?? []
    guard scales.count == 1 || scales.count == n, scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw ctx.node.error("needs one positive weight scale, or one per unit (\(n)), got \(scales.count)")
    }
    if ctx.hasInput(2) {
        let bias = try ctx.input(2)
        guard bias.dtype == .float32, bias.rank == 1, bias.shape[0].value == n else { throw ctx.node.error("bias must be float32 [\(n)]") }
    }
    if try ctx.node.int("keep_num_dims", 0) != 0 {
        guard x.shape.last?.value == k else { throw ctx.node.error("last input dim must be K=\(k)") }
        return [TensorType(.float32, Array(x.shape.dropLast()) + [.fixed(n)])]
    }
    let total = ShapeMath.product(x.shape)
    if let total, total % max(k, 1) != 0 { throw ctx.node.error("input \(x.shape) is not a multiple of K=\(k)") }
    let rows: Dim = x.rank == 2 && x.shape[1].value == k ? x.shape[0] : total.map { .fixed($0 / max(k, 1)) } ?? .symbolic("")
    return [TensorType(.float32, [rows, .fixed(n)])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), w = try inputs.required(1, node)
    let (n, k) = (w.shape[0], w.shape[1])
    let rows = k == 0 ? 0 : x.count / k
    let scales = try node.floatsIfPresent("weight_scales") ?? []
    let asymmetric = try node.int("asymmetric_quantize_inputs", 0) != 0
    let xv = x.values(Float.self), wv = w.values(Int8.self).map(Int32.init)
    let bias = inputs.count > 2 ? inputs[2]?.values(Float.self) : nil
    let rowSums = (0..<n).map { r in (0..<k).reduce(Int32(0)) { $0 + wv[r * k + $1] } }
    var out = [Float](repeating: 0, count: rows * n)
    for b in 0..<rows {
        let (q, rowScale, zeroPoint) = HybridQuantization.quantizeRow(Array(xv[(b * k)..<((b + 1) * k)]), asymmetric: asymmetric)
        let perTensorScale = scales.count == 1 ? rowScale * scales[0] : rowScale
        for r in 0..<n {
            var dot: Int32 = 0
            for c in 0..<k { dot &+= wv[r * k + c] * q[c] }
            dot &-= rowSums[r] &* zeroPoint
            let scale = scales.count == 1 ? perTensorScale : rowScale * scales[r]
            out[b * n + r] = (bias?[r] ?? 0) + Float(dot) * scale
        }
    }
    let shape = try node.int("keep_num_dims", 0) != 0 ? Array(x.shape.dropLast()) + [n] : [rows, n]
    return [Tensor(shape: shape, values: out)]
})

/// How TFLite's hybrid kernels quantize one row of float inputs (portable_tensor_utils.cc).
enum HybridQuantization {
    /// (int8 values as Int32, scale, zero point). Symmetric: range = max(|min|, |max|), scale =
    /// range / 127, q = clamp(round(x · (127 / range)), ±127), zero point 0; an all-zero row is
    /// zeros with scale 1. Asymmetric: over [min(0, min), max(0, max)], scale = the span (a
    /// float difference) / 255 in double, the zero point from whichever end has less error, q = clamp(round(x · (1 / scale))
    /// + zp, −128, 127). Both as the NEON code TFLite's x86 and Arm builds run
    /// (neon_tensor_utils.cc, through NEON_2_SSE on x86): blocks of 8 round x · inverse by
    /// adding ±½ in float and truncating, the last size mod 8 values by rounding (halves away
    /// from zero); the asymmetric zero point is added after rounding.
    static func quantizeRow(_ row: [Float], asymmetric: Bool) -> ([Int32], Float, Int32) {
        let low = row.min() ?? 0, high = row.max() ?? 0
        func round(_ v: Float) -> Int32 { saturatingInt32(v.rounded(.toNearestOrAwayFromZero)) }
        func blockRound(_ v: Float) -> Int32 { saturatingInt32((v + (v < 0 ? -0.5 : 0.5)).rounded(.towardZero)) }
        let blocked = row.count & ~7
        guard asymmetric else {
            let range = max(abs(low), abs(high))
            guard range != 0 else { return (Array(repeating: 0, count: row.count), 1, 0) }
            let scale = range / 127, inverse = 127 / range
            let q = row.indices.map { i in min(127, max(-127, i < blocked ? blockRound(row[i] * inverse) : round(row[i] * inverse))) }
            return (q, scale, 0)
        }
        let floatMin = min(0, low), floatMax = max(0, high)
        guard floatMin != floatMax else { return (Array(repeating: 0, count: row.count), 1, 0) }
        let rmin = Double(floatMin), rmax = Double(floatMax), scale = Double(floatMax - floatMin) / 255
        let fromMin = -128 - rmin / scale, fromMax = 127 - rmax / scale
        let zeroPointDouble = 128 + abs(rmin / scale) < 127 + abs(rmax / scale) ? fromMin : fromMax
        let zeroPoint: Int32 = zeroPointDouble <= -128 ? -128 : zeroPointDouble >= 127 ? 127 : Int32(zeroPointDouble.rounded(.toNearestOrAwayFromZero))
        let floatScale = Float(scale), inverse = 1 / floatScale
        let q = row.indices.map { i in
            min(127, max(-128, (i < blocked ? blockRound(row[i] * inverse) : round(inverse * row[i])) &+ zeroPoint))
        }
        return (q, floatScale, zeroPoint)
    }

    private static func saturatingInt32(_ v: Float) -> Int32 {
        v.isNaN ? 0 : Int32(max(min(v, Float(Int32.max)), Float(Int32.min)))
    }
}

/// HybridConv2D and HybridDepthwiseConv2D: TFLite's dynamic-range CONV_2D and
/// DEPTHWISE_CONV_2D (kernels/conv.cc, depthwise_conv.cc; reference conv.h and
/// depthwise_conv.h) — the float NHWC input quantized per batch over the whole image, int8
/// weights in Conv2D's [O, KH, KW, C/group] or DepthwiseConv2D's [1, KH, KW, C·M] layout with
/// `weight_scales`, float bias and output, the window attributes of Conv2D. Per-channel scales
/// (or groups) take TFLite's per-channel path: asymmetric input quantization, taps outside the
/// image skipped, out = Float(Σ w·(q − zp)) · scale[o] · row scale (depthwise: · (scale[o] · row
/// scale)) + bias. One scale for every channel takes the per-tensor path: symmetric input
/// quantization, out = Float(Σ w·q) · (row scale · scale) + bias.
private func hybridConvolution(_ name: String, float: String, depthwise: Bool) -> OpSpec {
    OpSpec(name, infer: { ctx in
        let x = try ctx.input(0), w = try ctx.input(1)
        guard x.dtype == .float32, w.dtype == .int8, w.rank == 4, let o = w.shape[depthwise ? 3 : 0].value else {
            throw ctx.node.error("expects a float32 input and int8 4-D weights, got \(x) and \(w)")
        }
        let scales = try ctx.node.floatsIfPresent("weight_scales") ?? []
        guard scales.count == 1 || scales.count == o, scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ctx.node.error("needs one positive weight scale, or one per output channel (\(o)), got \(scales.count)")
        }
        // The geometry is the float convolution's.
        var floatNode = ctx.node
        floatNode.op = float
        return try OpRegistry.infer(InferenceContext(node: floatNode, inputTypes: [x, TensorType(.float32, w.shape)] + ctx.inputTypes.dropFirst(2),
                                                     constantInputs: ctx.constantInputs))
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node), w = try inputs.required(1, node)
        let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw) = (w.shape[1], w.shape[2])
        let outChannels = depthwise ? w.shape[3] : w.shape[0], perGroup = depthwise ? 1 : w.shape[3]
        let group = depthwise ? channels : try node.int("group", 1)
        let window = try SpatialWindow(node: node, kernel: [kh, kw])
        let (oh, ow) = (window.outputSize(height, axis: 0), window.outputSize(width, axis: 1))
        let scales = try node.floatsIfPresent("weight_scales") ?? []
        let perChannel = depthwise || group != 1 || Set(scales).count > 1
        let xv = x.values(Float.self), wv = w.values(Int8.self).map(Int32.init)
        let bias = inputs.count > 2 ? inputs[2]?.values(Float.self) : nil
        let image = height * width * channels
        var out = [Float](repeating: 0, count: batch * oh * ow * outChannels)
        let outPerGroup = outChannels / max(group, 1)
        for b in 0..<batch {
            let (q, rowScale, zeroPoint) = HybridQuantization.quantizeRow(Array(xv[(b * image)..<((b + 1) * image)]), asymmetric: perChannel)
            for y in 0..<oh {
                for xo in 0..<ow {
                    for oc in 0..<outChannels {
                        let firstChannel = depthwise ? oc / (outChannels / max(channels, 1)) : oc / max(outPerGroup, 1) * perGroup
                        var acc: Int32 = 0
                        window.forEachTap(y: y, x: xo, height: height, width: width) { tap, iy, ix in
                            let input = ((iy * width) + ix) * channels + firstChannel
                            if depthwise {
                                acc &+= wv[tap * outChannels + oc] * (q[input] - zeroPoint)
                            } else {
                                for ic in 0..<perGroup { acc &+= wv[(oc * kh * kw + tap) * perGroup + ic] * (q[input + ic] - zeroPoint) }
                            }
                        }
                        let scale = scales.count == 1 ? scales[0] : scales[oc]
                        let value: Float = !perChannel ? Float(acc) * (rowScale * scale)
                            : depthwise ? Float(acc) * (scale * rowScale) : Float(acc) * scale * rowScale
                        out[((b * oh + y) * ow + xo) * outChannels + oc] = value + (bias?[oc] ?? 0)
                    }
                }
            }
        }
        return [Tensor(shape: [batch, oh, ow, outChannels], values: out)]
    })
}

/// HybridBatchMatMul: TFLite's dynamic-range BATCH_MATMUL (kernels/batch_matmul.cc EvalHybrid,
/// reference/batch_matmul.h) — float input [..., M, K] by constant int8 weights [K, N] with
/// `weight_scales` (one, or one per column), float output [..., M, N]. Each input row of K values
/// is quantized on the fly (`asymmetric_quantize_inputs` as FullyConnected's); then per column
/// out = (row scale · weight scale) · Float(Int32(Float(Σ q·w) − Float(Σ w) · Float(zero point))),
/// the correction in float as the kernel has it. Inputs with more than one batch dim are refused:
/// TFLite's kernel indexes their row scales wrongly.
private let hybridBatchMatMul = OpSpec("HybridBatchMatMul", infer: { ctx in
    let x = try ctx.input(0), w = try ctx.input(1)
    guard x.dtype == .float32, (2...3).contains(x.rank), w.dtype == .int8, w.rank == 2, let k = w.shape[0].value, let n = w.shape[1].value else {
        throw ctx.node.error("expects a float32 input of rank 2 or 3 and int8 [K, N] weights, got \(x) and \(w)")
    }
    guard x.shape.last?.value.map({ $0 == k }) ?? true else { throw ctx.node.error("input \(x) does not end in K=\(k)") }
    let scales = try ctx.node.floatsIfPresent("weight_scales") ?? []
    guard scales.count == 1 || scales.count == n, scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw ctx.node.error("needs one positive weight scale, or one per column (\(n)), got \(scales.count)")
    }
    return [TensorType(.float32, Array(x.shape.dropLast()) + [.fixed(n)])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), w = try inputs.required(1, node)
    let (k, n) = (w.shape[0], w.shape[1])
    let rows = k == 0 ? 0 : x.count / k
    let scales = try node.floatsIfPresent("weight_scales") ?? []
    let asymmetric = try node.int("asymmetric_quantize_inputs", 0) != 0
    let xv = x.values(Float.self), wv = w.values(Int8.self).map(Int32.init)
    let columnSums = (0..<n).map { c in (0..<k).reduce(Int32(0)) { $0 &+ wv[$1 * n + c] } }
    var out = [Float](repeating: 0, count: rows * n)
    for r in 0..<rows {
        let (q, rowScale, zeroPoint) = HybridQuantization.quantizeRow(Array(xv[(r * k)..<((r + 1) * k)]), asymmetric: asymmetric)
        let perTensorScale = rowScale * (scales.first ?? 1)
        for c in 0..<n {
            var dot: Int32 = 0
            for p in 0..<k { dot &+= wv[p * n + c] &* q[p] }
            let corrected = Float(dot) - Float(columnSums[c]) * Float(zeroPoint)
            let total = Int32(max(min(corrected, Float(Int32.max - 127)), Float(Int32.min)))
            out[r * n + c] = (scales.count == 1 ? perTensorScale : rowScale * scales[c]) * Float(total)
        }
    }
    return [Tensor(shape: Array(x.shape.dropLast()) + [n], values: out)]
})

let hybridOps: [OpSpec] = [hybridBatchMatMul, 
    hybridFullyConnected, hybridConvolution("HybridConv2D", float: "Conv2D", depthwise: false),
    hybridConvolution("HybridDepthwiseConv2D", float: "DepthwiseConv2D", depthwise: true),
]
