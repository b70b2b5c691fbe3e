import LiteIR
import LiteOps

/// int8 Add/Sub where each operand is the output's shape or repeats along its leading axes (a
/// per-channel constant, a single value), in plain loops over the integers with
/// ``QuantizedAddition`` (what the reference kernel computes per element, so bit for bit);
/// float32 → int8 Quantize per tensor, the reference's arithmetic (x / scale rounded half away
/// from zero, plus the zero point, clamped; NaN to the highest). Other shapes and types: the
/// reference kernel, or nil.
enum QuantizedElementwiseKernels {
    /// The fast kernel of a quantized Add or Sub in its graph (`reference` for other operand
    /// shapes), nil for any other node.
    static func kernel(for node: Node, in graph: InferenceContext, reference: @escaping @Sendable ([Tensor?]) throws -> [Tensor]) throws
        -> (@Sendable ([Tensor?], KernelContext) throws -> [Tensor])? {
        guard let addition = try QuantizedAddition(graph), graph.inputTypes.count == 2,
              graph.inputTypes.allSatisfy({ $0?.dtype == .int8 }) else { return nil }
        return { inputs, context in
            guard let a = inputs[0], let b = inputs[1] else { throw node.error("missing an operand") }
            let shape = a.count >= b.count ? a.shape : b.shape, count = max(a.count, b.count)
            guard repeats(a.shape, within: shape), repeats(b.shape, within: shape) else { return try reference(inputs) }
            return [try FloatStorage.make(.int8, shape, context) { raw in
                let out = raw.assumingMemoryBound(to: Int8.self)
                a.data.withUnsafeBytes { aRaw in
                    b.data.withUnsafeBytes { bRaw in
                        let x = aRaw.bindMemory(to: Int8.self).baseAddress!, y = bRaw.bindMemory(to: Int8.self).baseAddress!
                        if a.count == count && b.count == count {
                            for i in 0..<count { out[i] = Int8(truncatingIfNeeded: addition(Int32(x[i]), Int32(y[i]))) }
                        } else {
                            let (xPeriod, yPeriod) = (a.count, b.count)
                            for i in 0..<count { out[i] = Int8(truncatingIfNeeded: addition(Int32(x[i % xPeriod]), Int32(y[i % yPeriod]))) }
                        }
                    }
                }
            }]
        }
    }

    /// Whether `operand`, broadcast to `shape`, is its own values repeated (its dims past leading
    /// ones are `shape`'s last dims).
    private static func repeats(_ operand: [Int], within shape: [Int]) -> Bool {
        let dims = operand.drop { $0 == 1 }
        return dims.count <= shape.count && Array(shape.suffix(dims.count)) == Array(dims)
    }

    /// float32 → int8 QUANTIZE with one scale (TFLite's rounding; ONNX's half-to-even is left to
    /// the reference kernel).
    static let table: [String: FastKernel] = [
        "Quantize": { node, inputs, context in
            guard let x = inputs.first ?? nil, x.dtype == .float32, (try? node.string("rounding", "half_away_from_zero")) == "half_away_from_zero",
                  (try? node.string("dtype", "int8")) == "int8", let q = try Quantization(node: node, dtype: .int8, shape: x.shape.map(Dim.fixed)),
                  q.axis == nil else { return nil }
            let scale = q.scales[0], zeroPoint = Float(q.zeroPoints[0])
            return [try FloatStorage.make(.int8, x.shape, context) { raw in
                let out = raw.assumingMemoryBound(to: Int8.self)
                x.data.withUnsafeBytes { xRaw in
                    let v = xRaw.bindMemory(to: Float.self)
                    for i in 0..<x.count {
                        let value = (v[i] / scale).rounded(.toNearestOrAwayFromZero) + zeroPoint
                        out[i] = value.isNaN ? 127 : Int8(min(max(value, -128), 127))  // NaN as the reference's: the highest
                    }
                }
            }]
        },
    ]
}
