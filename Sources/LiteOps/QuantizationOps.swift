import Foundation
import LiteIR

/// Quantization parameters as node attributes: `scales`, `zero_points` and, per axis, `axis`.
extension Quantization {
    /// The attributes that carry these parameters on a Quantize or Dequantize node.
    public var attributes: [String: Attribute] {
        var attributes: [String: Attribute] = ["scales": .floats(scales), "zero_points": .ints(zeroPoints.map { Int($0) })]
        if let axis { attributes["axis"] = .int(axis) }
        return attributes
    }

    /// The node's parameters (nil without `scales`), checked against the quantized tensor's
    /// element type and shape: one scale and zero point, or one per slice along `axis`; scales
    /// positive and finite; zero points within the integer type.
    public init?(node: Node, dtype: DType, shape: [Dim]) throws {
        guard let scales = try node.floatsIfPresent("scales") else { return nil }
        let zeroPoints = try node.ints("zero_points", Array(repeating: 0, count: scales.count)).map { Int64($0) }
        let axis = try node.intIfPresent("axis")
        guard let range = dtype.integerRange, dtype != .int64 else { throw node.error("quantized values must be int8, uint8, int16 or int32, not \(dtype)") }
        guard !scales.isEmpty, scales.count == zeroPoints.count else {
            throw node.error("needs as many zero points as scales, got \(zeroPoints.count) and \(scales.count)")
        }
        guard scales.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw node.error("scales must be positive and finite, got \(scales)") }
        guard zeroPoints.allSatisfy({ (range.lowest...range.highest).contains($0) }) else {
            throw node.error("zero points \(zeroPoints) do not fit \(dtype)")
        }
        if let axis {
            guard axis >= 0, axis < shape.count else { throw node.error("quantization axis \(axis) is outside rank \(shape.count)") }
            if let size = shape[axis].value, size != scales.count {
                throw node.error("\(scales.count) scales along axis \(axis) of size \(size)")
            }
        } else if scales.count != 1 {
            throw node.error("\(scales.count) scales need an axis")
        }
        self.init(scales: scales, zeroPoints: zeroPoints, axis: axis)
    }

    /// For an element of a tensor of `shape`, by its flat index: the index of the parameters it
    /// uses (its slice along `axis`, or 0).
    func parameterIndex(_ shape: [Int]) -> (Int) -> Int {
        guard let axis else { return { _ in 0 } }
        let inner = shape[(axis + 1)...].reduce(1, *), size = shape[axis]
        return { ($0 / inner) % size }
    }
}

/// Dequantize: real numbers from quantized integers, as TFLite's DEQUANTIZE computes them
/// (kernels/internal/reference/dequantize.h): per tensor `Float(Double(scale) · (q − zero point))`,
/// per axis `scale[c] · Float(q − zero point[c])` in float; a float16 input is converted exactly.
private let dequantize = OpSpec("Dequantize", OpTraits(.other, axes: .quantizationAxis), infer: { ctx in
    let x = try ctx.input(0)
    if x.dtype == .float16 { return [TensorType(.float32, x.shape)] }
    guard try Quantization(node: ctx.node, dtype: x.dtype, shape: x.shape) != nil, [.int8, .uint8, .int16].contains(x.dtype) else {
        throw ctx.node.error("dequantizes float16, or int8, uint8 and int16 with scales and zero points, got \(x)")
    }
    return [TensorType(.float32, x.shape)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    if x.dtype == .float16 { return [x.converted(to: .float32)] }
    guard let quantization = try Quantization(node: node, dtype: x.dtype, shape: x.shape.map { .fixed($0) }) else {
        throw node.error("needs scales and zero points")
    }
    let values = x.int64s(), slice = quantization.parameterIndex(x.shape)
    let result: [Float] = quantization.axis == nil
        ? values.map { Float(Double(quantization.scales[0]) * Double($0 - quantization.zeroPoints[0])) }
        : values.indices.map { i in
            let c = slice(i)
            return quantization.scales[c] * Float(values[i] - quantization.zeroPoints[c])
        }
    return [Tensor(shape: x.shape, values: result)]
})

/// Quantize: float32 to the integer type `dtype` (int8, uint8, int16), as TFLite's reference
/// QUANTIZE computes it (kernels/internal/reference/quantize.h): round(x / scale) in float,
/// halves away from zero (or, with `rounding` half_to_even, to even as ONNX's QuantizeLinear),
/// plus the zero point, clamped to the type. The output's type carries
/// the quantization. Quantized input is requantized (``QuantizedOps``).
private let quantize = OpSpec("Quantize", OpTraits(.other, axes: .quantizationAxis), infer: { ctx in
    let x = try ctx.input(0)
    guard x.dtype == .float32 || x.quantization != nil else { throw ctx.node.error("quantizes float32 values or requantizes quantized ones, got \(x)") }
    let name = try ctx.node.string("dtype", "int8")
    guard let dtype = DType(rawValue: name), [.int8, .uint8, .int16].contains(dtype) else {
        throw ctx.node.error("quantizes to int8, uint8 or int16, not \(name)")
    }
    guard let quantization = try Quantization(node: ctx.node, dtype: dtype, shape: x.shape) else { throw ctx.node.error("needs scales") }
    guard ["half_away_from_zero", "half_to_even"].contains(try ctx.node.string("rounding", "half_away_from_zero")) else {
        throw ctx.node.error("rounding must be half_away_from_zero (TFLite's QUANTIZE) or half_to_even (ONNX's QuantizeLinear)")
    }
    return [TensorType(dtype, x.shape, quantization: quantization)]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    guard let dtype = DType(rawValue: try node.string("dtype", "int8")), let range = dtype.integerRange,
          let quantization = try Quantization(node: node, dtype: dtype, shape: x.shape.map { .fixed($0) }) else {
        throw node.error("needs an integer dtype and scales")
    }
    let values = x.floats(), slice = quantization.parameterIndex(x.shape)
    let rounding: FloatingPointRoundingRule = try node.string("rounding", "half_away_from_zero") == "half_to_even"
        ? .toNearestOrEven : .toNearestOrAwayFromZero
    let result: [Int64] = values.indices.map { i in
        let c = slice(i)
        let scaled = (values[i] / quantization.scales[c]).rounded(rounding)
        let unclamped = (Int64(exactly: scaled) ?? (scaled < 0 ? Int64(Int32.min) : Int64(Int32.max))) + quantization.zeroPoints[c]
        return min(max(unclamped, range.lowest), range.highest)
    }
    return [Tensor.fromInt64s(result, shape: x.shape, dtype: dtype)]
})

let quantizationOps: [OpSpec] = [dequantize, quantize]
