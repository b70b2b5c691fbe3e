import Foundation
import LiteIR

/// The pads [begin_0 … begin_n, end_0 … end_n] and fill value of a Pad: the `pads`/`value`
/// attributes, or (run-time form) inputs as ONNX gives them: pads, optional constant_value,
/// optional axes; with `pads_layout` "pairs" the pads input is TFLite's [rank, 2] instead.
public func padParameters(_ node: Node, _ values: [Tensor?], rank: Int) throws -> (pads: [Int], value: Float) {
    guard values.count > 1 else { return (try node.ints("pads", [], in: NumberRange.padOrCrop), try node.float("value", 0)) }
    guard let given = try values[1].map({ try NumberRange.check($0.ints(), in: NumberRange.padOrCrop, "pads", error: node.error) }) else {
        throw node.error("missing pads")
    }
    let value = (values.count > 2 ? values[2]?.floats().first : nil) ?? 0
    if try node.string("pads_layout", "begins_ends") == "pairs" {
        guard given.count == 2 * rank else { throw node.error("paddings must be [\(rank), 2]") }
        return ((0..<rank).map { given[2 * $0] } + (0..<rank).map { given[2 * $0 + 1] }, value)
    }
    let axes = try (values.count > 3 ? values[3]?.ints() : nil)?.map { try ShapeMath.axis($0, rank: rank, node: node) } ?? Array(0..<rank)
    guard given.count == 2 * axes.count, Set(axes).count == axes.count else { throw node.error("pads must have 2 values per padded axis") }
    var pads = Array(repeating: 0, count: 2 * rank)
    for (i, axis) in axes.enumerated() { (pads[axis], pads[axis + rank]) = (given[i], given[i + axes.count]) }
    return (pads, value)
}

/// Pad with `pads` = [begin_0 … begin_n, end_0 … end_n] (negative values crop) and `mode`
/// constant (with `value`), reflect, edge or wrap — ONNX semantics; see ``padParameters``.
let padOp = OpSpec("Pad", OpTraits(.dataMovement, axes: .beginEnd("pads")), infer: { ctx in
    let x = try ctx.input(0)
    let mode = try ctx.node.string("mode", "constant")
    guard ["constant", "reflect", "edge", "wrap"].contains(mode) else { throw ctx.node.error("unknown mode '\(mode)'") }
    if ctx.inputTypes.count > 1, (1..<ctx.inputTypes.count).contains(where: { ctx.hasInput($0) && ctx.constant($0) == nil }) {
        // Pads known at run time: padded axes (all, unless the axes are constant) have unknown sizes.
        let axes = ctx.inputTypes.count > 3 && ctx.hasInput(3)
            ? try ctx.constant(3)?.ints().map { try ShapeMath.axis($0, rank: x.rank, node: ctx.node) } : nil
        return [TensorType(x.dtype, x.shape.enumerated().map { axes?.contains($0.offset) ?? true ? .symbolic("") : $0.element })]
    }
    let pads = try padParameters(ctx.node, [nil] + (1..<max(ctx.inputTypes.count, 1)).map { ctx.constant($0) }, rank: x.rank).pads
    guard pads.count == 2 * x.rank else { throw ctx.node.error("pads must have \(2 * x.rank) values, got \(pads.count)") }
    let shape: [Dim] = try x.shape.indices.map { i in
        guard let d = x.shape[i].value else { return x.shape[i] }
        let (size, overflow) = d.addingReportingOverflow(pads[i] + pads[i + x.rank])
        guard !overflow, size >= 0 else { throw ctx.node.error("pads \(pads) crop more than dim \(i) holds") }
        if mode != "constant" && size > 0 && d == 0 { throw ctx.node.error("cannot \(mode)-pad an empty dim") }
        if mode == "reflect" && (pads[i] >= d || pads[i + x.rank] >= d) && (pads[i] > 0 || pads[i + x.rank] > 0) {
            throw ctx.node.error("reflect pads \(pads) must be smaller than dim \(i) (\(d))")
        }
        return .fixed(size)
    }
    return [TensorType(x.dtype, shape)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let (pads, value) = try padParameters(node, inputs, rank: x.rank)
    let mode = try node.string("mode", "constant")
    let rank = x.rank
    let shape = x.shape.indices.map { x.shape[$0] + pads[$0] + pads[$0 + rank] }
    guard pads.count == 2 * rank, shape.allSatisfy({ $0 >= 0 }), let count = checkedElementCount(shape) else {
        throw node.error("pads \(pads) do not fit the input shape \(x.shape)")
    }
    if mode != "constant", count > 0, x.shape.contains(0) { throw node.error("cannot \(mode)-pad an empty dim") }
    let size = x.dtype.byteSize
    let fill = Tensor.fromFloats([value], shape: [], dtype: x.dtype).data
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
                            case "wrap": i = ((i % n) + n) % n
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
