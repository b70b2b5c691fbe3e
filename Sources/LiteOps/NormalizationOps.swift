import Foundation
import LiteIR

/// Splits a shape around `axis` into (outer, axis size, inner) element counts.
public func splitAround(_ shape: [Int], axis: Int) -> (outer: Int, size: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
}

/// Softmax (or its logarithm) over one axis (ONNX opset 13 semantics).
private func softmaxOp(_ name: String, logarithm: Bool) -> OpSpec { OpSpec(name, OpTraits(.other, axes: .axis("axis", default: -1)), infer: { ctx in
    let x = try ctx.input(0)
    guard x.dtype.isFloatingPoint else { throw ctx.node.error("expects a float input") }
    _ = try ShapeMath.axis(try ctx.node.int("axis", -1), rank: x.rank, node: ctx.node)
    return [x]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let axis = try ShapeMath.axis(try node.int("axis", -1), rank: x.rank, node: node)
    let (outer, size, inner) = splitAround(x.shape, axis: axis)
    var v = x.floats()
    for o in 0..<outer {
        for i in 0..<inner {
            let base = o * size * inner + i
            var peak = -Float.infinity
            for k in 0..<size { peak = max(peak, v[base + k * inner]) }
            var sum: Float = 0
            for k in 0..<size {
                let e = exp(v[base + k * inner] - peak)
                v[base + k * inner] = e
                sum += e
            }
            for k in 0..<size { v[base + k * inner] = logarithm ? log(v[base + k * inner] / sum) : v[base + k * inner] / sum }
        }
    }
    return [Tensor.fromFloats(v, shape: x.shape, dtype: x.dtype)]
}) }

/// Local response normalization across the last (channel) axis of an NHWC tensor, ONNX semantics:
/// y = x / (bias + alpha / size * sum of x² over the window) ^ beta, the window spanning
/// floor((size - 1) / 2) channels before and ceil((size - 1) / 2) after.
private let lrn = OpSpec("LRN", OpTraits(.layoutBound), infer: { ctx in
    let x = try ctx.input(0)
    guard x.dtype.isFloatingPoint, x.rank >= 1 else { throw ctx.node.error("expects a float input") }
    guard try ctx.node.int("size", 0) > 0 else { throw ctx.node.error("size must be positive") }
    return [x]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let size = try node.int("size", 1)
    let alpha = try node.float("alpha", 1e-4), beta = try node.float("beta", 0.75), bias = try node.float("bias", 1)
    let c = x.shape.last ?? 1
    let before = (size - 1) / 2, after = size - 1 - before
    let v = x.floats()
    var out = [Float](repeating: 0, count: v.count)
    for base in stride(from: 0, to: v.count, by: max(c, 1)) {
        for ch in 0..<c {
            var sum: Float = 0
            for k in max(0, ch - before)...min(c - 1, ch + after) { sum += v[base + k] * v[base + k] }
            out[base + ch] = v[base + ch] / pow(bias + alpha / Float(size) * sum, beta)
        }
    }
    return [Tensor.fromFloats(out, shape: x.shape, dtype: x.dtype)]
})

/// TFLite's L2_NORMALIZATION over the last axis: y = x / max(‖x‖₂, 1e-6), which is also
/// tf.nn.l2_normalize's x · rsqrt(max(Σx², 1e-12)).
private let l2Normalization = OpSpec("L2Normalization", infer: { ctx in
    let x = try ctx.input(0)
    guard x.dtype == .float32, x.rank >= 1 else { throw ctx.node.error("expects a float32 input of rank ≥ 1, got \(x)") }
    return [x]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let size = x.shape.last ?? 1
    var v = x.floats()
    var start = 0
    while start < v.count {
        let row = start..<(start + size)
        let norm = max(sqrt(v[row].reduce(0) { $0 + $1 * $1 }), 1e-6)
        for i in row { v[i] /= norm }
        start += size
    }
    return [Tensor.fromFloats(v, shape: x.shape, dtype: x.dtype)]
})

let normalizationOps: [OpSpec] = [softmaxOp("Softmax", logarithm: false), softmaxOp("LogSoftmax", logarithm: true), lrn, l2Normalization]
