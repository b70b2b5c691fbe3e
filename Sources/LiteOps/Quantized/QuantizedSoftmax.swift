import LiteIR

/// Softmax over the last axis of quantized values, as TFLite's reference kernel (kernels/
/// activations.cc Prepare, reference/softmax.h). int8 (int16: ``QuantizedSoftmax16``): gemmlowp
/// fixed point, no table. Differences from the row's
/// maximum are scaled to Q5.26 by the multiplier of β · input scale · 2²⁶, exponentiated
/// (`expOnNegativeValues`), summed in Q12.19, and each exponential is multiplied by the sum's
/// reciprocal; the output is int8 with scale 1/256 and zero point −128. A difference below
/// −(the input radius) contributes nothing and gives −128. `beta` is an attribute (TFLite's
/// option), 1 by default.
enum QuantizedSoftmax {
    static let kernel = QuantizedKernel(.fixed([.int8: Quantization(scale: 1.0 / 256, zeroPoint: -128),
                                                .int16: Quantization(scale: 1.0 / 32768, zeroPoint: 0)]), check: { q in
        let x = try q.input(0)
        guard [.int8, .int16].contains(x.dtype), try q.node.int("axis", -1) == -1 || q.node.int("axis", -1) == x.rank - 1 else {
            throw q.node.error("computes int8 or int16 values over the last axis only, got \(x)")
        }
        let (scale, zeroPoint) = q.outputScalar
        let required: (scale: Float, zeroPoint: Int32) = x.dtype == .int8 ? (1.0 / 256, -128) : (1.0 / 32768, 0)
        guard zeroPoint == required.zeroPoint, abs(scale - required.scale) <= required.scale * 0.001 else {
            throw q.node.error("needs an output of scale 1/\(Int(1 / required.scale)) and zero point \(required.zeroPoint) "
                               + "(TFLite's requirement), got \(q.output)")
        }
        if x.dtype == .int16 {
            guard try q.scalar(0).zeroPoint == 0 else { throw q.node.error("int16 input must have zero point 0") }
            return
        }
        guard try multiplier(q).multiplier > 0 else { throw q.node.error("β · input scale is too small for TFLite's fixed-point softmax") }
    }, prepare: { q in try q.input(0).dtype == .int8 ? prepare(q) : QuantizedSoftmax16.prepare(q) })

    private static let scaledDiffIntegerBits = 5, accumulationIntegerBits = 12

    /// PreprocessSoftmaxScaling: min(β · scale · 2^(31 − 5), 2³¹ − 1) as a multiplier > 1.
    private static func multiplier(_ q: QuantizedOperands) throws -> QuantizedMultiplier {
        let beta = Double(try q.node.float("beta", 1))
        let real = min(beta * Double(try q.scalar(0).scale) * Double(1 << (31 - scaledDiffIntegerBits)), Double((1 << 31) - 1))
        return real > 1 ? QuantizedMultiplier(real) : QuantizedMultiplier(multiplier: 0, shift: 0)
    }

    private static func prepare(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node, multiplier = try multiplier(q)
        let leftShift = multiplier.shift
        // CalculateInputRadius(5, left shift): floor((2⁵ − 1) · 2²⁶ / 2^shift).
        let radius = Int32((Double((1 << scaledDiffIntegerBits) - 1) * Double(1 << (31 - scaledDiffIntegerBits)) / Double(1 << leftShift)).rounded(.down))
        return { inputs in
            let x = try inputs.required(0, node)
            let depth = x.shape.last ?? 1
            let xv = x.int32s()
            var out = [Int32](repeating: -128, count: xv.count)
            guard depth > 0 else { return [Tensor.fromInt32s(out, shape: x.shape, dtype: .int8)] }
            func exponential(_ diff: Int32) -> Int32 {
                let rescaled = FixedPoint.saturatingRoundingDoublingHighMul(diff &* (1 << Int32(leftShift)), multiplier.multiplier)
                return GemmlowpMath.expOnNegativeValues(rescaled, integerBits: scaledDiffIntegerBits)
            }
            for row in stride(from: 0, to: xv.count, by: depth) {
                let maximum = xv[row..<(row + depth)].max()!
                var sum: Int32 = 0
                for c in row..<(row + depth) where xv[c] - maximum >= -radius {
                    sum = sum &+ FixedPoint.roundingDivideByPOT(exponential(xv[c] - maximum), accumulationIntegerBits)
                }
                let (reciprocal, bitsOverUnit) = GemmlowpMath.reciprocal(sum, integerBits: accumulationIntegerBits)
                for c in row..<(row + depth) where xv[c] - maximum >= -radius {
                    let product = FixedPoint.saturatingRoundingDoublingHighMul(reciprocal, exponential(xv[c] - maximum))
                    let unsaturated = FixedPoint.roundingDivideByPOT(product, bitsOverUnit + 31 - 8)
                    out[c] = min(max(unsaturated - 128, -128), 127)
                }
            }
            return [Tensor.fromInt32s(out, shape: x.shape, dtype: .int8)]
        }
    }
}

/// gemmlowp's fixed-point functions (fixedpoint.h) on raw int32 values: a value with k integer
/// bits stands for raw / 2^(31 − k); multiplication is the rounding doubling high multiply.
enum GemmlowpMath {
    @inline(__always) private static func mul(_ a: Int32, _ b: Int32) -> Int32 { FixedPoint.saturatingRoundingDoublingHighMul(a, b) }

    /// exp(x) for x in [−1/4, 0) with 0 integer bits: a Taylor expansion around −1/8.
    static func expOnIntervalNegativeQuarterToZero(_ a: Int32) -> Int32 {
        let constantTerm: Int32 = 1_895_147_668, oneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)
        let x2 = mul(x, x), x3 = mul(x2, x), x4 = mul(x2, x2)
        let x4Over4 = FixedPoint.roundingDivideByPOT(x4, 2)
        let polynomial = FixedPoint.roundingDivideByPOT(mul(x4Over4 &+ x3, oneThird) &+ x2, 1)
        return constantTerm &+ mul(constantTerm, x &+ polynomial)
    }

    /// exp(a) for a ≤ 0 given with `integerBits` integer bits; the result has 0 integer bits.
    static func expOnNegativeValues(_ a: Int32, integerBits: Int) -> Int32 {
        let fractionalBits = 31 - integerBits
        let oneQuarter: Int32 = 1 << Int32(fractionalBits - 2)
        let modQuarterMinusQuarter = (a & (oneQuarter - 1)) &- oneQuarter
        var result = expOnIntervalNegativeQuarterToZero(FixedPoint.saturatingLeftShift(modQuarterMinusQuarter, integerBits))
        let remainder = modQuarterMinusQuarter &- a
        let barrel: [(exponent: Int, multiplier: Int32)] = [
            (-2, 1_672_461_947), (-1, 1_302_514_674), (0, 790_015_084), (1, 290_630_308), (2, 39_332_535), (3, 720_401), (4, 242),
        ]
        for (exponent, multiplier) in barrel where integerBits > exponent {
            if remainder & (1 << Int32(fractionalBits + exponent)) != 0 { result = mul(result, multiplier) }
        }
        if integerBits > 5, a < -(1 << Int32(36 - integerBits)) { result = 0 }
        return a == 0 ? .max : result
    }

    /// 1 / (1 + x) for x in [0, 1) with 0 integer bits, by three Newton–Raphson steps; the
    /// result has 0 integer bits.
    static func oneOverOnePlusX(_ a: Int32) -> Int32 {
        let halfDenominator = FixedPoint.roundingHalfSum(a, .max)
        let fortyEightOver17: Int32 = 1_515_870_810, negThirtyTwoOver17: Int32 = -1_010_580_540
        var x = fortyEightOver17 &+ mul(halfDenominator, negThirtyTwoOver17)
        let one: Int32 = 1 << 29
        for _ in 0..<3 {
            let oneMinus = one &- mul(halfDenominator, x)
            x = x &+ FixedPoint.saturatingLeftShift(mul(x, oneMinus), 2)
        }
        return FixedPoint.saturatingLeftShift(x, 1)
    }

    /// GetReciprocal: 1 / x for x with `integerBits` integer bits, as a value with 0 integer
    /// bits and the number of bits x has above 1.
    static func reciprocal(_ x: Int32, integerBits: Int) -> (Int32, Int) {
        let headroomPlusOne = UInt32(bitPattern: x).leadingZeroBitCount
        let shiftedMinusOne = Int32(bitPattern: (UInt32(bitPattern: x) << UInt32(headroomPlusOne)) &- (1 << 31))
        return (oneOverOnePlusX(shiftedMinusOne), integerBits - headroomPlusOne)
    }
}
