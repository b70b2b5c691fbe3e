import LiteIR
import LiteOps

/// IR ops rewritten into other IR ops when their own builtin is outside the kernel table (a
/// kernel set lacks it or computes it differently) or the writer cannot express their
/// attributes. Each rule computes the same values from ops every kernel set has.
enum Decompositions {
    static let rules: [String: TFLiteLowering.Rule] = [
        // The reference kernels have no CEIL, ROUND or ELU.
        "Ceil": { c, n in try c.emitFinal("Neg", [try c.emit("Floor", [try c.emit("Neg", [n.inputs[0]], from: n)], from: n)], [:], from: n) },
        "Round": round,
        "Elu": MathLowering.expandElu,
        // ABS has no int64 kernel, and int32 needs a version the reference kernels lack.
        "Abs": { c, n in try c.emitFinal("Max", [n.inputs[0], try c.emit("Neg", [n.inputs[0]], from: n)], [:], from: n) },
        "LRN": lrn,
        // The reference kernels have no per-axis QUANTIZE or DEQUANTIZE versions.
        "Quantize": QuantizationLowering.decomposeQuantize,
        "Dequantize": QuantizationLowering.decomposeDequantize,
    ]

    /// Round half to even: below 2²³, adding and subtracting 2²³ rounds |x| to an integer the way
    /// float addition rounds, to even; larger floats are integers already (and NaN, inf stay).
    /// The sign comes back by a select: a product would turn ±inf into ±FLT_MAX.
    static func round(_ c: inout LoweringContext, _ n: Node) throws {
        let x = n.inputs[0]
        let magnitude = try c.emit("Abs", [x], from: n)
        let magic = try c.scalar(8_388_608, like: x, for: n)
        let rounded = try c.emit("Sub", [try c.emit("Add", [magnitude, magic], from: n), magic], from: n)
        let small = try c.emit("Less", [magnitude, magic], from: n)
        let roundedMagnitude = try c.emit("Where", [small, rounded, magnitude], from: n)
        let negative = try c.emit("Less", [x, try c.scalar(0, like: x, for: n)], from: n)
        try c.emitFinal("Where", [negative, try c.emit("Neg", [roundedMagnitude], from: n), roundedMagnitude], [:], from: n)
    }

    /// Local response normalization over the channels of an NHWC tensor:
    /// x / (bias + alpha / size · Σ_window x²)^beta, the window sum a 1×1 convolution of x² with
    /// a banded [C, 1, 1, C] matrix (alpha / size inside the band) whose bias is `bias`. TFLite's
    /// LOCAL_RESPONSE_NORMALIZATION sums a different window in its reference kernel.
    static func lrn(_ c: inout LoweringContext, _ n: Node) throws {
        let x = n.inputs[0]
        let type = try c.type(x)
        guard type.rank == 4, let channels = type.shape[3].value, type.dtype == .float32 else {
            throw LoweringRefusal("LRN needs a float32 NHWC input with static channels")
        }
        guard channels <= 4096 else { throw LoweringRefusal("LRN over \(channels) channels would need a \(channels)² window matrix") }
        let size = try n.int("size", 1)
        let alpha = try n.float("alpha", 1e-4), beta = try n.float("beta", 0.75), bias = try n.float("bias", 1)
        let before = (size - 1) / 2, after = size - 1 - before
        var band = [Float](repeating: 0, count: channels * channels)
        for output in 0..<channels {
            for input in max(0, output - before)...min(channels - 1, output + after) { band[output * channels + input] = alpha / Float(size) }
        }
        let weights = c.constant(Tensor(shape: [channels, 1, 1, channels], values: band), "window", for: n)
        let biases = c.constant(Tensor(shape: [channels], values: [Float](repeating: bias, count: channels)), "bias", for: n)
        let squares = try c.emit("Mul", [x, x], from: n)
        let sums = try c.emitLowered("Conv2D", [squares, weights, biases],
                                     ["strides": .ints([1, 1]), "pads": .ints([0, 0, 0, 0])], from: n)
        let scale = try c.emit("Pow", [sums, try c.scalar(beta, like: x, for: n)], from: n)
        try c.emitFinal("Div", [x, scale], [:], from: n)
    }
}
