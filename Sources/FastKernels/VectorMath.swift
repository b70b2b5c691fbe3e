/// Eight-lane exp, sigmoid and ReLU for the fast kernels, within 3e-7 relative of the scalar
/// functions the reference kernels use over normal results (checked by the agreement tests).
enum VectorMath {
    /// The functions with a vector form.
    enum Function {
        case exp, sigmoid, relu

        @inline(__always)
        func apply(_ x: SIMD8<Float>) -> SIMD8<Float> {
            switch self {
            case .exp: VectorMath.exp(x)
            case .sigmoid: VectorMath.sigmoid(x)
            case .relu: x.replacing(with: 0, where: x .< 0)  // NaN stays NaN, as max(x, 0) keeps it
            }
        }
    }

    /// e^x: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial to r⁶ (truncation
    /// below 1.3e-7 relative), times 2^n built in the exponent bits of two factors (so subnormal
    /// results and the top of float's range are reached too). Past float's range: ∞ above, 0
    /// below; NaN stays NaN.
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -103.972_08), high = SIMD8<Float>(repeating: 88.722_84)
        let clamped = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
        // Adding 1.5·2²³ rounds to an integer, which then sits in the low mantissa bits.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        let r = clamped - n * 0.693_145_75 - n * 1.428_606_8e-6
        var p = SIMD8<Float>(repeating: 1 / 720)
        p = p * r + SIMD8(repeating: 1 / 120)
        p = p * r + SIMD8(repeating: 1 / 24)
        p = p * r + SIMD8(repeating: 1 / 6)
        p = p * r + SIMD8(repeating: 1 / 2)
        p = p * r + SIMD8(repeating: 1)
        p = p * r + SIMD8(repeating: 1)
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let half = integer &>> 1
        let first = unsafeBitCast((half &+ 127) &<< 23, to: SIMD8<Float>.self)
        let second = unsafeBitCast((integer &- half &+ 127) &<< 23, to: SIMD8<Float>.self)
        return (p * first * second).replacing(with: .infinity, where: x .> high).replacing(with: x, where: x .!= x)
    }

    /// 1 / (1 + e^−x).
    @inline(__always)
    static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
        1 / (1 + exp(-x))
    }
}

extension UnsafePointer where Pointee == Float {
    /// The eight floats from here on, at any alignment.
    @inline(__always)
    func loadVector() -> SIMD8<Float> { UnsafeRawPointer(self).loadUnaligned(as: SIMD8<Float>.self) }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Writes eight floats from here on, at any alignment.
    @inline(__always)
    func storeVector(_ vector: SIMD8<Float>) { UnsafeMutableRawPointer(self).storeBytes(of: vector, as: SIMD8<Float>.self) }
}
