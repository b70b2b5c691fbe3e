import Foundation
import LiteIR

/// One-input activations on quantized values, as TFLite's reference kernels:
///
/// - Sigmoid (LOGISTIC), Tanh and Gelu on int8: a 256-entry table built in float (LUTPopulate,
///   kernels/internal/common.h): dequantize, the float op's function, × 1 / output scale,
///   rounded, plus the output zero point, clamped. Fixed outputs: LOGISTIC 1/256 and −128, TANH
///   1/128 and 0, int16 1/32768 and 0 (``QuantizedSigmoid16``). Gelu on int16: the interpolated
///   513-entry table in float. Rsqrt: ``QuantizedRsqrt``.
/// - HardSwish on int8 (``QuantizedHardSwish``); PRelu on int8 with an int8 slope.
/// - Relu, Clip (RELU6, RELU_N1_TO_1) and LeakyRelu (activations.cc, leaky_relu.cc): the input
///   less its zero point times the multiplier of input scale / output scale (α · input scale /
///   output scale below zero for LeakyRelu), plus the output zero point, clamped to the
///   bounds quantized by CalculateActivationRangeQuantized's rule.
enum QuantizedActivations {
    static let kernels: [String: QuantizedKernel] = [
        "Sigmoid": lookupTable(fixed: Quantization(scale: 1.0 / 256, zeroPoint: -128), tanh: false),
        "Tanh": lookupTable(fixed: Quantization(scale: 1.0 / 128, zeroPoint: 0), tanh: true),
        "Gelu": QuantizedKernel(.fromAttributes, check: checkInt8OrInt16, prepare: { q in
            if try q.input(0).dtype == .int8 { return try int8Table(q) }
            // int16: TFLite's interpolated table, computed in float (activations.cc GeluPrepare).
            let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
            let function = try elementFunction(q.node)
            let table = Int16LookupTable(inputScale: inScale, inputZeroPoint: Int(inZero), outputScale: outScale, outputZeroPoint: Int(outZero), function)
            return map(q) { table.lookup($0) }
        }),
        "Rsqrt": QuantizedKernel(.fromAttributes, check: checkInt8OrInt16, prepare: QuantizedRsqrt.prepare),
        "HardSwish": QuantizedKernel(.fromAttributes, check: { q in
            guard try q.input(0).dtype == .int8 else { throw q.node.error("computes int8 values only, got \(try q.input(0))") }
            _ = try q.scalar(0)
        }, prepare: QuantizedHardSwish.prepare),
        "PRelu": QuantizedKernel(.fromAttributes, check: { q in
            let x = try q.input(0), alpha = try q.input(1)
            guard x.dtype == .int8, alpha.dtype == .int8, alpha.quantization != nil else {
                throw q.node.error("computes int8 values with a quantized int8 slope, got \(x) and \(alpha)")
            }
            _ = try q.scalar(0)
        }, prepare: prelu),
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

    /// LOGISTIC or TANH: on int8 through a table of its 256 results, on int16 by ``QuantizedSigmoid16``.
    private static func lookupTable(fixed: Quantization, tanh: Bool) -> QuantizedKernel {
        QuantizedKernel(.fixed([.int8: fixed, .int16: Quantization(scale: 1.0 / 32768, zeroPoint: 0)]), check: { q in
            try checkInt8OrInt16(q)
            // TFLite's LOGISTIC refuses other int8 output parameters (TANH checks none).
            if !tanh, try q.input(0).dtype == .int8, q.output.quantization != fixed {
                throw q.node.error("needs an int8 output of scale 1/256 and zero point −128 (TFLite's requirement), got \(q.output)")
            }
        }, prepare: { q in
            if try q.input(0).dtype == .int16 { return try QuantizedSigmoid16.prepare(q, tanh: tanh) }
            return try int8Table(q)
        })
    }

    /// The float op's own function of one element (the reference kernel's, which is TFLite's).
    private static func elementFunction(_ node: Node) throws -> @Sendable (Float) -> Float {
        guard let make = try OpRegistry.spec(for: node).elementFunction else { throw node.error("has no function of one element") }
        return try make(node)
    }

    /// An int8 op through the table of its 256 results (LUTPopulate, in float): dequantize, the
    /// float op's function, × 1 / output scale, rounded, plus the output zero point, clamped.
    private static func int8Table(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
        let function = try elementFunction(q.node)
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
        // A negative slope: the multiplier of its magnitude, the product negated (LiteRT).
        let negative = QuantizedMultiplier(Double(abs(inScale * alpha / outScale))), sign: Int32 = alpha < 0 ? -1 : 1
        let range = q.outputRange
        return map(q) { x in
            let value = x - inZero
            let scaled = value >= 0 ? identity.apply(value) : sign &* negative.apply(value)
            return min(max(outZero &+ scaled, range.lowerBound), range.upperBound)
        }
    }

    /// PRelu (reference/prelu.h): x − zero point times the multiplier of input scale / output
    /// scale where it is ≥ 0, else (x − zero point)(α − α's zero point) times that of input
    /// scale · α scale / output scale (both in float); plus the output zero point, clamped.
    private static func prelu(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
        let alphaQuantization = try q.input(1).quantization!
        let alphaScale = alphaQuantization.scales[0], alphaZero = Int32(alphaQuantization.zeroPoints[0])
        let positive = QuantizedMultiplier(Double(inScale / outScale))
        let negative = QuantizedMultiplier(Double(inScale * alphaScale / outScale))
        let node = q.node, range = q.outputRange
        return { inputs in
            let x = try inputs.required(0, node), alpha = try inputs.required(1, node)
            let shape = try ShapeMath.broadcast(x.shape, alpha.shape, node: node)
            let xv = x.int32s(), av = alpha.int32s()
            var out = [Int32](repeating: 0, count: shape.reduce(1, *))
            forEachBroadcast(x.shape, alpha.shape, shape) { i, ix, ia in
                let value = xv[ix] - inZero
                let scaled = value >= 0 ? positive.apply(value) : negative.apply(value &* (av[ia] - alphaZero))
                out[i] = min(max(scaled &+ outZero, range.lowerBound), range.upperBound)
            }
            return [Tensor.fromInt32s(out, shape: shape, dtype: .int8)]
        }
    }

    /// The kernel applying `function` to every element (int8 or int16).
    static func map(_ q: QuantizedOperands, _ function: @escaping @Sendable (Int32) -> Int32) -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node, dtype = q.output.dtype
        return { inputs in
            let x = try inputs.required(0, node)
            return [Tensor.fromInt32s(x.int32s().map(function), shape: x.shape, dtype: dtype)]
        }
    }
}
