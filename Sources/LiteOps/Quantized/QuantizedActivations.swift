import Foundation
import LiteIR

/// One-input activations on quantized values, as TFLite's reference kernels:
///
/// - Sigmoid (LOGISTIC) and Tanh on int8: a 256-entry table built in float (LUTPopulate,
///   kernels/internal/common.h): dequantize, the float function, × 1 / output scale, rounded,
///   plus the output zero point, clamped. Fixed outputs: LOGISTIC 1/256 and −128, TANH 1/128 and 0.
/// - Relu, Clip (RELU6, RELU_N1_TO_1) and LeakyRelu (activations.cc, leaky_relu.cc): the input
///   less its zero point times the multiplier of input scale / output scale (α · input scale /
///   output scale below zero for LeakyRelu), plus the output zero point, clamped to the
///   bounds quantized by CalculateActivationRangeQuantized's rule.
enum QuantizedActivations {
    static let kernels: [String: QuantizedKernel] = [
        "Sigmoid": lookupTable(fixed: Quantization(scale: 1.0 / 256, zeroPoint: -128)) { 1 / (1 + exp(-$0)) },
        "Tanh": lookupTable(fixed: Quantization(scale: 1.0 / 128, zeroPoint: 0)) { tanh($0) },
        "Relu": QuantizedKernel(.sameAsInput, check: checkInt8OrInt16, prepare: { try rescale($0, bounds: (0, nil)) }),
        "Clip": QuantizedKernel(.sameAsInput, check: checkInt8OrInt16, prepare: { q in
            try rescale(q, bounds: (try q.node.floatIfPresent("min"), try q.node.floatIfPresent("max")))
        }),
        "LeakyRelu": QuantizedKernel(.sameAsInput, check: checkInt8OrInt16, prepare: leakyRelu),
    ]

    private static func checkInt8OrInt16(_ q: QuantizedOperands) throws {
        guard try [.int8, .int16].contains(q.input(0).dtype) else { throw q.node.error("computes int8 or int16 values, got \(try q.input(0))") }
        _ = try q.scalar(0)
    }

    /// An int8 op computed through a table of its 256 results.
    private static func lookupTable(fixed: Quantization, _ function: @escaping @Sendable (Float) -> Float) -> QuantizedKernel {
        QuantizedKernel(.fixed([.int8: fixed]), check: { q in
            guard try q.input(0).dtype == .int8 else { throw q.node.error("computes int8 values only, got \(try q.input(0))") }
            _ = try q.scalar(0)
        }, prepare: { q in
            let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
            let inverse = 1 / outScale
            let table: [Int8] = (-128...127).map { value in
                let rescaled = (function(inScale * Float(Int32(value) - inZero)) * inverse).rounded(.toNearestOrAwayFromZero)
                let quantized = rescaled.isFinite ? Int32(max(min(rescaled + Float(outZero), 1e9), -1e9)) : 0
                return Int8(min(max(quantized, -128), 127))
            }
            let node = q.node
            return { inputs in
                let x = try inputs.required(0, node)
                return [Tensor(shape: x.shape, values: x.values(Int8.self).map { table[Int($0) + 128] })]
            }
        })
    }

    /// Relu and Clip: rescaled to the output's parameters, clamped to the quantized bounds.
    private static func rescale(_ q: QuantizedOperands, bounds: (lower: Float?, upper: Float?)) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
        let multiplier = QuantizedMultiplier(Double(inScale) / Double(outScale))
        let full = q.outputRange
        func quantized(_ bound: Float) -> Int32 { outZero &+ Int32((bound / outScale).rounded(.toNearestOrAwayFromZero)) }
        let lower = bounds.lower.map { max(full.lowerBound, quantized($0)) } ?? full.lowerBound
        let upper = bounds.upper.map { min(full.upperBound, quantized($0)) } ?? full.upperBound
        return map(q) { x in min(max(outZero &+ multiplier.apply(x - inZero), lower), max(lower, upper)) }
    }

    private static func leakyRelu(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
        let alpha = try q.node.float("alpha", 0.01)
        let identity = QuantizedMultiplier(Double(inScale / outScale))
        let negative = QuantizedMultiplier(Double(inScale * alpha / outScale))
        let range = q.outputRange
        return map(q) { x in
            let value = x - inZero
            return min(max(outZero &+ (value >= 0 ? identity : negative).apply(value), range.lowerBound), range.upperBound)
        }
    }

    /// The kernel applying `function` to every element (int8 or int16).
    private static func map(_ q: QuantizedOperands, _ function: @escaping @Sendable (Int32) -> Int32) -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node, dtype = q.output.dtype
        return { inputs in
            let x = try inputs.required(0, node)
            return [Tensor.fromInt32s(x.int32s().map(function), shape: x.shape, dtype: dtype)]
        }
    }
}
