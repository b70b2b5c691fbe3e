import Foundation
import LiteIR

/// LOGISTIC and TANH on int16 values (zero points 0), as TFLite's reference_integer_ops::Logistic
/// and Tanh (activations.cc Prepare): the input is rescaled to 1/(3·4096) units — by 3 · 2^shift
/// when the scale is 2⁻¹² (2⁻¹¹ also for TANH), else by Double(scale) · 4096 · 3 doubled past
/// 16383.5 and truncated — then interpolated in TFLite's table of sigmoid(i / 24) in 0.16 fixed
/// point; TANH as 2 · sigmoid(2x) − 1. Output Q0.15.
enum QuantizedSigmoid16 {
    /// sigmoid(i / 24) · 65536 for i in 0..<256: TFLite's `sigmoid_table_uint16` (common.h).
    private static let table: [UInt32] = [
        32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
        43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
        51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
        57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
        61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
        63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
        64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
        64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
        65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
        65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
        65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
        65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
        65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
        65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
        65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
        65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
    ]

    static func prepare(_ q: QuantizedOperands, tanh: Bool) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (scale, zeroPoint) = try q.scalar(0)
        guard zeroPoint == 0, q.outputScalar.zeroPoint == 0 else { throw q.node.error("int16 values must have zero point 0") }
        // CheckedLog2: a power of two within 1e-3 in log2, computed in float.
        let log2 = Foundation.log(scale) * (1 / Foundation.log(Float(2)))
        let rounded = Int(log2.rounded(.toNearestOrAwayFromZero))
        var multiplier: Int32, shift = 12 + rounded
        if abs(log2 - Float(rounded)) < 1e-3 && (shift == 0 || (tanh && shift == 1)) {
            (multiplier, shift) = (3 << Int32(shift), 0)
        } else {
            var real = Double(scale) * 4096 * 3
            shift = 0
            while real <= 32767.0 / 2 && shift <= 30 {
                shift += 1
                real *= 2
            }
            multiplier = Int32(real)
        }
        let round: Int32 = shift > 0 ? 1 << Int32(shift - 1) : 0
        let node = q.node, (inputMultiplier, inputShift) = (multiplier, Int32(shift))
        return { inputs in
            let x = try inputs.required(0, node)
            let out = x.int32s().map { value -> Int32 in
                let input = (value &* inputMultiplier &+ round) >> inputShift
                let magnitude = input.magnitude
                if tanh {
                    let high = Int(magnitude >> 8)
                    var result: Int32 = 0xFFFF << 8
                    if high < 255 {
                        let a = table[high], b = table[high + 1]
                        result = Int32(bitPattern: (a << 8) &+ (magnitude & 0xFF) &* (b &- a))
                    }
                    result = input >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1
                    return Int32(Int16(truncatingIfNeeded: result >> 8))
                }
                let high = Int(magnitude >> 9)
                var result: UInt32 = 0x7FFF << 10
                if high < 255 {
                    let a = table[high], b = table[high + 1]
                    result = (a << 9) &+ (magnitude & 0x1FF) &* (b &- a)
                }
                result = input >= 0 ? result &+ (1 << 9) : (1 << 25) &- result &+ (1 << 9) &- 1
                return Int32(Int16(truncatingIfNeeded: result >> 10))
            }
            return [Tensor.fromInt32s(out, shape: x.shape, dtype: .int16)]
        }
    }
}
