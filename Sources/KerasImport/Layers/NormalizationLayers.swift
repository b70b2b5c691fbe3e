import Foundation
import LiteIR

/// BatchNormalization (inference: one multiply and one add per channel), LayerNormalization,
/// GroupNormalization and UnitNormalization.
enum NormalizationLayers {
    static let table: [String: KerasTranslator] = [
        "BatchNormalization": batchNormalization, "LayerNormalization": layerNormalization,
        "GroupNormalization": groupNormalization, "UnitNormalization": unitNormalization,
    ]

    /// The normalized axes, resolved against the input's rank.
    static func axes(_ call: LayerCall, rank: Int, fallback: Int = -1) throws -> [Int] {
        try call.config.ints("axis", count: 1, [fallback]).map { a in
            let r = a < 0 ? a + rank : a
            guard r >= 0, r < rank else { throw call.error("axis \(a) is out of range for rank \(rank)") }
            return r
        }
    }

    /// Per-channel values shaped to broadcast along `axis` of a rank-`rank` input.
    static func along(_ values: [Float], axis: Int, rank: Int) -> Tensor {
        Tensor(shape: [values.count] + Array(repeating: 1, count: rank - 1 - axis), values: values)
    }

    static func batchNormalization(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        let rank = try c.type(x).rank
        let axis = try axes(call, rank: rank)
        guard axis.count == 1 else { throw call.error("normalizes one axis, got \(axis)") }
        let epsilon = Float(try call.config.double("epsilon", 1e-3))
        let mean = try call.weights.required("moving_mean").floats(), variance = try call.weights.required("moving_variance").floats()
        let gamma = try call.config.bool("scale", true) ? try call.weights.required("gamma").floats() : Array(repeating: 1, count: mean.count)
        let beta = try call.config.bool("center", true) ? try call.weights.required("beta").floats() : Array(repeating: 0, count: mean.count)
        guard variance.count == mean.count, gamma.count == mean.count, beta.count == mean.count else {
            throw call.error("moving statistics, gamma and beta differ in length")
        }
        let scale = (0..<mean.count).map { gamma[$0] / (variance[$0] + epsilon).squareRoot() }
        let shift = (0..<mean.count).map { beta[$0] - mean[$0] * scale[$0] }
        let scaled = try c.emit("Mul", [x, c.constant(along(scale, axis: axis[0], rank: rank), "scale", for: call)], for: call)
        return [try c.emit("Add", [scaled, c.constant(along(shift, axis: axis[0], rank: rank), "shift", for: call)], for: call)]
    }

    /// (x − mean) / √(variance + ε) over `axes`.
    static func standardize(_ c: inout KerasContext, _ call: LayerCall, _ x: String, axes: [Int], epsilon: Float) throws -> String {
        let (centered, inverse) = try deviation(&c, call, x, axes: axes, epsilon: epsilon)
        return try c.emit("Mul", [centered, inverse], for: call)
    }

    /// x − mean and 1 / √(variance + ε) over `axes`.
    static func deviation(_ c: inout KerasContext, _ call: LayerCall, _ x: String, axes: [Int], epsilon: Float) throws -> (String, String) {
        let over: [String: Attribute] = ["axes": .ints(axes), "keepdims": .int(1)]
        let centered = try c.emit("Sub", [x, try c.emit("ReduceMean", [x], over, for: call)], for: call)
        let variance = try c.emit("ReduceMean", [try c.emit("Mul", [centered, centered], for: call)], over, for: call)
        let inverse = try c.emit("Rsqrt", [try c.emit("Add", [variance, try c.scalar(epsilon, like: x, for: call)], for: call)], for: call)
        return (centered, inverse)
    }

    /// gamma and beta (each optional; beta only where `shift`) over the listed axes of a
    /// rank-`rank` value.
    static func affine(_ c: inout KerasContext, _ call: LayerCall, _ y: String, axes: [Int], rank: Int, shift: Bool = true) throws -> String {
        var y = y
        for (key, op, flag) in [("gamma", "Mul", "scale"), ("beta", "Add", "center")] where try call.config.bool(flag, true) && (shift || key == "gamma") {
            let value = try call.weights.required(key)
            // The weight spans the normalized axes; ones elsewhere let it broadcast.
            let dims = try c.type(y).shape
            let shape = (0..<rank).map { axes.contains($0) ? dims[$0].value ?? 1 : 1 }
            guard checkedElementCount(shape) == value.count else { throw call.error("\(key) has \(value.count) values for axes \(axes) of \(dims)") }
            y = try c.emit(op, [y, c.constant(try value.reshaped(shape), key, for: call)], for: call)
        }
        return y
    }

    static func layerNormalization(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        let rank = try c.type(x).rank
        let normalized = try axes(call, rank: rank)
        let epsilon = Float(try call.config.double("epsilon", 1e-3))
        let y: String
        let rms = try call.config.bool("rms_scaling", false)
        if rms {
            // Keras 3's rms_scaling (deprecated by Keras for this reason) scales the uncentered
            // x by 1 / √(variance + ε), then by gamma only; center is ignored.
            _ = try call.config.bool("center", true)
            y = try c.emit("Mul", [x, try deviation(&c, call, x, axes: normalized, epsilon: epsilon).1], for: call)
        } else {
            y = try standardize(&c, call, x, axes: normalized, epsilon: epsilon)
        }
        return [try affine(&c, call, y, axes: normalized, rank: rank, shift: !rms)]
    }

    /// Channels split into `groups`; each group standardized over it and every spatial axis.
    static func groupNormalization(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        let t = try c.type(x)
        let axis = try axes(call, rank: t.rank)[0]
        let groups = try call.config.int("groups", 32)
        guard axis == t.rank - 1, let channels = t.shape[axis].value, groups > 0, channels % groups == 0 else {
            throw call.error("expects channels last, divisible into \(groups) groups, got \(t)")
        }
        let split = try c.emit("Reshape", [x], ["shape": .ints(try c.target(Array(t.shape.dropLast()) + [.fixed(groups), .fixed(channels / groups)], for: call))], for: call)
        let reduced = Array(1..<(t.rank + 1)).filter { $0 != t.rank - 1 }
        let standardized = try standardize(&c, call, split, axes: reduced, epsilon: Float(try call.config.double("epsilon", 1e-3)))
        let merged = try c.emit("Reshape", [standardized], ["shape": .ints(try c.target(t.shape, for: call))], for: call)
        return [try affine(&c, call, merged, axes: [axis], rank: t.rank)]
    }

    /// x / √(max(Σ x², 1e-12)) over the axes.
    static func unitNormalization(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        let normalized = try axes(call, rank: try c.type(x).rank)
        let sum = try c.emit("ReduceSum", [try c.emit("Mul", [x, x], for: call)], ["axes": .ints(normalized), "keepdims": .int(1)], for: call)
        let floor = try c.emit("Max", [sum, try c.scalar(1e-12, like: x, for: call)], for: call)
        return [try c.emit("Mul", [x, try c.emit("Rsqrt", [floor], for: call)], for: call)]
    }
}
