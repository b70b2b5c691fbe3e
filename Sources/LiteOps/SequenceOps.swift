import Foundation
import LiteIR

/// Ops that run along one axis of a tensor: cumulative sums and products, TopK, and the
/// generators OneHot and EyeLike (ONNX semantics).
let sequenceOps: [OpSpec] = [cumulative("CumSum", combine: +, integer: { $0 &+ $1 }), cumulative("CumProd", combine: *, integer: { $0 &* $1 }), topK, oneHot, eyeLike]

/// The axis of a cumulative op: a scalar (or one-element) integer input.
private func scanAxis(_ axis: Tensor, rank: Int, _ node: Node) throws -> Int {
    guard axis.count == 1, !axis.dtype.isFloatingPoint else { throw node.error("axis must be one integer") }
    return try ShapeMath.axis(axis.ints()[0], rank: rank, node: node)
}

/// x with each element replaced by the sum (product) of the elements before it along the axis
/// (input #1), itself included unless `exclusive`; from the far end with `reverse`.
private func cumulative(_ name: String, combine: @escaping @Sendable (Double, Double) -> Double,
                        integer: @escaping @Sendable (Int64, Int64) -> Int64) -> OpSpec {
    OpSpec(name, infer: { ctx in
        let x = try ctx.input(0), axis = try ctx.input(1)
        guard axis.rank <= 1, !axis.dtype.isFloatingPoint, x.dtype != .bool else {
            throw ctx.node.error("expects a numeric input and a scalar integer axis")
        }
        if let value = ctx.constant(1) { _ = try scanAxis(value, rank: x.rank, ctx.node) }
        return [x]
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node)
        let axis = try scanAxis(try inputs.required(1, node), rank: x.rank, node)
        let exclusive = try node.int("exclusive", 0) != 0, reverse = try node.int("reverse", 0) != 0
        let (outer, size, inner) = splitAround(x.shape, axis: axis)
        let identity: Double = name == "CumProd" ? 1 : 0
        func scan<T>(_ values: [T], _ start: T, _ op: (T, T) -> T) -> [T] {
            var out = values
            for o in 0..<outer {
                for i in 0..<inner {
                    var running = start
                    for step in 0..<size {
                        let k = reverse ? size - 1 - step : step
                        let index = (o * size + k) * inner + i
                        if exclusive {
                            out[index] = running
                            running = op(running, values[index])
                        } else {
                            running = op(running, values[index])
                            out[index] = running
                        }
                    }
                }
            }
            return out
        }
        if x.dtype.isFloatingPoint {
            return [Tensor.fromFloats(scan(x.floats().map(Double.init), identity, combine).map { Float($0) }, shape: x.shape, dtype: x.dtype)]
        }
        return [Tensor.fromInt64s(scan(x.int64s(), Int64(identity), integer), shape: x.shape, dtype: x.dtype)]
    })
}

/// The k largest (or smallest) elements along `axis` and their int64 indices (`index_type`
/// int32 for TFLite's form), sorted, ties in index order.
private let topK = OpSpec("TopK", infer: { ctx in
    let x = try ctx.input(0), k = try ctx.input(1)
    guard k.rank <= 1, !k.dtype.isFloatingPoint else { throw ctx.node.error("k must be one integer") }
    let axis = try ShapeMath.axis(try ctx.node.int("axis", -1), rank: x.rank, node: ctx.node)
    let indexType = DType(rawValue: try ctx.node.string("index_type", "int64")) ?? .int64
    var shape = x.shape
    if let value = ctx.constant(1)?.ints().first {
        guard value >= 0, x.shape[axis].value.map({ value <= $0 }) ?? true else { throw ctx.node.error("k = \(value) exceeds the axis size \(x.shape[axis])") }
        shape[axis] = .fixed(value)
    } else {
        shape[axis] = .symbolic("")
    }
    return [TensorType(x.dtype, shape), TensorType(indexType, shape)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let k = try inputs.required(1, node).ints().first ?? 0
    let axis = try ShapeMath.axis(try node.int("axis", -1), rank: x.rank, node: node)
    let largest = try node.int("largest", 1) != 0
    let (outer, size, inner) = splitAround(x.shape, axis: axis)
    guard k >= 0, k <= size else { throw node.error("k = \(k) exceeds the axis size \(size)") }
    let values = x.dtype.isFloatingPoint ? x.floats().map(Double.init) : x.int64s().map(Double.init)
    var picked: [Int] = []
    picked.reserveCapacity(outer * k * inner)
    var order = [Int](repeating: 0, count: outer * k * inner)
    for o in 0..<outer {
        for i in 0..<inner {
            let ranked = (0..<size).sorted { a, b in
                let va = values[(o * size + a) * inner + i], vb = values[(o * size + b) * inner + i]
                return va == vb ? a < b : (largest ? va > vb : va < vb)
            }
            for j in 0..<k { order[(o * k + j) * inner + i] = ranked[j] }
        }
    }
    for o in 0..<outer { for j in 0..<k { for i in 0..<inner { picked.append((o * size + order[(o * k + j) * inner + i]) * inner + i) } } }
    var shape = x.shape
    shape[axis] = k
    let indexType = DType(rawValue: try node.string("index_type", "int64")) ?? .int64
    let selected = x.dtype.isFloatingPoint ? Tensor.fromFloats(picked.map { Float(values[$0]) }, shape: shape, dtype: x.dtype)
        : Tensor.fromInt64s(picked.map { Int64(values[$0]) }, shape: shape, dtype: x.dtype)
    return [selected, Tensor.fromInt64s(order.map(Int64.init), shape: shape, dtype: indexType)]
})

/// OneHot(indices, depth, values [off, on]): `depth` positions inserted at `axis`, `on` where
/// the position equals the index (negative indices count from depth; others give all `off`).
/// TFLite's form (indices, depth, on, off) gives all `off` for any negative index.
private let oneHot = OpSpec("OneHot", infer: { ctx in
    let indices = try ctx.input(0), depth = try ctx.input(1), values = try ctx.input(2)
    let paired = values.rank == 1 && values.shape[0].value == 2 && !ctx.hasInput(3)
    let separate = ctx.hasInput(3) ? try ctx.input(3).dtype == values.dtype && values.rank == 0 : false
    guard depth.rank <= 1, paired || separate else {
        throw ctx.node.error("expects a scalar depth and two values [off, on] (or scalars on and off)")
    }
    let axis = try ShapeMath.axis(try ctx.node.int("axis", -1), rank: indices.rank + 1, node: ctx.node)
    var shape = indices.shape
    let size = ctx.constant(1).map { Int($0.floats()[0]) }
    if let size, size < 0 { throw ctx.node.error("depth must not be negative") }
    shape.insert(size.map { .fixed($0) } ?? .symbolic(""), at: axis)
    return [TensorType(values.dtype, shape)]
}, evaluate: { node, inputs in
    let indices = try inputs.required(0, node), values = try inputs.required(2, node)
    let depth = Int(try inputs.required(1, node).floats()[0])
    guard depth >= 0 else { throw node.error("depth must not be negative") }
    let axis = try ShapeMath.axis(try node.int("axis", -1), rank: indices.rank + 1, node: node)
    let outer = indices.shape[..<axis].reduce(1, *), inner = indices.shape[axis...].reduce(1, *)
    // ONNX counts negative indices from the end; TFLite's form (separate on/off) does not.
    let wraps = inputs.count < 4
    let positions = indices.floats().map { v -> Int in let i = Int(v); return i < 0 && wraps ? i + depth : i }
    var shape = indices.shape
    shape.insert(depth, at: axis)
    var flags = [Bool](repeating: false, count: outer * depth * inner)
    for o in 0..<outer { for i in 0..<inner where (0..<depth).contains(positions[o * inner + i]) {
        flags[(o * depth + positions[o * inner + i]) * inner + i] = true
    } }
    let (off, on) = inputs.count > 3 ? (try inputs.required(3, node).floats()[0], values.floats()[0]) : (values.floats()[0], values.floats()[1])
    return [Tensor.fromFloats(flags.map { $0 ? on : off }, shape: shape, dtype: values.dtype)]
})

/// EyeLike: a 2-D tensor of x's shape with ones on diagonal k (`dtype` defaults to x's type).
private let eyeLike = OpSpec("EyeLike", OpTraits(.shapeOnly), infer: { ctx in
    let x = try ctx.input(0)
    guard x.rank == 2 else { throw ctx.node.error("expects a 2-D input, got \(x)") }
    return [TensorType(try eyeType(ctx.node, x.dtype), x.shape)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    return [try eye(node, shape: x.shape, dtype: try eyeType(node, x.dtype))]
}, evaluateFromTypes: { ctx in
    guard let shape = try ctx.input(0).fixedShape else { return nil }
    return [try eye(ctx.node, shape: shape, dtype: try eyeType(ctx.node, try ctx.input(0).dtype))]
})

private func eyeType(_ node: Node, _ fallback: DType) throws -> DType {
    let name = try node.string("dtype", fallback.rawValue)
    guard let dtype = DType(rawValue: name) else { throw node.error("unknown dtype '\(name)'") }
    return dtype
}

private func eye(_ node: Node, shape: [Int], dtype: DType) throws -> Tensor {
    let k = try node.int("k", 0)
    let values = (0..<shape[0]).flatMap { i in (0..<shape[1]).map { j in Float(j - i == k ? 1 : 0) } }
    return Tensor.fromFloats(values, shape: shape, dtype: dtype)
}
