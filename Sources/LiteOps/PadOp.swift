import Foundation
import LiteIR

/// Pad with `pads` = [begin_0 … begin_n, end_0 … end_n] (negative values crop) and `mode`
/// constant (with `value`), reflect or edge — ONNX semantics.
let padOp = OpSpec("Pad", infer: { ctx in
    let x = try ctx.input(0)
    let pads = try ctx.node.ints("pads", [])
    let mode = try ctx.node.string("mode", "constant")
    guard pads.count == 2 * x.rank else { throw ctx.node.error("pads must have \(2 * x.rank) values, got \(pads.count)") }
    guard ["constant", "reflect", "edge"].contains(mode) else { throw ctx.node.error("unknown mode '\(mode)'") }
    let shape: [Dim] = try x.shape.indices.map { i in
        guard let d = x.shape[i].value else { return x.shape[i] }
        let size = d + pads[i] + pads[i + x.rank]
        guard size >= 0 else { throw ctx.node.error("pads \(pads) crop more than dim \(i) holds") }
        if mode != "constant" && size > 0 && d == 0 { throw ctx.node.error("cannot \(mode)-pad an empty dim") }
        if mode == "reflect" && (pads[i] >= d || pads[i + x.rank] >= d) && (pads[i] > 0 || pads[i + x.rank] > 0) {
            throw ctx.node.error("reflect pads \(pads) must be smaller than dim \(i) (\(d))")
        }
        return .fixed(size)
    }
    return [TensorType(x.dtype, shape)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let pads = try node.ints("pads", [])
    let mode = try node.string("mode", "constant")
    let rank = x.rank
    let shape = x.shape.indices.map { x.shape[$0] + pads[$0] + pads[$0 + rank] }
    let count = shape.reduce(1, *)
    let size = x.dtype.byteSize
    let fill = Tensor.fromFloats([try node.float("value", 0)], shape: [], dtype: x.dtype).data
    let inStrides = ShapeMath.strides(x.shape)
    var out = Data(count: count * size)
    if count == 0 { return [Tensor(dtype: x.dtype, shape: shape, validatedData: out)] }
    x.data.withUnsafeBytes { src in
        fill.withUnsafeBytes { fillBytes in
            out.withUnsafeMutableBytes { dst in
                var index = [Int](repeating: 0, count: rank)
                for o in 0..<count {
                    var offset = 0
                    var inside = true
                    for d in 0..<rank {
                        var i = index[d] - pads[d]
                        let n = x.shape[d]
                        if i < 0 || i >= n {
                            switch mode {
                            case "edge": i = min(max(i, 0), n - 1)
                            case "reflect":
                                let period = 2 * (n - 1)
                                i = period == 0 ? 0 : ((i % period) + period) % period
                                if i >= n { i = period - i }
                            default: inside = false
                            }
                        }
                        offset += i * inStrides[d]
                    }
                    let from = inside ? UnsafeRawPointer(src.baseAddress! + offset * size) : fillBytes.baseAddress!
                    (dst.baseAddress! + o * size).copyMemory(from: from, byteCount: size)
                    var d = rank - 1
                    while d >= 0 {
                        index[d] += 1
                        if index[d] < shape[d] { break }
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }
    return [Tensor(dtype: x.dtype, shape: shape, validatedData: out)]
})
