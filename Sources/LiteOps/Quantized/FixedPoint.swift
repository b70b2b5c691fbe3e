import Foundation

/// TFLite's integer arithmetic as its reference kernels compute it (kernels/internal/common.h,
/// quantization_util.cc, and gemmlowp's fixedpoint.h for the rounding primitives), in the
/// default double-rounding build. All shifts are arithmetic; every rounding is to nearest with
/// halves away from zero unless a function says otherwise.
@usableFromInline
enum FixedPoint {
    /// (a · b) / 2³¹ rounded, saturating the one overflowing case (INT32_MIN²).
    @inlinable
    static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == b && a == .min { return .max }
        // |a · b| ≤ 2⁶², so the wrapping operations never wrap (and need no overflow checks).
        let product = Int64(a) &* Int64(b)
        let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
        return Int32(truncatingIfNeeded: (product &+ nudge) / (1 << 31))
    }

    /// x / 2^exponent (0 ≤ exponent ≤ 31) rounded.
    @inlinable
    static func roundingDivideByPOT(_ x: Int32, _ exponent: Int) -> Int32 {
        let mask = Int32(truncatingIfNeeded: (Int64(1) << exponent) - 1)
        let remainder = x & mask
        let threshold = (mask >> 1) &+ (x < 0 ? 1 : 0)
        return (x >> Int32(exponent)) &+ (remainder > threshold ? 1 : 0)
    }

    /// x · 2^exponent for exponent ≥ 0, saturating to the int32 range.
    @inline(__always)
    static func saturatingLeftShift(_ x: Int32, _ exponent: Int) -> Int32 {
        guard exponent > 0 else { return x }
        let threshold = Int32((Int64(1) << (31 - exponent)) - 1)
        if x > threshold { return .max }
        if x < -threshold { return .min }
        return x << Int32(exponent)
    }

    /// (a + b) / 2 rounded, as gemmlowp's RoundingHalfSum.
    @inline(__always)
    static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        return Int32(truncatingIfNeeded: (sum + (sum >= 0 ? 1 : -1)) / 2)
    }
}

/// A real multiplier as TFLite's QuantizeMultiplier stores it: multiplier · 2^(shift − 31), the
/// multiplier in [2³⁰, 2³¹) (or 0).
public struct QuantizedMultiplier: Sendable, Equatable {
    public let multiplier: Int32
    public let shift: Int

    public init(multiplier: Int32, shift: Int) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// QuantizeMultiplier(double): frexp, the fraction · 2³¹ rounded, 2³¹ carried into the
    /// shift, multipliers below 2⁻³¹·½ flushed to zero.
    public init(_ real: Double) {
        guard real != 0, real.isFinite else {
            self.init(multiplier: 0, shift: 0)
            return
        }
        let exponent = real.exponent + 1
        let fraction = real / Double(sign: .plus, exponent: exponent, significand: 1)
        var fixed = Int64((fraction * Double(1 << 31)).rounded(.toNearestOrAwayFromZero))
        var shift = Int(exponent)
        if fixed == 1 << 31 {
            fixed /= 2
            shift += 1
        }
        if shift < -31 {
            shift = 0
            fixed = 0
        }
        self.init(multiplier: Int32(fixed), shift: shift)
    }

    /// MultiplyByQuantizedMultiplier(int32): a doubling high multiply after the left part of the
    /// shift (an int32 multiply that wraps, as TFLite's), a rounding shift for the right part.
    @inlinable
    public func apply(_ x: Int32) -> Int32 {
        let left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift
        return FixedPoint.roundingDivideByPOT(
            FixedPoint.saturatingRoundingDoublingHighMul(x &* Int32(truncatingIfNeeded: Int64(1) << left), multiplier), right)
    }

    /// MultiplyByQuantizedMultiplier(int64), the int16-activation kernels' form: the multiplier
    /// reduced to 16 bits (rounded, capped at 0x7FFF), halves rounded up.
    @inlinable
    public func apply(_ x: Int64) -> Int32 {
        let reduced = Int64(multiplier < 0x7FFF_0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF)
        let totalShift = 15 - shift
        let rounded = x &* reduced &+ (Int64(1) << (totalShift - 1))
        return Int32(truncatingIfNeeded: rounded >> Int64(totalShift))
    }
}
