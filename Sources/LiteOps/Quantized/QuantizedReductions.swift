import LiteIR

/// ReduceMean, AvgPool2D and MaxPool2D on quantized values, as TFLite's reference kernels:
///
/// - ReduceMean (reference/reduce.h QuantizedMeanOrSum): the raw sum over N elements, less
///   N · input zero point, times the multiplier of input scale / output scale with 1/N folded
///   in (shifted left by min(⌊log₂ N⌋, 32, 31 + shift) bits and divided by N, truncating), plus
///   the output zero point, clamped to the type.
/// - AvgPool2D (reference/integer_ops/pooling.h): the raw sum over the taps inside the input,
///   divided by their count rounding halves away from zero; output parameters as the input's.
/// - MaxPool2D: the largest tap, from the type's lowest value. Both clamp to the activation.
enum QuantizedReductions {
    static let kernels: [String: QuantizedKernel] = [
        "ReduceMean": QuantizedKernel(.fromAttributes, check: checkData, prepare: mean),
        "AvgPool2D": QuantizedKernel(.sameAsInput, check: checkPool, prepare: { try pool($0, isMax: false) }),
        "MaxPool2D": QuantizedKernel(.sameAsInput, check: checkPool, prepare: { try pool($0, isMax: true) }),
    ]

    private static func checkData(_ q: QuantizedOperands) throws {
        guard try [.int8, .int16].contains(q.input(0).dtype) else { throw q.node.error("computes int8 or int16 values, got \(try q.input(0))") }
        _ = try q.scalar(0)
    }

    private static func checkPool(_ q: QuantizedOperands) throws {
        try checkData(q)
        guard try q.node.int("ceil_mode", 0) == 0, try q.node.int("count_include_pad", 0) == 0, q.node.outputs.count == 1 else {
            throw q.node.error("pools quantized values without ceil_mode, counted pads or indices only (as TFLite)")
        }
    }

    private static func mean(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node
        let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
        let base = QuantizedMultiplier(Double(inScale) / Double(outScale))
        let range = q.outputRange, dtype = q.output.dtype
        return { inputs in
            let x = try inputs.required(0, node)
            let reduced = try reducedAxes(node, inputs.count > 1 ? inputs[1]?.ints() : try node.intsIfPresent("axes"), rank: x.rank)
            let outFull = x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
            let outStrides = ShapeMath.broadcastStrides(outFull, to: x.shape), inStrides = ShapeMath.strides(x.shape)
            let outCount = outFull.reduce(1, *)
            let xv = x.int32s()
            var sums = [Int32](repeating: 0, count: outCount)
            for i in xv.indices {
                var o = 0
                for d in x.shape.indices { o += (i / inStrides[d]) % x.shape[d] * outStrides[d] }
                sums[o] = sums[o] &+ xv[i]
            }
            let n = outCount == 0 ? 0 : xv.count / outCount
            let keep = try node.int("keepdims", 1) != 0
            let shape = keep ? outFull : x.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
            guard n > 0 else { return [Tensor.fromInt32s(sums.map { _ in 0 }, shape: shape, dtype: dtype)] }
            let shift = min(63 - UInt64(n).leadingZeroBitCount, 32, 31 + base.shift)
            let multiplier = QuantizedMultiplier(multiplier: Int32(truncatingIfNeeded: (Int64(base.multiplier) << shift) / Int64(n)),
                                                 shift: base.shift - shift)
            let out = sums.map { sum in
                min(max(multiplier.apply(sum &- inZero &* Int32(truncatingIfNeeded: n)) &+ outZero, range.lowerBound), range.upperBound)
            }
            return [Tensor.fromInt32s(out, shape: shape, dtype: dtype)]
        }
    }

    private static func pool(_ q: QuantizedOperands, isMax: Bool) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node
        let window = try SpatialWindow(node: node, kernel: try node.ints("kernel_shape", []))
        let range = try q.activationRange(), dtype = q.output.dtype
        return { inputs in
            let x = try inputs.required(0, node)
            let (batch, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            let oh = window.outputSize(h, axis: 0), ow = window.outputSize(w, axis: 1)
            let xv = x.int32s()
            var out = [Int32](repeating: 0, count: batch * oh * ow * c)
            var acc = [Int32](repeating: 0, count: c)
            for n in 0..<batch {
                for y in 0..<oh {
                    for xo in 0..<ow {
                        for i in 0..<c { acc[i] = isMax ? Int32.min : 0 }
                        var count: Int32 = 0
                        window.forEachTap(y: y, x: xo, height: h, width: w) { _, iy, ix in
                            count += 1
                            let base = ((n * h + iy) * w + ix) * c
                            for i in 0..<c { acc[i] = isMax ? max(acc[i], xv[base + i]) : acc[i] &+ xv[base + i] }
                        }
                        let outBase = ((n * oh + y) * ow + xo) * c
                        for i in 0..<c {
                            var value = acc[i]
                            if !isMax {
                                value = count == 0 ? 0 : value > 0 ? (value + count / 2) / count : (value - count / 2) / count
                            }
                            out[outBase + i] = min(max(value, range.lowerBound), range.upperBound)
                        }
                    }
                }
            }
            return [Tensor.fromInt32s(out, shape: [batch, oh, ow, c], dtype: dtype)]
        }
    }
}
