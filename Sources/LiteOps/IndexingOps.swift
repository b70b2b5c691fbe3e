import LiteIR

/// Gather slices of input 0 along `axis` at the (possibly negative) int indices of input 1.
private let gather = OpSpec("Gather", infer: { ctx in
    let x = try ctx.input(0), indices = try ctx.input(1)
    guard indices.dtype == .int32 || indices.dtype == .int64 else { throw ctx.node.error("indices must be int32 or int64") }
    let axis = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: x.rank, node: ctx.node)
    if let values = ctx.constant(1)?.ints(), let n = x.shape[axis].value,
       let bad = values.first(where: { $0 < -n || $0 >= n }) {
        throw ctx.node.error("index \(bad) is out of range for dim \(axis) of size \(n)")
    }
    return [TensorType(x.dtype, Array(x.shape[..<axis]) + indices.shape + Array(x.shape[(axis + 1)...]))]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), indices = try inputs.required(1, node)
    let axis = try ShapeMath.axis(try node.int("axis", 0), rank: x.rank, node: node)
    let n = x.shape[axis]
    let resolved = try indices.ints().map { i in
        guard i >= -n, i < n else { throw node.error("index \(i) is out of range for dim \(axis) of size \(n)") }
        return i < 0 ? i + n : i
    }
    return [ByteMoves.gather(x, axis: axis, indices: resolved, indicesShape: indices.shape)]
})

/// start, start + delta, … up to (excluding) limit; scalars of one numeric type.
private let range = OpSpec("Range", infer: { ctx in
    let types = try (0..<3).map { try ctx.input($0) }
    guard types.allSatisfy({ $0.rank == 0 && $0.dtype == types[0].dtype }) else { throw ctx.node.error("expects three scalars of one type") }
    let values = (0..<3).compactMap { ctx.constant($0)?.floats().first.map(Double.init) }
    guard values.count == 3 else { return [TensorType(types[0].dtype, [.symbolic("")])] }
    guard values[2] != 0 else { throw ctx.node.error("delta must not be zero") }
    return [TensorType(types[0].dtype, fixed: [max(0, Int(((values[1] - values[0]) / values[2]).rounded(.up)))])]
}, evaluate: { node, inputs in
    let (start, limit, delta) = (try inputs.required(0, node), try inputs.required(1, node), try inputs.required(2, node))
    if start.dtype.isFloatingPoint {
        let (s, l, d) = (start.floats()[0], limit.floats()[0], delta.floats()[0])
        guard d != 0 else { throw node.error("delta must not be zero") }
        let count = max(0, Int(((l - s) / d).rounded(.up)))
        return [Tensor.fromFloats((0..<count).map { s + Float($0) * d }, shape: [count], dtype: start.dtype)]
    }
    let (s, l, d) = (start.int64s()[0], limit.int64s()[0], delta.int64s()[0])
    guard d != 0 else { throw node.error("delta must not be zero") }
    let count = max(0, Int((Double(l - s) / Double(d)).rounded(.up)))
    return [Tensor.fromInt64s((0..<count).map { s + Int64($0) * d }, shape: [count], dtype: start.dtype)]
})

let indexingOps: [OpSpec] = [gather, sliceOp, range, resize2D]
