import Foundation
import LiteIR

/// Ops whose output size depends on values: NonZero and TrueCoordinates; and ReverseSequence,
/// Reverse, Det and BitCast.
let selectionOps: [OpSpec] = [nonZero, trueCoordinates, reverseSequence, reverse, determinant, bitCast]

/// Row-major coordinates of the non-zero (true) elements, one array per element.
private func nonZeroCoordinates(_ x: Tensor) -> [[Int]] {
    let strides = ShapeMath.strides(x.shape)
    return x.floats().enumerated().filter { $0.element != 0 || $0.element.isNaN }.map { flat, _ in
        x.shape.indices.map { (flat / strides[$0]) % x.shape[$0] }
    }
}

/// ONNX NonZero: int64 [rank, n] coordinates of the n non-zero elements.
private let nonZero = OpSpec("NonZero", infer: { ctx in
    [TensorType(.int64, [.fixed(try ctx.input(0).rank), .symbolic("")])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let coordinates = nonZeroCoordinates(x)
    let values = x.shape.indices.flatMap { d in coordinates.map { Int64($0[d]) } }
    return [Tensor(shape: [x.rank, coordinates.count], values: values)]
})

/// TFLite WHERE with one input: int64 [n, rank] coordinates of the n true elements.
private let trueCoordinates = OpSpec("TrueCoordinates", infer: { ctx in
    let x = try ctx.input(0)
    guard x.dtype == .bool else { throw ctx.node.error("expects a bool input, got \(x.dtype)") }
    return [TensorType(.int64, [.symbolic(""), .fixed(x.rank)])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let coordinates = nonZeroCoordinates(x)
    return [Tensor(shape: [coordinates.count, x.rank], values: coordinates.flatMap { $0.map(Int64.init) })]
})

/// For each batch entry b, the first sequence_lens[b] elements along the time axis reversed.
private let reverseSequence = OpSpec("ReverseSequence", OpTraits(.dataMovement), infer: { ctx in
    let x = try ctx.input(0), lengths = try ctx.input(1)
    let time = try ctx.node.int("time_axis", 0), batch = try ctx.node.int("batch_axis", 1)
    guard x.rank >= 2, Set([time, batch]) == Set([0, 1]), lengths.rank == 1, !lengths.dtype.isFloatingPoint else {
        throw ctx.node.error("expects time and batch axes 0 and 1 and 1-D integer lengths")
    }
    return [x]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), lengths = try inputs.required(1, node).ints()
    let time = try node.int("time_axis", 0)
    let (steps, batches) = time == 0 ? (x.shape[0], x.shape[1]) : (x.shape[1], x.shape[0])
    guard lengths.count == batches, lengths.allSatisfy({ $0 >= 0 && $0 <= steps }) else {
        throw node.error("sequence_lens \(lengths) must give one length ≤ \(steps) per batch entry")
    }
    let inner = x.shape.dropFirst(2).reduce(1, *)
    var rows: [Int] = []  // source row (over the first two dims) of each output row
    for a in 0..<x.shape[0] {
        for b in 0..<x.shape[1] {
            let (t, n) = time == 0 ? (a, b) : (b, a)
            let source = t < lengths[n] ? lengths[n] - 1 - t : t
            rows.append(time == 0 ? source * x.shape[1] + b : a * x.shape[1] + source)
        }
    }
    let flat = try x.reshaped([x.shape[0] * x.shape[1], inner])
    return [try ByteMoves.gather(flat, axis: 0, indices: rows, indicesShape: [rows.count]).reshaped(x.shape)]
})

/// The input with its elements in reverse order along `axes` (TFLite REVERSE_V2).
private let reverse = OpSpec("Reverse", OpTraits(.dataMovement), infer: { ctx in
    let x = try ctx.input(0)
    let axes = try ctx.node.ints("axes", [])
    guard !axes.isEmpty else { throw ctx.node.error("needs axes to reverse") }
    for axis in axes { _ = try ShapeMath.axis(axis, rank: x.rank, node: ctx.node) }
    return [x]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    var result = x
    for axis in Set(try node.ints("axes", []).map { try ShapeMath.axis($0, rank: x.rank, node: node) }) {
        let (outer, size, inner) = splitAround(x.shape, axis: axis)
        let rows = try result.reshaped([outer * size, inner])
        let order = (0..<outer).flatMap { o in (0..<size).reversed().map { o * size + $0 } }
        result = try ByteMoves.gather(rows, axis: 0, indices: order, indicesShape: [order.count]).reshaped(x.shape)
    }
    return [result]
})

/// Determinants of the trailing square matrices (LU decomposition with partial pivoting).
private let determinant = OpSpec("Det", infer: { ctx in
    let x = try ctx.input(0)
    guard x.rank >= 2, x.dtype.isFloatingPoint, x.shape[x.rank - 1] == x.shape[x.rank - 2] else {
        throw ctx.node.error("expects float [*, M, M] matrices, got \(x)")
    }
    return [TensorType(x.dtype, Array(x.shape.dropLast(2)))]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let m = x.shape[x.rank - 1]
    let values = x.floats().map(Double.init)
    let count = x.shape.dropLast(2).reduce(1, *)
    let results = (0..<count).map { k -> Float in
        var a = Array(values[(k * m * m)..<((k + 1) * m * m)])
        var det = 1.0
        for column in 0..<m {
            guard let pivot = (column..<m).max(by: { abs(a[$0 * m + column]) < abs(a[$1 * m + column]) }), a[pivot * m + column] != 0 else { return 0 }
            if pivot != column {
                for j in 0..<m { a.swapAt(pivot * m + j, column * m + j) }
                det = -det
            }
            det *= a[column * m + column]
            for row in (column + 1)..<m {
                let factor = a[row * m + column] / a[column * m + column]
                for j in column..<m { a[row * m + j] -= factor * a[column * m + j] }
            }
        }
        return Float(det)
    }
    return [Tensor.fromFloats(results, shape: Array(x.shape.dropLast(2)), dtype: x.dtype)]
})

/// The same bytes read as another element type of the same width (`to`).
private let bitCast = OpSpec("BitCast", infer: { ctx in
    let x = try ctx.input(0)
    let name = try ctx.node.string("to", "")
    guard let target = DType(rawValue: name), target.byteSize == x.dtype.byteSize else {
        throw ctx.node.error("'\(name)' is not a type of \(x.dtype)'s width")
    }
    return [TensorType(target, x.shape)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    guard let target = DType(rawValue: try node.string("to", "")) else { throw node.error("unknown target type") }
    if target == .bool {
        return [Tensor(shape: x.shape, values: [UInt8](x.data).map { $0 != 0 })]
    }
    return [try Tensor(dtype: target, shape: x.shape, data: x.data)]
})
