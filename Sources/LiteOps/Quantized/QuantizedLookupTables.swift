import Foundation
import LiteIR

/// TFLite's 513-entry int16 tables and their interpolated lookup (kernels/internal/common.h
/// LUTPopulateInt16 and LUTLookup), computed in `F` as TFLite computes each (double for
/// SOFTMAX's tables, float for the activations').
struct Int16LookupTable: Sendable {
    let entries: [Int32]

    /// f sampled at 512 steps over the input range of (scale, zero point), each entry biased by
    /// half the error of interpolating at the step's midpoint; the last entry is f(input max).
    /// Outputs in the output's (scale, zero point) integers, clamped to int16.
    init<F: BinaryFloatingPoint>(inputScale: F, inputZeroPoint: Int, outputScale: F, outputZeroPoint: Int, _ f: (F) -> F) {
        let inputMin = inputScale * F(-32768 - inputZeroPoint), inputMax = inputScale * F(32767 - inputZeroPoint)
        let outputMin = outputScale * F(-32768 - outputZeroPoint), outputMax = outputScale * F(32767 - outputZeroPoint)
        let step = (inputMax - inputMin) / 512, halfStep = step / 2
        let inverse = F(65536) / (outputMax - outputMin)
        func round(_ v: F) -> F { v.rounded(.toNearestOrAwayFromZero) }
        func clamp(_ v: F) -> Int32 { v.isNaN ? 0 : Int32(min(max(v, -32768), 32767)) }
        var entries: [Int32] = (0..<512).map { i in
            let value = f(inputMin + F(i) * step), midpoint = f(inputMin + F(i) * step + halfStep)
            let next = f(inputMin + F(i + 1) * step)
            let sample = round(value * inverse)
            let interpolated = round((next * inverse + round(value * inverse)) / 2)
            let bias = round((interpolated - round(midpoint * inverse)) / 2)
            return clamp(sample - bias)
        }
        entries.append(clamp(round(f(inputMax) * inverse)))
        self.entries = entries
    }

    /// The entry for the top 9 bits of `value`, plus the slope to the next entry times the low 7.
    @inline(__always)
    func lookup(_ value: Int32) -> Int32 {
        let index = Int(256 + (value >> 7)), offset = value & 0x7f
        let base = entries[index], slope = Int32(Int16(truncatingIfNeeded: entries[index + 1] - base))
        return Int32(Int16(truncatingIfNeeded: base + ((slope * offset + 64) >> 7)))
    }
}

/// Softmax over the last axis of int16 values (zero points 0, output Q0.15), as TFLite's
/// reference_ops::SoftmaxInt16: differences from the row's maximum, scaled by the multiplier of
/// Float(input scale · β) / (10 / 65535), index a table of exp over [−10, 0]; the sum of
/// exponentials, normalized, indexes a table of 1 / (1 + x) over [0, 1]; each exponential times
/// that reciprocal, shifted back, rounded and clamped to [0, 32767].
enum QuantizedSoftmax16 {
    private static let exponential = Int16LookupTable(inputScale: 10.0 / 65535, inputZeroPoint: 32767, outputScale: 2.0 / 65535,
                                                      outputZeroPoint: 0) { (x: Double) in Foundation.exp(x) }
    private static let reciprocal = Int16LookupTable(inputScale: 1.0 / 65535, inputZeroPoint: -32768, outputScale: 2.0 / 65535,
                                                     outputZeroPoint: 0) { (x: Double) in 1 / (1 + x) }

    static func prepare(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node
        let multiplier = QuantizedMultiplier(Double(try q.scalar(0).scale * q.node.float("beta", 1)) / (10.0 / 65535))
        return { inputs in
            let x = try inputs.required(0, node)
            let depth = x.shape.last ?? 1
            let xv = x.int32s()
            var out = [Int32](repeating: 0, count: xv.count)
            guard depth > 0 else { return [Tensor.fromInt32s(out, shape: x.shape, dtype: .int16)] }
            for row in stride(from: 0, to: xv.count, by: depth) {
                let maximum = xv[row..<(row + depth)].max()!
                var sum: Int32 = 0
                for c in row..<(row + depth) {
                    let scaled = multiplier.apply(xv[c] - maximum)
                    out[c] = exponential.lookup(min(max(scaled &+ 32767, -32768), 32767))
                    sum = sum &+ out[c]
                }
                let headroomPlusOne = UInt32(bitPattern: sum).leadingZeroBitCount
                let shiftedSum = Int32(truncatingIfNeeded: ((Int64(sum) << Int64(headroomPlusOne - 1)) + (1 << 13)) >> 14)
                let scale = Int64(reciprocal.lookup(min(max(shiftedSum - ((1 << 15) + (1 << 16)), -32768), 32767)))
                let rightShift = Int64(31 - headroomPlusOne)
                for c in row..<(row + depth) {
                    let result = (Int64(out[c]) * scale + (Int64(1) << (rightShift - 1))) >> rightShift
                    out[c] = Int32(min(max(result, 0), 32767))
                }
            }
            return [Tensor.fromInt32s(out, shape: x.shape, dtype: .int16)]
        }
    }
}
