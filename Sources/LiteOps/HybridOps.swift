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
    /// zeros with scale 1. Asymmetric: over [min(0, min), max(0, max)] in double, scale = span
    /// / 255, the zero point from whichever end has less error, q = clamp(round(zp + x · (1 /
    /// scale)), −128, 127) in float. Rounding halves away from zero.
    static func quantizeRow(_ row: [Float], asymmetric: Bool) -> ([Int32], Float, Int32) {
        let low = row.min() ?? 0, high = row.max() ?? 0
        func round(_ v: Float) -> Int32 {
            let r = v.rounded(.toNearestOrAwayFromZero)
            return r.isNaN ? 0 : Int32(max(min(r, Float(Int32.max)), Float(Int32.min)))
        }
        guard asymmetric else {
            let range = max(abs(low), abs(high))
            guard range != 0 else { return (Array(repeating: 0, count: row.count), 1, 0) }
            let scale = range / 127, inverse = 127 / range
            return (row.map { min(127, max(-127, round($0 * inverse))) }, scale, 0)
        }
        let rmin = Double(min(0, low)), rmax = Double(max(0, high))
        guard rmin != rmax else { return (Array(repeating: 0, count: row.count), 1, 0) }
        let scale = (rmax - rmin) / 255
        let fromMin = -128 - rmin / scale, fromMax = 127 - rmax / scale
        let zeroPointDouble = 128 + abs(rmin / scale) < 127 + abs(rmax / scale) ? fromMin : fromMax
        let zeroPoint: Int32 = zeroPointDouble <= -128 ? -128 : zeroPointDouble >= 127 ? 127 : Int32(zeroPointDouble.rounded(.toNearestOrAwayFromZero))
        let floatScale = Float(scale), inverse = 1 / floatScale
        return (row.map { min(127, max(-128, round(Float(zeroPoint) + $0 * inverse))) }, floatScale, zeroPoint)
    }
}

let hybridOps: [OpSpec] = [hybridFullyConnected]
