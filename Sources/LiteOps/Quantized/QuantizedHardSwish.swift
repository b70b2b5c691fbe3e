import LiteIR

/// HardSwish on int8 values, as TFLite's reference_ops::HardSwish (activations.cc
/// HardSwishPrepare, reference/hard_swish.h), in int16 fixed point throughout: the input less
/// its zero point at 2⁷ times the resolution ("hires"); the output part is hires times the
/// 16-bit multiplier of (input scale / 128) / output scale; the "reluish" part is hires times
/// that of (input scale / 128) / (3 / 32768), shifted, mapped from [−1, 1] to [0, 1]; their
/// truncating doubling product, shifted by the output multiplier's exponent, plus the output
/// zero point, clamped. Multipliers are computed in float.
enum QuantizedHardSwish {
    static func prepare(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
        let hiresScale = (1 / Float(128)) * inScale
        let output = QuantizedMultiplier(Double(hiresScale / outScale))
        let reluish = QuantizedMultiplier(Double(hiresScale / (3 / Float(32768))))
        guard output.shift <= 0 else { throw q.node.error("the output scale is too small for TFLite's int8 HARD_SWISH") }
        let outputMultiplier = downscaled(output.multiplier), reluishMultiplier = downscaled(reluish.multiplier)
        let node = q.node
        return { inputs in
            let x = try inputs.required(0, node)
            let out = x.int32s().map { value -> Int32 in
                let hires = Int32(Int16(truncatingIfNeeded: (value - inZero) * (1 << 7)))
                let preshifted = highMul(hires, outputMultiplier)
                var relu = hires
                if reluish.shift > 0 { relu = saturatingShift(relu, reluish.shift - 1) }
                relu = highMul(relu, reluishMultiplier)
                if reluish.shift > 0 { relu = saturatingShift(relu, 1) }
                if reluish.shift < 0 { relu = FixedPoint.roundingDivideByPOT(relu, -reluish.shift) }
                relu = (relu + (1 << 15)) >> 1
                let product = truncatingDoublingHighMul(relu, preshifted)
                let result = FixedPoint.roundingDivideByPOT(product, -output.shift) + outZero
                return min(max(result, -128), 127)
            }
            return [Tensor.fromInt32s(out, shape: x.shape, dtype: .int8)]
        }
    }

    /// DownScaleInt32ToInt16Multiplier: the top 16 bits, rounded, capped at 32767.
    private static func downscaled(_ multiplier: Int32) -> Int32 {
        multiplier >= Int32.max - (1 << 15) ? 32767 : (multiplier + (1 << 15)) >> 16
    }

    /// gemmlowp's int16 SaturatingRoundingDoublingHighMul.
    private static func highMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == -32768 && b == -32768 { return 32767 }
        let product = a * b
        return (product + (product >= 0 ? 1 << 14 : 1 - (1 << 14))) / (1 << 15)
    }

    /// gemmlowp's int16 SaturatingDoublingHighMul: the product / 2¹⁵, truncated.
    private static func truncatingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == -32768 && b == -32768 { return 32767 }
        return a * b / (1 << 15)
    }

    /// x · 2^shift saturated to int16.
    private static func saturatingShift(_ x: Int32, _ shift: Int) -> Int32 {
        Int32(min(max(Int64(x) << Int64(shift), -32768), 32767))
    }
}
