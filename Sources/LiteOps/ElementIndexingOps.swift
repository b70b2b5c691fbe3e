import Foundation
import LiteIR

/// Gathers and scatters that address single elements or slices by index tensors:
/// GatherElements, GatherND, ScatterElements and ScatterND (ONNX semantics, negative indices
/// counting from the end, `reduction` none/add/mul/max/min for the scatters), and ScatterNDSum
/// (TFLite SCATTER_ND).
let elementIndexingOps: [OpSpec] = [gatherElements, gatherND, scatterElements, scatterND, scatterNDSum]

private func checkIndices(_ ctx: InferenceContext, _ i: Int) throws -> TensorType {
    let indices = try ctx.input(i)
    guard indices.dtype == .int32 || indices.dtype == .int64 else { throw ctx.node.error("indices must be int32 or int64, got \(indices.dtype)") }
    return indices
}

/// An index into a dim of `size`, negative counting from the end; throws when out of range.
private func resolve(_ index: Int, size: Int, _ node: Node) throws -> Int {
    guard index >= -size, index < size else { throw node.error("index \(index) is out of range for a dim of size \(size)") }
    return index < 0 ? index + size : index
}

/// Calls `body(flat, coordinates)` for every element of `shape` in row-major order.
private func forEachCoordinate(_ shape: [Int], _ body: (Int, [Int]) throws -> Void) rethrows {
    let count = shape.reduce(1, *)
    guard count > 0 else { return }
    var coordinates = [Int](repeating: 0, count: shape.count)
    for flat in 0..<count {
        try body(flat, coordinates)
        var d = shape.count - 1
        while d >= 0 {
            coordinates[d] += 1
            if coordinates[d] < shape[d] { break }
            coordinates[d] = 0
            d -= 1
        }
    }
}

/// Copies the elements of `t` at flat `offsets` (each `block` elements long) into a new tensor.
private func pick(_ t: Tensor, offsets: [Int], block: Int, shape: [Int]) -> Tensor {
    let size = t.dtype.byteSize * block
    var out = Data(count: offsets.count * size)
    guard size > 0 else { return Tensor(dtype: t.dtype, shape: shape, validatedData: out) }
    t.data.withUnsafeBytes { src in
        out.withUnsafeMutableBytes { dst in
            for (i, offset) in offsets.enumerated() {
                (dst.baseAddress! + i * size).copyMemory(from: src.baseAddress! + offset * t.dtype.byteSize, byteCount: size)
            }
        }
    }
    return Tensor(dtype: t.dtype, shape: shape, validatedData: out)
}

/// output[p] = data[p with p[axis] = indices[p]].
private let gatherElements = OpSpec("GatherElements", OpTraits(.dataMovement), infer: { ctx in
    let data = try ctx.input(0), indices = try checkIndices(ctx, 1)
    _ = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: data.rank, node: ctx.node)
    guard indices.rank == data.rank else { throw ctx.node.error("indices must have the rank of the data (\(data.rank)), got \(indices.rank)") }
    return [TensorType(data.dtype, indices.shape)]
}, evaluate: { node, inputs in
    let data = try inputs.required(0, node), indices = try inputs.required(1, node)
    let axis = try ShapeMath.axis(try node.int("axis", 0), rank: data.rank, node: node)
    let strides = ShapeMath.strides(data.shape), values = indices.ints()
    var offsets: [Int] = []
    offsets.reserveCapacity(values.count)
    try forEachCoordinate(indices.shape) { flat, p in
        var offset = 0
        for d in p.indices {
            let coordinate = d == axis ? try resolve(values[flat], size: data.shape[d], node) : p[d]
            guard coordinate < data.shape[d] else { throw node.error("indices shape \(indices.shape) exceeds the data shape \(data.shape)") }
            offset += coordinate * strides[d]
        }
        offsets.append(offset)
    }
    return [pick(data, offsets: offsets, block: 1, shape: indices.shape)]
})

/// The slice data[b…, idx…] for every index tuple in the last dim of `indices`; the first
/// `batch_dims` dims of data and indices are paired.
private let gatherND = OpSpec("GatherND", OpTraits(.dataMovement), infer: { ctx in
    let data = try ctx.input(0), indices = try checkIndices(ctx, 1)
    let batch = try ctx.node.int("batch_dims", 0)
    guard let depth = indices.shape.last?.value, batch >= 0, batch < indices.rank, batch + depth <= data.rank else {
        throw ctx.node.error("indices \(indices) do not address data \(data) with batch_dims \(batch)")
    }
    return [TensorType(data.dtype, Array(indices.shape.dropLast()) + Array(data.shape[(batch + depth)...]))]
}, evaluate: { node, inputs in
    let data = try inputs.required(0, node), indices = try inputs.required(1, node)
    let batch = try node.int("batch_dims", 0), depth = indices.shape.last ?? 0
    let strides = ShapeMath.strides(data.shape), values = indices.ints()
    let block = data.shape[(batch + depth)...].reduce(1, *)
    let tuples = Array(indices.shape.dropLast())
    var offsets: [Int] = []
    try forEachCoordinate(tuples) { flat, p in
        var offset = 0
        for d in 0..<batch {
            guard p[d] < data.shape[d] else { throw node.error("batch dim \(d) of indices exceeds the data's") }
            offset += p[d] * strides[d]
        }
        for k in 0..<depth {
            offset += try resolve(values[flat * depth + k], size: data.shape[batch + k], node) * strides[batch + k]
        }
        offsets.append(offset)
    }
    return [pick(data, offsets: offsets, block: block, shape: tuples + Array(data.shape[(batch + depth)...]))]
})

/// How a scatter combines an update with the element already there.
private enum ScatterReduction: String {
    case none, add, mul, max, min

    init(_ node: Node) throws {
        let name = try node.string("reduction", "none")
        guard let value = ScatterReduction(rawValue: name) else { throw node.error("unknown reduction '\(name)'") }
        self = value
    }

    func combine<T: Comparable & Numeric>(_ old: T, _ new: T) -> T {
        switch self {
        case .none: new
        case .add: old + new
        case .mul: old * new
        case .max: Swift.max(old, new)
        case .min: Swift.min(old, new)
        }
    }
}

/// Writes `updates` (each `block` elements long) into a copy of `data` at flat `offsets`.
private func scatter(_ data: Tensor, _ updates: Tensor, offsets: [Int], block: Int, _ node: Node) throws -> Tensor {
    let reduction = try ScatterReduction(node)
    if data.dtype.isFloatingPoint || data.dtype == .bool {
        var out = data.floats()
        let new = updates.floats()
        for (i, offset) in offsets.enumerated() {
            for j in 0..<block { out[offset + j] = reduction.combine(out[offset + j], new[i * block + j]) }
        }
        return Tensor.fromFloats(out, shape: data.shape, dtype: data.dtype)
    }
    var out = data.int64s()
    let new = updates.int64s()
    for (i, offset) in offsets.enumerated() {
        for j in 0..<block { out[offset + j] = reduction.combine(out[offset + j], new[i * block + j]) }
    }
    return Tensor.fromInt64s(out, shape: data.shape, dtype: data.dtype)
}

/// data with data[p with p[axis] = indices[p]] combined with updates[p].
private let scatterElements = OpSpec("ScatterElements", infer: { ctx in
    let data = try ctx.input(0), indices = try checkIndices(ctx, 1), updates = try ctx.input(2)
    _ = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: data.rank, node: ctx.node)
    _ = try ScatterReduction(ctx.node)
    guard indices.rank == data.rank, updates.shape == indices.shape, updates.dtype == data.dtype else {
        throw ctx.node.error("indices and updates must have one shape of the data's rank, updates the data's type")
    }
    return [data]
}, evaluate: { node, inputs in
    let data = try inputs.required(0, node), indices = try inputs.required(1, node), updates = try inputs.required(2, node)
    let axis = try ShapeMath.axis(try node.int("axis", 0), rank: data.rank, node: node)
    let strides = ShapeMath.strides(data.shape), values = indices.ints()
    var offsets: [Int] = []
    try forEachCoordinate(indices.shape) { flat, p in
        var offset = 0
        for d in p.indices {
            let coordinate = d == axis ? try resolve(values[flat], size: data.shape[d], node) : p[d]
            guard coordinate < data.shape[d] else { throw node.error("indices shape \(indices.shape) exceeds the data shape \(data.shape)") }
            offset += coordinate * strides[d]
        }
        offsets.append(offset)
    }
    return [try scatter(data, updates, offsets: offsets, block: 1, node)]
})

/// data with the slices addressed by the index tuples in the last dim of `indices` combined
/// with `updates`.
private let scatterND = OpSpec("ScatterND", infer: { ctx in
    let data = try ctx.input(0), indices = try checkIndices(ctx, 1), updates = try ctx.input(2)
    _ = try ScatterReduction(ctx.node)
    guard let depth = indices.shape.last?.value, depth <= data.rank, updates.dtype == data.dtype,
          updates.rank == indices.rank - 1 + data.rank - depth else {
        throw ctx.node.error("indices \(indices) and updates \(updates) do not address data \(data)")
    }
    return [data]
}, evaluate: { node, inputs in
    let data = try inputs.required(0, node), indices = try inputs.required(1, node), updates = try inputs.required(2, node)
    let depth = indices.shape.last ?? 0
    let strides = ShapeMath.strides(data.shape), values = indices.ints()
    let block = data.shape[depth...].reduce(1, *)
    let tuples = Array(indices.shape.dropLast())
    guard updates.shape == tuples + Array(data.shape[depth...]) else {
        throw node.error("updates \(updates.shape) must be \(tuples + Array(data.shape[depth...]))")
    }
    var offsets: [Int] = []
    try forEachCoordinate(tuples) { flat, _ in
        var offset = 0
        for k in 0..<depth { offset += try resolve(values[flat * depth + k], size: data.shape[k], node) * strides[k] }
        offsets.append(offset)
    }
    return [try scatter(data, updates, offsets: offsets, block: block, node)]
})

/// TFLite SCATTER_ND: updates summed into zeros of the given shape (indices, updates, shape).
private let scatterNDSum = OpSpec("ScatterNDSum", infer: { ctx in
    let indices = try checkIndices(ctx, 0), updates = try ctx.input(1), shape = try ctx.input(2)
    guard shape.rank == 1, let rank = shape.shape[0].value, !shape.dtype.isFloatingPoint,
          let depth = indices.shape.last?.value, depth <= rank else {
        throw ctx.node.error("expects indices [..., depth] and a 1-D integer shape of static length")
    }
    guard let target = ctx.constant(2)?.ints() else { return [TensorType(updates.dtype, Array(repeating: .symbolic(""), count: rank))] }
    return [TensorType(updates.dtype, fixed: target)]
}, evaluate: { node, inputs in
    let indices = try inputs.required(0, node), updates = try inputs.required(1, node), shape = try inputs.required(2, node).ints()
    guard let count = checkedElementCount(shape) else { throw node.error("invalid shape \(shape)") }
    let zeros = Tensor(dtype: updates.dtype, shape: shape, validatedData: Data(count: count * updates.dtype.byteSize))
    var sum = node
    sum.attributes["reduction"] = .string("add")
    return try scatterND.evaluate(sum, [zeros, indices, updates])
})
