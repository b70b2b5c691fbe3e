import Foundation
import LiteIR

/// Source coordinate of output position `o` along an axis resized from `inSize` to `outSize`
/// (ONNX coordinate_transformation_mode).
func resizeSource(_ o: Int, inSize: Int, outSize: Int, mode: String) -> Double {
    let scale = Double(outSize) / Double(inSize)
    switch mode {
    case "align_corners": return outSize == 1 ? 0 : Double(o) * Double(inSize - 1) / Double(outSize - 1)
    case "asymmetric": return Double(o) / scale
    case "pytorch_half_pixel": return outSize > 1 ? (Double(o) + 0.5) / scale - 0.5 : 0
    case "tf_half_pixel_for_nn": return (Double(o) + 0.5) / scale
    default: return (Double(o) + 0.5) / scale - 0.5  // half_pixel
    }
}

/// Input index ONNX nearest resizing reads for output `o` along an axis.
public func resizeNearestIndex(_ o: Int, inSize: Int, outSize: Int, transform: String, nearestMode: String) -> Int {
    let v = resizeSource(o, inSize: inSize, outSize: outSize, mode: transform)
    let i: Double
    switch nearestMode {
    case "floor": i = v.rounded(.down)
    case "ceil": i = v.rounded(.up)
    case "round_prefer_ceil": i = (v + 0.5).rounded(.down)
    default: i = v == v.rounded(.down) + 0.5 ? v.rounded(.down) : v.rounded()  // round_prefer_floor
    }
    return min(max(Int(i), 0), inSize - 1)
}

/// Clamped source coordinate ONNX linear resizing reads for output `o` along an axis.
public func resizeLinearSource(_ o: Int, inSize: Int, outSize: Int, transform: String) -> Double {
    min(max(resizeSource(o, inSize: inSize, outSize: outSize, mode: transform), 0), Double(inSize - 1))
}

/// Resizes the H and W axes of an NHWC tensor to the `sizes` attribute [h, w]: `mode` nearest
/// (with `nearest_mode`) or linear, `coordinate_transformation_mode` as in ONNX.
let resize2D = OpSpec("Resize2D", infer: { ctx in
    let x = try ctx.input(0)
    let sizes = try ctx.node.ints("sizes", [])
    guard x.rank == 4, x.dtype.isFloatingPoint, sizes.count == 2, sizes.allSatisfy({ $0 > 0 }) else {
        throw ctx.node.error("expects an NHWC float input and two positive sizes, got \(x) and \(sizes)")
    }
    let mode = try ctx.node.string("mode", "nearest")
    guard mode == "nearest" || mode == "linear" else { throw ctx.node.error("mode '\(mode)' is not supported") }
    return [TensorType(x.dtype, [x.shape[0], .fixed(sizes[0]), .fixed(sizes[1]), x.shape[3]])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let sizes = try node.ints("sizes", [])
    let (batch, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (oh, ow) = (sizes[0], sizes[1])
    let mode = try node.string("mode", "nearest")
    let transform = try node.string("coordinate_transformation_mode", "half_pixel")
    let nearestMode = try node.string("nearest_mode", "round_prefer_floor")
    let xv = x.floats()
    var out = [Float](repeating: 0, count: batch * oh * ow * c)
    for y in 0..<oh {
        let cy = resizeLinearSource(y, inSize: h, outSize: oh, transform: transform)
        let ny = resizeNearestIndex(y, inSize: h, outSize: oh, transform: transform, nearestMode: nearestMode)
        for xo in 0..<ow {
            let cx = resizeLinearSource(xo, inSize: w, outSize: ow, transform: transform)
            let nx = resizeNearestIndex(xo, inSize: w, outSize: ow, transform: transform, nearestMode: nearestMode)
            for n in 0..<batch {
                let outBase = ((n * oh + y) * ow + xo) * c
                if mode == "nearest" {
                    let inBase = ((n * h + ny) * w + nx) * c
                    for k in 0..<c { out[outBase + k] = xv[inBase + k] }
                    continue
                }
                let y0 = Int(cy.rounded(.down)), x0 = Int(cx.rounded(.down))
                let y1 = min(y0 + 1, h - 1), x1 = min(x0 + 1, w - 1)
                let fy = Float(cy - Double(y0)), fx = Float(cx - Double(x0))
                for k in 0..<c {
                    func at(_ yy: Int, _ xx: Int) -> Float { xv[((n * h + yy) * w + xx) * c + k] }
                    let top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx, bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx
                    out[outBase + k] = top * (1 - fy) + bottom * fy
                }
            }
        }
    }
    return [Tensor.fromFloats(out, shape: [batch, oh, ow, c], dtype: x.dtype)]
})
