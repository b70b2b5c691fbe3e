import Foundation
import LiteIR

/// The axes a reduction node reduces, from `list` (its `axes` attribute or input #1): all of
/// them without a list, unless `noop_with_empty_axes` (then none).
public func reducedAxes(_ node: Node, _ list: [Int]?, rank: Int) throws -> Set<Int> {
    guard let list, !list.isEmpty else { return try node.int("noop_with_empty_axes", 0) != 0 ? [] : Set(0..<rank) }
    return Set(try list.map { try ShapeMath.axis($0, rank: rank, node: node) })
}

/// Reduces over `axes`: the attribute, or an int64 tensor input #1 known only at run time.
/// Without axes every axis is reduced, unless `noop_with_empty_axes` (then nothing is).
/// Reduced dims stay as 1 with `keepdims`. Integers accumulate in Double, so sums and products
/// stay exact to 2⁵³; float32 in float32. An `initial` attribute replaces the value the reduction starts from.
private func reduction(_ name: String, initial: Double, combine: @escaping @Sendable (Double, Double) -> Double,
                       finish: @escaping @Sendable (Double, Int) -> Double = { v, _ in v }) -> OpSpec {
    let evaluate: @Sendable (Node, [Tensor?]) throws -> [Tensor] = { node, inputs in
        let x = try inputs.required(0, node)
        let reduced = try reducedAxes(node, inputs.count > 1 ? inputs[1]?.ints() : try node.intsIfPresent("axes"), rank: x.rank)
        let keep = try node.int("keepdims", 1) != 0
        let outFull = x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let outStrides = ShapeMath.broadcastStrides(outFull, to: x.shape)
        let outCount = outFull.reduce(1, *)
        let start: Double = switch node.attributes["initial"] {
        case .int(let v)?: Double(v)
        case .float(let v)?: Double(v)
        default: initial
        }
        var out = [Double](repeating: start, count: outCount)
        let xv: [Double] = x.dtype.isFloatingPoint ? x.floats().map(Double.init) : x.int64s().map(Double.init)
        let inStrides = ShapeMath.strides(x.shape)
        // float32 accumulates in float32, in input order (TFLite's reference kernels): each step
        // rounded to float is exactly float arithmetic's result.
        let inFloat = x.dtype == .float32
        for i in 0..<xv.count {
            var o = 0
            for d in x.shape.indices { o += (i / inStrides[d]) % x.shape[d] * outStrides[d] }
            out[o] = inFloat ? Double(Float(combine(out[o], xv[i]))) : combine(out[o], xv[i])
        }
        let groupSize = outCount == 0 ? 0 : xv.count / outCount
        out = out.map { finish($0, groupSize) }
        let shape = keep ? outFull : x.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        if x.dtype.isFloatingPoint { return [Tensor.fromFloats(out.map { Float($0) }, shape: shape, dtype: x.dtype)] }
        return [Tensor.fromInt64s(out.map { $0.isFinite ? Int64(exactly: $0.rounded(.towardZero)) ?? 0 : 0 }, shape: shape, dtype: x.dtype)]
    }
    return OpSpec(name, .reduction, infer: { ctx in
        let x = try ctx.input(0)
        let keep = try ctx.node.int("keepdims", 1) != 0
        var given = try ctx.constant(1)?.ints() ?? ctx.node.intsIfPresent("axes")
        if ctx.hasInput(1), ctx.constant(1) == nil {
            let axesType = try ctx.input(1)
            guard axesType.rank == 1, axesType.dtype == .int64 || axesType.dtype == .int32, let count = axesType.shape[0].value else {
                throw ctx.node.error("axes must be a 1-D integer tensor of static length")
            }
            // Axes known only at run time: the rank is, the sizes are not (unless there are none).
            if count > 0 { return [TensorType(x.dtype, Array(repeating: .symbolic(""), count: keep ? x.rank : max(0, x.rank - count)))] }
            given = []
        }
        let reduced = try reducedAxes(ctx.node, given, rank: x.rank)
        var shape: [Dim] = []
        for (i, d) in x.shape.enumerated() {
            if !reduced.contains(i) { shape.append(d) } else if keep { shape.append(.fixed(1)) }
        }
        return [TensorType(x.dtype, shape)]
    }, evaluate: evaluate, evaluateFromTypes: { ctx in
        // Over no elements every result is the initial value, known from the types alone.
        guard let shape = try ctx.input(0).fixedShape, shape.contains(0), !ctx.hasInput(1) || ctx.constant(1) != nil else { return nil }
        return try evaluate(ctx.node, [try Tensor(dtype: try ctx.input(0).dtype, shape: shape, data: Data()), ctx.constant(1)])
    })
}

let reductionOps: [OpSpec] = [
    reduction("ReduceMean", initial: 0, combine: +, finish: { $1 == 0 ? .nan : $0 / Double($1) }),
    reduction("ReduceSum", initial: 0, combine: +),
    reduction("ReduceMax", initial: -.infinity, combine: { max($0, $1) }),
    reduction("ReduceMin", initial: .infinity, combine: { min($0, $1) }),
    reduction("ReduceProd", initial: 1, combine: *),
    argExtreme("ArgMax", better: { $0 > $1 }),
    argExtreme("ArgMin", better: { $0 < $1 }),
]

/// Index (int64) of the largest/smallest element along `axis`; ties take the first index, or
/// the last with `select_last_index`.
private func argExtreme(_ name: String, better: @escaping @Sendable (Float, Float) -> Bool) -> OpSpec {
    OpSpec(name, OpTraits(.reduction, axes: .reducedAxis), infer: { ctx in
        let x = try ctx.input(0)
        let axis = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: x.rank, node: ctx.node)
        var shape = x.shape
        if try ctx.node.int("keepdims", 1) != 0 { shape[axis] = .fixed(1) } else { shape.remove(at: axis) }
        return [TensorType(.int64, shape)]
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node)
        let axis = try ShapeMath.axis(try node.int("axis", 0), rank: x.rank, node: node)
        let last = try node.int("select_last_index", 0) != 0
        let (outer, size, inner) = splitAround(x.shape, axis: axis)
        let v = x.floats()
        var out = [Int64](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                for k in 1..<max(size, 1) {
                    let candidate = v[(o * size + k) * inner + i], current = v[(o * size + best) * inner + i]
                    if better(candidate, current) || (last && candidate == current) { best = k }
                }
                out[o * inner + i] = Int64(best)
            }
        }
        var shape = x.shape
        if try node.int("keepdims", 1) != 0 { shape[axis] = 1 } else { shape.remove(at: axis) }
        return [Tensor(shape: shape, values: out)]
    })
}
