import Foundation
import LiteIR

/// One axis of a slice as ONNX Slice resolves it (negative starts/ends count from the end, bounds
/// clamp, steps may be negative): its first index, how many it takes and the step — computed,
/// never listed, so a huge declared dim costs nothing.
public struct SliceRange: Equatable, Sendable {
    public let first: Int
    public let count: Int
    public let step: Int

    /// The slice `start..<end` by `step` (nonzero, not Int.min) of an axis of `size` elements.
    public init(start: Int, end: Int, step: Int, size n: Int) {
        func resolve(_ v: Int, low: Int, high: Int) -> Int { min(max(v < 0 ? v + n : v, low), high) }
        self.step = step
        if step > 0 {
            first = resolve(start, low: 0, high: n)
            let stop = resolve(end, low: 0, high: n)
            count = stop > first ? (stop - first - 1) / step + 1 : 0
        } else {
            first = resolve(start, low: -1, high: n - 1)
            let stop = resolve(end, low: -1, high: n - 1)
            count = first > stop ? (first - stop - 1) / -step + 1 : 0
        }
    }

    /// The indices taken, in order.
    public var indices: [Int] { (0..<count).map { first + $0 * step } }

    /// The last index taken (meaningful when `count > 0`).
    public var last: Int { first + (count - 1) * step }

    /// Whether it takes the whole axis of `n` elements in order.
    public func isWhole(_ n: Int) -> Bool { count == n && (n == 0 || (first == 0 && step == 1)) }
}

/// Each axis's slice range for one start, end and step per axis.
func sliceRanges(starts: [Int], ends: [Int], steps: [Int], shape: [Int], _ node: Node) throws -> [SliceRange] {
    guard starts.count == shape.count, ends.count == shape.count, steps.count == shape.count else {
        throw node.error("starts/ends/steps must have one value per axis (\(shape.count))")
    }
    return try shape.indices.map { axis in
        guard steps[axis] != 0, steps[axis] != Int.min else { throw node.error("step \(steps[axis]) on axis \(axis)") }
        return SliceRange(start: starts[axis], end: ends[axis], step: steps[axis], size: shape[axis])
    }
}

/// A slice's start, end and step for every axis: the `starts`/`ends`/`steps` attributes, or
/// (run-time form) inputs 1–4 as ONNX gives them: starts, ends, optional axes, optional steps.
private func sliceParameters(_ node: Node, _ values: [Tensor?], rank: Int) throws -> (starts: [Int], ends: [Int], steps: [Int]) {
    guard values.count > 1 else {
        return (try node.ints("starts", []), try node.ints("ends", []), try node.ints("steps", Array(repeating: 1, count: rank)))
    }
    guard values.count > 2, let starts = values[1]?.ints(), let ends = values[2]?.ints() else { throw node.error("missing starts or ends") }
    let axes = try (values.count > 3 ? values[3]?.ints() : nil)?.map { try ShapeMath.axis($0, rank: rank, node: node) } ?? Array(0..<starts.count)
    let steps = (values.count > 4 ? values[4]?.ints() : nil) ?? Array(repeating: 1, count: starts.count)
    guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count, Set(axes).count == axes.count else {
        throw node.error("starts, ends, axes and steps must have one value per sliced axis")
    }
    var all = (starts: Array(repeating: 0, count: rank), ends: Array(repeating: Int(Int32.max), count: rank), steps: Array(repeating: 1, count: rank))
    for (i, axis) in axes.enumerated() { (all.starts[axis], all.ends[axis], all.steps[axis]) = (starts[i], ends[i], steps[i]) }
    return all
}

let sliceOp = OpSpec("Slice", OpTraits(.dataMovement, axes: .perAxis(["starts", "ends", "steps"])), infer: { ctx in
    let x = try ctx.input(0)
    if ctx.inputTypes.count > 1 {
        for i in 1..<ctx.inputTypes.count where ctx.hasInput(i) {
            let t = try ctx.input(i)
            guard t.rank == 1, t.dtype == .int32 || t.dtype == .int64 else { throw ctx.node.error("starts, ends, axes and steps must be 1-D integer tensors") }
        }
        let parameters = (1..<ctx.inputTypes.count).map { ctx.constant($0) }
        if parameters.enumerated().allSatisfy({ !ctx.hasInput($0.offset + 1) || $0.element != nil }) {
            // Bounds known now: each axis of known size has its count; an unknown one kept whole stays as it is.
            let (starts, ends, steps) = try sliceParameters(ctx.node, [nil] + parameters, rank: x.rank)
            return [TensorType(x.dtype, try x.shape.indices.map { axis -> Dim in
                guard let n = x.shape[axis].value else {
                    return starts[axis] == 0 && steps[axis] == 1 && ends[axis] >= Int(Int32.max) ? x.shape[axis] : .symbolic("")
                }
                return .fixed(try sliceRanges(starts: [starts[axis]], ends: [ends[axis]], steps: [steps[axis]], shape: [n], ctx.node)[0].count)
            })]
        }
        // Bounds known at run time: the sliced axes (all, when the axes are too) have unknown sizes.
        var axes: [Int]? = (0..<(try ctx.input(1).shape[0].value ?? x.rank)).map { $0 }
        if ctx.hasInput(3) { axes = try ctx.constant(3)?.ints().map { try ShapeMath.axis($0, rank: x.rank, node: ctx.node) } }
        return [TensorType(x.dtype, x.shape.enumerated().map { axes?.contains($0.offset) ?? true ? .symbolic("") : $0.element })]
    }
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
        return .fixed(try sliceRanges(starts: [starts[axis]], ends: [ends[axis]], steps: [steps[axis]], shape: [n], ctx.node)[0].count)
    }
    return [TensorType(x.dtype, dims)]
}, evaluate: { node, inputs in
    var x = try inputs.required(0, node)
    let (starts, ends, steps) = try sliceParameters(node, inputs, rank: x.rank)
    let ranges = try sliceRanges(starts: starts, ends: ends, steps: steps, shape: x.shape, node)
    let shape = ranges.map(\.count)
    // Nothing to gather (and no index list to make, however large the other dims).
    if shape.contains(0) { return [try Tensor(dtype: x.dtype, shape: shape, data: Data())] }
    for (axis, range) in ranges.enumerated() where !range.isWhole(x.shape[axis]) {
        x = ByteMoves.gather(x, axis: axis, indices: range.indices, indicesShape: [range.count])
    }
    return [x]
})
