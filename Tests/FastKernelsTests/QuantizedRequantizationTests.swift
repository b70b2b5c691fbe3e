@testable import FastKernels
import LiteIR
import LiteOps
import XCTest

/// The int8 convolution's four-lane requantization against the scalar fixed-point multiply of
/// the reference kernels (TFLite's MultiplyByQuantizedMultiplier), on accumulators spread over
/// the int32 range and its edges, for multipliers from 2⁻²⁰ to 2⁸ (left shifts included).
final class QuantizedRequantizationTests: XCTestCase {
    func testFourLanesEqualTheScalarMultiplyBitForBit() {
        // One multiplier in every lane (convolutions), then four different ones (depthwise).
        var generator = SplitMix64(seed: 11)
        let edges: [Int32] = [0, 1, -1, 2, -2, .max, .min, .max - 1, .min + 1, 1 << 30, -(1 << 30)]
        for exponent in -20...8 {
            for fraction in [0.5, 0.6180339, 0.75, 0.9999999] {
                let multiplier = QuantizedMultiplier(fraction * pow(2, Double(exponent)))
                var lanes = edges
                for _ in 0..<400 {
                    let scale = Int32(1) << Int32.random(in: 0...30, using: &generator)
                    lanes.append(Int32.random(in: -scale...scale - 1, using: &generator))
                }
                for start in stride(from: 0, to: lanes.count - 3, by: 4) {
                    let x = SIMD4(lanes[start], lanes[start + 1], lanes[start + 2], lanes[start + 3])
                    let simd = QuantizedConvolutionKernels.requantize(x, .init(repeating: multiplier))
                    for i in 0..<4 { XCTAssertEqual(simd[i], multiplier.apply(x[i]), "\(x[i]) × \(multiplier)") }
                    let mixed = (0..<4).map { QuantizedMultiplier(fraction * pow(2, Double(exponent - 3 * $0))) }
                    let lanes = QuantizedConvolutionKernels.requantize(x, .init(mixed))
                    for i in 0..<4 { XCTAssertEqual(lanes[i], mixed[i].apply(x[i]), "\(x[i]) × \(mixed[i])") }
                }
            }
        }
    }
}
