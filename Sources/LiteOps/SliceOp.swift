import LiteIR

/// Per-axis element indices of a slice (ONNX Slice semantics: negative starts/ends count from
/// the end, bounds clamp, steps may be negative) for attributes `starts`, `ends`, `steps` given
/// for every axis.
func sliceIndices(_ node: Node, shape: [Int]) throws -> [[Int]] {
    let starts = try node.ints("starts", []), ends = try node.ints("ends", [])
    let steps = try node.ints("steps", Array(repeating: 1, count: shape.count))
    guard starts.count == shape.count, ends.count == shape.count, steps.count == shape.count else {
        throw node.error("starts/ends/steps must have one value per axis (\(shape.count))")
    }
    return try shape.indices.map { axis in
        let n = shape[axis], step = steps[axis]
        guard step != 0 else { throw node.error("step 0 on axis \(axis)") }
        func resolve(_ v: Int, low: Int, high: Int) -> Int { min(max(v < 0 ? v + n : v, low), high) }
        if step > 0 {
            return Array(stride(from: resolve(starts[axis], low: 0, high: n), to: resolve(ends[axis], low: 0, high: n), by: step))
        }
        return Array(stride(from: resolve(starts[axis], low: -1, high: n - 1), to: resolve(ends[axis], low: -1, high: n - 1), by: step))
    }
}

let sliceOp = OpSpec("Slice", infer: { ctx in
    let x = try ctx.input(0)
    let starts = try ctx.node.ints("starts", []), ends = try ctx.node.ints("ends", [])
    let steps = try ctx.node.ints("steps", Array(repeating: 1, count: x.rank))
    guard starts.count == x.rank, ends.count == x.rank, steps.count == x.rank else {
        throw ctx.node.error("starts/ends/steps must have one value per axis (\(x.rank))")
    }
    let dims: [Dim] = try x.shape.indices.map { axis in
        guard let n = x.shape[axis].value else {
            // An unknown dim can only be kept whole.
            guard starts[axis] == 0, steps[axis] == 1, ends[axis] >= Int(Int32.max) else {
                throw ctx.node.error("axis \(axis) has unknown size \(x.shape[axis]) and cannot be sliced")
            }
            return x.shape[axis]
        }
        var probe = ctx.node
        probe.attributes = ["starts": .ints([starts[axis]]), "ends": .ints([ends[axis]]), "steps": .ints([steps[axis]])]
        return .fixed(try sliceIndices(probe, shape: [n])[0].count)
    }
    return [TensorType(x.dtype, dims)]
}, evaluate: { node, inputs in
    var x = try inputs.required(0, node)
    for (axis, indices) in try sliceIndices(node, shape: x.shape).enumerated() where indices != Array(0..<x.shape[axis]) {
        x = ByteMoves.gather(x, axis: axis, indices: indices, indicesShape: [indices.count])
    }
    return [x]
})
