import LiteIR

/// Split x along `axis` into consecutive parts of the `split` sizes (one output each).
private let split = OpSpec("Split", OpTraits(.dataMovement, axes: .axis("axis", default: 0)), infer: { ctx in
    let x = try ctx.input(0)
    let axis = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: x.rank, node: ctx.node)
    let sizes = try ctx.node.ints("split", [])
    guard sizes.count == ctx.node.outputs.count, sizes.allSatisfy({ $0 >= 0 }) else {
        throw ctx.node.error("needs one non-negative size per output, got \(sizes) for \(ctx.node.outputs.count) outputs")
    }
    if let n = x.shape[axis].value, sizes.reduce(0, +) != n { throw ctx.node.error("sizes \(sizes) do not add up to dim \(axis) of \(x)") }
    return sizes.map { size in
        var shape = x.shape
        shape[axis] = .fixed(size)
        return TensorType(x.dtype, shape)
    }
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let axis = try ShapeMath.axis(try node.int("axis", 0), rank: x.rank, node: node)
    var start = 0
    return try node.ints("split", []).map { size in
        defer { start += size }
        return ByteMoves.gather(x, axis: axis, indices: Array(start..<(start + size)), indicesShape: [size])
    }
})

/// Stacks inputs of one type and shape along a new `axis` (TFLite PACK).
private let stack = OpSpec("Stack", OpTraits(.dataMovement), infer: { ctx in
    let types = try ctx.node.inputs.indices.map { try ctx.input($0) }
    guard let first = types.first, types.allSatisfy({ $0 == first }) else {
        throw ctx.node.error("needs one or more inputs of one type and shape, got \(types)")
    }
    let axis = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: first.rank + 1, node: ctx.node)
    var shape = first.shape
    shape.insert(.fixed(types.count), at: axis)
    return [TensorType(first.dtype, shape)]
}, evaluate: { node, inputs in
    let parts = try inputs.indices.map { try inputs.required($0, node) }
    let axis = try ShapeMath.axis(try node.int("axis", 0), rank: parts[0].rank + 1, node: node)
    var unit = parts[0].shape
    unit.insert(1, at: axis)
    var shape = parts[0].shape
    shape.insert(parts.count, at: axis)
    return [ByteMoves.concat(try parts.map { try $0.reshaped(unit) }, axis: axis, shape: shape)]
})

/// Splits x along `axis` into its slices, each without that axis (TFLite UNPACK).
private let unstack = OpSpec("Unstack", OpTraits(.dataMovement), infer: { ctx in
    let x = try ctx.input(0)
    let axis = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: x.rank, node: ctx.node)
    guard x.shape[axis].value == ctx.node.outputs.count else {
        throw ctx.node.error("dim \(axis) of \(x) must be static and equal the \(ctx.node.outputs.count) outputs")
    }
    var shape = x.shape
    shape.remove(at: axis)
    return Array(repeating: TensorType(x.dtype, shape), count: ctx.node.outputs.count)
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let axis = try ShapeMath.axis(try node.int("axis", 0), rank: x.rank, node: node)
    return (0..<x.shape[axis]).map { ByteMoves.gather(x, axis: axis, indices: [$0], indicesShape: []) }
})

let splitOps: [OpSpec] = [split, stack, unstack]
