import Foundation
import LiteIR

/// The target of a Reshape whose shape is a run-time tensor (ONNX rules): 0 copies the input
/// dim unless `allowzero`, -1 takes what is left.
func runtimeReshapeTarget(_ node: Node, input: [Int], shape: [Int]) throws -> [Int] {
    let allowZero = try node.int("allowzero", 0) != 0
    var target = try shape.enumerated().map { i, v -> Int in
        guard v == 0 && !allowZero else { return v }
        guard i < input.count else { throw node.error("shape entry \(i) is 0 but the input has rank \(input.count)") }
        return input[i]
    }
    guard target.allSatisfy({ $0 >= -1 }), target.filter({ $0 == -1 }).count <= 1 else { throw node.error("invalid target shape \(shape)") }
    if let i = target.firstIndex(of: -1) {
        guard let known = checkedElementCount(target.filter { $0 != -1 }), let count = checkedElementCount(input) else {
            throw node.error("target shape \(shape) has more elements than any tensor")
        }
        target[i] = known == 0 ? 0 : count / known
    }
    return target
}

/// The target dims of a Reshape to a run-time shape of which inference knows some elements: 0
/// copies the input dim (unless `allowzero`), a -1 is resolved when the known and symbolic parts
/// of input and target agree, symbolic elements stay symbolic.
func partialReshapeTarget(_ node: Node, input: [Dim], shape: [Dim]) throws -> [Dim] {
    let allowZero = try node.int("allowzero", 0) != 0
    let target: [Dim] = shape.enumerated().map { i, d in d == .fixed(0) && !allowZero && i < input.count ? input[i] : d }
    guard let hole = target.firstIndex(of: .fixed(-1)) else { return target }
    guard target.filter({ $0 == .fixed(-1) }).count == 1 else { throw node.error("invalid target shape \(shape)") }
    // Known parts divide; named symbolic dims must appear on both sides to cancel.
    var symbols = input.compactMap { d -> String? in if case .symbolic(let s) = d { return s } else { return nil } }
    guard var known = checkedElementCount(input.compactMap(\.value)) else { throw node.error("input shape \(input) has more elements than any tensor") }
    var otherKnown = 1
    for (i, d) in target.enumerated() where i != hole {
        switch d {
        case .fixed(let v):
            let (product, overflow) = otherKnown.multipliedReportingOverflow(by: v)
            guard !overflow else { throw node.error("target shape \(shape) has more elements than any tensor") }
            otherKnown = product
        case .symbolic(let s):
            guard !s.isEmpty, let match = symbols.firstIndex(of: s) else { return target.map { $0 == .fixed(-1) ? .symbolic("") : $0 } }
            symbols.remove(at: match)
        }
    }
    guard symbols.isEmpty, otherKnown > 0, known % otherKnown == 0 else {
        return target.map { $0 == .fixed(-1) ? .symbolic("") : $0 }
    }
    known /= otherKnown
    var resolved = target
    resolved[hole] = .fixed(known)
    return resolved
}

/// Reshape to the `shape` attribute (one entry may be -1), or to a shape tensor given as input
/// #1 at run time (see ``runtimeReshapeTarget``).
private let reshape = OpSpec("Reshape", OpTraits(.dataMovement, axes: .targetShape), infer: { ctx in
    let x = try ctx.input(0)
    if ctx.hasInput(1) {
        let shape = try ctx.input(1)
        guard shape.rank == 1, shape.dtype == .int64 || shape.dtype == .int32, let rank = shape.shape[0].value else {
            throw ctx.node.error("the shape input must be a 1-D integer tensor of static length")
        }
        if let values = ctx.constant(1)?.ints(), let dims = x.fixedShape {
            return [TensorType(x.dtype, fixed: try runtimeReshapeTarget(ctx.node, input: dims, shape: values))]
        }
        if let partial = ctx.shapeValue(1), partial.count == rank {
            return [TensorType(x.dtype, try partialReshapeTarget(ctx.node, input: x.shape, shape: partial))]
        }
        return [TensorType(x.dtype, Array(repeating: .symbolic(""), count: rank))]
    }
    let target = try ctx.node.ints("shape", [])
    guard target.allSatisfy({ $0 >= -1 }), target.filter({ $0 == -1 }).count <= 1 else {
        throw ctx.node.error("invalid target shape \(target)")
    }
    guard let known = checkedElementCount(target.filter { $0 != -1 }) else { throw ctx.node.error("target shape \(target) overflows") }
    if let total = ShapeMath.product(x.shape) {
        if target.contains(-1) {
            guard known > 0, total % known == 0 else { throw ctx.node.error("cannot reshape \(x.shape) to \(target)") }
            return [TensorType(x.dtype, target.map { .fixed($0 == -1 ? total / known : $0) })]
        }
        guard known == total else { throw ctx.node.error("cannot reshape \(x.shape) (\(total) elements) to \(target)") }
        return [TensorType(x.dtype, fixed: target)]
    }
    // A symbolic input: the -1 entry takes the single unknown dim when the known parts agree.
    let symbols = x.shape.filter { $0.value == nil }
    let staticPart = ShapeMath.product(x.shape.filter { $0.value != nil }) ?? 1
    let inferred: Dim = symbols.count == 1 && staticPart == known ? symbols[0] : .symbolic("")
    return [TensorType(x.dtype, target.map { $0 == -1 ? inferred : .fixed($0) })]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    if inputs.count > 1, let shape = inputs[1] {
        let target = try runtimeReshapeTarget(node, input: x.shape, shape: shape.ints())
        do { return [try x.reshaped(target)] } catch { throw node.error("cannot reshape \(x.shape) to \(target)") }
    }
    var target = try node.ints("shape", [])
    if let i = target.firstIndex(of: -1) {
        guard let known = checkedElementCount(target.filter { $0 != -1 }) else { throw node.error("cannot reshape \(x.shape) to \(target)") }
        target[i] = known == 0 ? 0 : x.count / known
    }
    do { return [try x.reshaped(target)] } catch { throw node.error("cannot reshape \(x.shape) to \(target)") }
})

private func permutation(_ node: Node, rank: Int) throws -> [Int] {
    let perm = try node.ints("perm", Array((0..<rank).reversed()))
    guard perm.count == rank, Set(perm) == Set(0..<rank) else {
        throw node.error("perm \(perm) is not a permutation of \(rank) axes")
    }
    return perm
}

private let transpose = OpSpec("Transpose", OpTraits(.dataMovement), infer: { ctx in
    let x = try ctx.input(0)
    let perm = try permutation(ctx.node, rank: x.rank)
    return [TensorType(x.dtype, perm.map { x.shape[$0] })]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    return [ByteMoves.transpose(x, perm: try permutation(node, rank: x.rank))]
})

private let concat = OpSpec("Concat", OpTraits(.dataMovement, axes: .axis("axis", default: 0, allInputs: true)), infer: { ctx in
    let first = try ctx.input(0)
    guard first.rank > 0 else { throw ctx.node.error("scalars have no axis to concatenate on") }
    let axis = try ShapeMath.axis(try ctx.node.int("axis", 0), rank: first.rank, node: ctx.node)
    var shape = first.shape
    var total: Int? = 0
    for i in ctx.inputTypes.indices {
        let t = try ctx.input(i)
        guard t.dtype == first.dtype, t.rank == first.rank else { throw ctx.node.error("inputs differ in type or rank: \(first) and \(t)") }
        for d in 0..<t.rank where d != axis {
            if let a = t.shape[d].value, let b = shape[d].value, a != b {
                throw ctx.node.error("input #\(i) shape \(t.shape) does not match \(first.shape) off axis \(axis)")
            }
            if shape[d].value == nil { shape[d] = t.shape[d] }
        }
        if let size = t.shape[axis].value, let sum = total {
            let (next, overflow) = sum.addingReportingOverflow(size)
            guard !overflow, NumberRange.dim.contains(next) else { throw ctx.node.error("the concatenation is larger than any tensor on axis \(axis)") }
            total = next
        } else {
            total = nil
        }
    }
    shape[axis] = total.map { .fixed($0) } ?? .symbolic("")
    return [TensorType(first.dtype, shape)]
}, evaluate: { node, inputs in
    let parts = try inputs.indices.map { try inputs.required($0, node) }
    let axis = try ShapeMath.axis(try node.int("axis", 0), rank: parts[0].rank, node: node)
    var shape = parts[0].shape
    shape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
    return [ByteMoves.concat(parts, axis: axis, shape: shape)]
})

/// The dims [start, end) of the input's shape as int64 (ONNX Shape-15 semantics).
private func shapeRange(_ node: Node, rank: Int) throws -> Range<Int> {
    func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + rank : v, 0), rank) }
    let start = clamp(try node.int("start", 0)), end = clamp(try node.int("end", rank))
    return start..<max(start, end)
}

private let shape = OpSpec("Shape", OpTraits(.shapeOnly), infer: { ctx in
    let x = try ctx.input(0)
    return [TensorType(.int64, fixed: [try shapeRange(ctx.node, rank: x.rank).count])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let range = try shapeRange(node, rank: x.rank)
    return [Tensor(shape: [range.count], values: x.shape[range].map { Int64($0) })]
}, evaluateFromTypes: { ctx in
    guard let dims = try ctx.input(0).fixedShape else { return nil }
    let range = try shapeRange(ctx.node, rank: dims.count)
    return [Tensor(shape: [range.count], values: dims[range].map { Int64($0) })]
})

/// A tensor of the shape given by input 0, filled with the one-element `value` attribute (float 0 by default).
private let constantOfShape = OpSpec("ConstantOfShape", infer: { ctx in
    let shapeType = try ctx.input(0)
    guard shapeType.rank == 1, let rank = shapeType.shape[0].value else { throw ctx.node.error("shape input must be 1-D and static") }
    let dtype = try ctx.node.tensor("value")?.dtype ?? .float32
    if let dims = ctx.constant(0)?.ints() {
        guard dims.allSatisfy({ $0 >= 0 }) else { throw ctx.node.error("negative dim in \(dims)") }
        return [TensorType(dtype, fixed: dims)]
    }
    if let partial = ctx.shapeValue(0), partial.count == rank { return [TensorType(dtype, partial)] }
    return [TensorType(dtype, Array(repeating: .symbolic(""), count: rank))]
}, evaluate: { node, inputs in
    let dims = try inputs.required(0, node).ints()
    let value = try node.tensor("value") ?? Tensor(scalar: Float(0))
    guard value.count == 1, let n = checkedElementCount(dims) else { throw node.error("invalid value or shape \(dims)") }
    var data = Data(capacity: n * value.dtype.byteSize)
    for _ in 0..<n { data.append(value.data) }
    return [Tensor(dtype: value.dtype, shape: dims, validatedData: data)]
})

/// Element type conversion. Floats become integers truncated toward zero; with
/// `saturate_integers` (TFLite's CAST) out-of-range values clamp to the target's range and NaN
/// becomes its maximum, where ONNX leaves them undefined.
private let cast = OpSpec("Cast", .elementwise, infer: { ctx in
    let x = try ctx.input(0)
    let name = try ctx.node.string("to", "")
    guard let to = DType(rawValue: name) else { throw ctx.node.error("unknown target type '\(name)'") }
    return [TensorType(to, x.shape)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let name = try node.string("to", "")
    guard let to = DType(rawValue: name) else { throw node.error("unknown target type '\(name)'") }
    guard try node.int("saturate_integers", 0) != 0, x.dtype.isFloatingPoint, let (lowest, highest) = to.integerRange else {
        return [x.converted(to: to)]
    }
    let values = x.floats().map { v -> Int64 in
        if v.isNaN { return highest }
        let d = Double(v).rounded(.towardZero)
        return d <= Double(lowest) ? lowest : d >= Double(highest) ? highest : Int64(d)
    }
    return [Tensor.fromInt64s(values, shape: x.shape, dtype: to)]
})

let shapeOps: [OpSpec] = [reshape, transpose, concat, shape, constantOfShape, cast, padOp, squeeze, unsqueeze]

/// Squeeze and Unsqueeze with axes given at run time (input #1; constant axes become a Reshape
/// at import): the output rank follows from the number of axes, the dims from their values.
private func axesReshape(_ name: String, growing: Bool) -> OpSpec {
    OpSpec(name, OpTraits(.dataMovement), infer: { ctx in
        let x = try ctx.input(0), axes = try ctx.input(1)
        guard axes.rank == 1, !axes.dtype.isFloatingPoint, let count = axes.shape[0].value else {
            throw ctx.node.error("axes must be a 1-D integer tensor of static length")
        }
        guard growing || count <= x.rank else { throw ctx.node.error("cannot squeeze \(count) axes of a rank-\(x.rank) input") }
        return [TensorType(x.dtype, Array(repeating: .symbolic(""), count: growing ? x.rank + count : x.rank - count))]
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node)
        let given = try inputs.required(1, node).ints()
        let rank = growing ? x.rank + given.count : x.rank
        let axes = Set(try given.map { try ShapeMath.axis($0, rank: rank, node: node) })
        guard axes.count == given.count else { throw node.error("repeated axes \(given)") }
        if growing {
            var source = x.shape.makeIterator()
            return [try x.reshaped((0..<rank).map { axes.contains($0) ? 1 : source.next()! })]
        }
        guard axes.allSatisfy({ x.shape[$0] == 1 }) else { throw node.error("cannot squeeze axes \(given) of shape \(x.shape)") }
        return [try x.reshaped(x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] })]
    })
}

private let squeeze = axesReshape("Squeeze", growing: false)
private let unsqueeze = axesReshape("Unsqueeze", growing: true)
