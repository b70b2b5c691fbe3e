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

let indexingOps: [OpSpec] = [gather, sliceOp]
