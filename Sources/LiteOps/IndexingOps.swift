import Foundation
import LiteIR

/// Gather slices of input 0 along `axis` at the (possibly negative) int indices of input 1.
private let gather = OpSpec("Gather", OpTraits(.dataMovement, axes: .selection("axis")), infer: { ctx in
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

let indexingOps: [OpSpec] = [gather, sliceOp, range, resize2D, expand, tile]

/// Output shape of Expand: x's shape broadcast (numpy rules, both ways) with `target`.
private func expandShape(_ x: [Dim], _ target: [Int], node: Node) throws -> [Dim] {
    try ShapeMath.broadcast(x, target.map { .fixed($0) }, node: node)
}

/// Copies `x` to `shape`, repeating along broadcast dims.
private func broadcastCopy(_ x: Tensor, to shape: [Int]) -> Tensor {
    let size = x.dtype.byteSize, count = shape.reduce(1, *)
    var out = Data(count: count * size)
    if count == 0 { return Tensor(dtype: x.dtype, shape: shape, validatedData: out) }
    x.data.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
        out.withUnsafeMutableBytes { (dst: UnsafeMutableRawBufferPointer) in
            forEachBroadcast(x.shape, [], shape) { o, i, _ in
                (dst.baseAddress! + o * size).copyMemory(from: src.baseAddress! + i * size, byteCount: size)
            }
        }
    }
    return Tensor(dtype: x.dtype, shape: shape, validatedData: out)
}

/// Expand(x, shape): x broadcast with the shape given as an int64 tensor (ONNX semantics).
let expand = OpSpec("Expand", OpTraits(.dataMovement), infer: { ctx in
    let x = try ctx.input(0), shape = try ctx.input(1)
    guard shape.rank == 1, shape.dtype == .int64 || shape.dtype == .int32, let length = shape.shape[0].value else {
        throw ctx.node.error("the shape input must be a 1-D integer tensor of static length")
    }
    if let target = ctx.constant(1)?.ints() { return [TensorType(x.dtype, try expandShape(x.shape, target, node: ctx.node))] }
    if let partial = ctx.shapeValue(1), partial.count == length {
        let rank = max(length, x.rank)
        let padded = Array(repeating: Dim.fixed(1), count: rank - x.rank) + x.shape
        let aligned = Array(repeating: Dim.fixed(1), count: rank - length) + partial
        return [TensorType(x.dtype, try zip(padded, aligned).map { a, b in
            // An unknown target element is 1 or x's dim: x's dim when that is known and not 1.
            if b.value == nil { return a == .fixed(1) ? b : (a.value != nil || a == b ? a : .symbolic("")) }
            return try ShapeMath.broadcast([a], [b], node: ctx.node)[0]
        })]
    }
    return [TensorType(x.dtype, Array(repeating: .symbolic(""), count: max(length, x.rank)))]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), target = try inputs.required(1, node).ints()
    let shape = try expandShape(x.shape.map { .fixed($0) }, target, node: node).map { $0.value ?? 1 }
    return [broadcastCopy(x, to: shape)]
})

/// Tile(x, repeats): x repeated repeats[i] times along each axis.
let tile = OpSpec("Tile", OpTraits(.dataMovement), infer: { ctx in
    let x = try ctx.input(0), repeats = try ctx.input(1)
    guard repeats.rank == 1, repeats.shape[0].value == x.rank else { throw ctx.node.error("repeats must have one entry per axis") }
    guard let values = ctx.constant(1)?.ints() else { return [TensorType(x.dtype, Array(repeating: .symbolic(""), count: x.rank))] }
    guard values.allSatisfy({ $0 >= 0 }) else { throw ctx.node.error("negative repeats \(values)") }
    return [TensorType(x.dtype, zip(x.shape, values).map { d, r in d.value.map { .fixed($0 * r) } ?? (r == 1 ? d : .symbolic("")) })]
}, evaluate: { node, inputs in
    var x = try inputs.required(0, node)
    let repeats = try inputs.required(1, node).ints()
    for (axis, r) in repeats.enumerated() where r != 1 {
        let n = x.shape[axis]
        let indices = (0..<max(r, 0)).flatMap { _ in Array(0..<n) }
        x = ByteMoves.gather(x, axis: axis, indices: indices, indicesShape: [indices.count])
    }
    return [x]
})
