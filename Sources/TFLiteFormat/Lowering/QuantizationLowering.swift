import LiteIR
import LiteOps

/// Quantize and Dequantize in float arithmetic, where TFLite's QUANTIZE and DEQUANTIZE cannot
/// compute them: per-axis parameters (the reference kernels lack those versions) and ONNX's
/// rounding of halves to even (QUANTIZE rounds them away from zero). Dequantize is
/// (Float(q) − zero point) · scale; Quantize clip(round(x / scale) + zero point) cast to the type.
/// Parameters along an axis broadcast as [1, …, C, …, 1].
enum QuantizationLowering {
    /// ONNX's QuantizeLinear rounds halves to even, which QUANTIZE cannot.
    static func quantize(_ c: inout LoweringContext, _ n: Node) throws {
        if try n.string("rounding", "half_away_from_zero") == "half_to_even" { return try decomposeQuantize(&c, n) }
        try c.builder.add(n)
    }

    static func decomposeDequantize(_ c: inout LoweringContext, _ n: Node) throws {
        let x = try c.type(n.inputs[0])
        guard let q = try Quantization(node: n, dtype: x.dtype, shape: x.shape) else { throw LoweringRefusal("Dequantize without scales") }
        var value = try c.emit("Cast", [n.inputs[0]], ["to": .string("float32")], from: n)
        if q.zeroPoints.contains(where: { $0 != 0 }) {
            value = try c.emit("Sub", [value, parameters(&c, q.zeroPoints.map(Float.init), q, rank: x.rank, n)], from: n)
        }
        try c.emitFinalLowered("Mul", [value, parameters(&c, q.scales, q, rank: x.rank, n)], [:], from: n)
    }

    static func decomposeQuantize(_ c: inout LoweringContext, _ n: Node) throws {
        let x = try c.type(n.inputs[0])
        guard let dtype = DType(rawValue: try n.string("dtype", "int8")), let range = dtype.integerRange,
              let q = try Quantization(node: n, dtype: dtype, shape: x.shape) else { throw LoweringRefusal("Quantize needs an integer dtype and scales") }
        let scaled = try c.emit("Div", [n.inputs[0], parameters(&c, q.scales, q, rank: x.rank, n)], from: n)
        var value: String
        if try n.string("rounding", "half_away_from_zero") == "half_to_even" {
            value = try c.emitLowered("Round", [scaled], from: n)
        } else {
            // Halves away from zero: sign(x) · floor(|x| + ½).
            let magnitude = try c.emit("Floor", [try c.emit("Add", [try c.emitLowered("Abs", [scaled], from: n), try c.scalar(0.5, like: scaled, for: n)], from: n)], from: n)
            value = try c.emit("Mul", [try c.emit("Sign", [scaled], from: n), magnitude], from: n)
        }
        if q.zeroPoints.contains(where: { $0 != 0 }) {
            value = try c.emit("Add", [value, parameters(&c, q.zeroPoints.map(Float.init), q, rank: x.rank, n)], from: n)
        }
        value = try c.emitLowered("Clip", [value], ["min": .float(Float(range.lowest)), "max": .float(Float(range.highest))], from: n)
        try c.emitFinal("Cast", [value], ["to": .string(dtype.rawValue)], from: n)
    }

    /// One value per tensor, or the per-axis values shaped to broadcast along the axis.
    private static func parameters(_ c: inout LoweringContext, _ values: [Float], _ q: Quantization, rank: Int, _ n: Node) throws -> String {
        guard let axis = q.axis else { return c.constant(Tensor(scalar: values[0]), "parameter", for: n) }
        var shape = Array(repeating: 1, count: rank)
        shape[axis] = values.count
        return c.constant(Tensor(shape: shape, values: values), "parameters", for: n)
    }
}
