import Foundation
import LiteIR

/// Rsqrt on quantized values, as TFLite's RSQRT (kernels/elementwise.cc):
/// - int8: an input at the zero point gives 127; otherwise the fixed-point inverse square root of
///   v = x − zero point (GetInvSqrtQuantizedMultiplierExp, a Newton iteration: ≈ 2²⁰ / √v, in
///   the table below for v = 1…255) times the multiplier of 1 / (√input scale · output scale)
///   (the square root and product in float) shifted back by 20, plus the output zero point,
///   clamped. Inputs below the zero point are refused at run time, as TFLite's kernel fails.
/// - int16 (zero points 0): TFLite's interpolated table of 1 / √x (32767 · output scale at 0).
enum QuantizedRsqrt {
    /// MultiplyByQuantizedMultiplier(1, GetInvSqrtQuantizedMultiplierExp(v), shift + 20) for
    /// v = 1…255: TFLite's fixed-point 2²⁰ / √v.
    private static let inverseSquareRoots: [Int32] = [
        1048576, 741454, 605396, 524288, 468937, 428079, 396324, 370727, 349525, 331589, 316158, 302698, 290823, 280244, 270741, 262144,
        254317, 247152, 240560, 234469, 228818, 223557, 218643, 214040, 209715, 205643, 201799, 198162, 194716, 191443, 188330, 185364,
        182534, 179829, 177242, 174763, 172385, 170101, 167907, 165794, 163760, 161799, 159906, 158079, 156312, 154604, 152951, 151349,
        149797, 148291, 146830, 145411, 144033, 142693, 141390, 140122, 138887, 137685, 136513, 135371, 134256, 133169, 132108, 131072,
        130060, 129071, 128104, 127159, 126234, 125329, 124443, 123576, 122727, 121894, 121079, 120280, 119496, 118728, 117974, 117234,
        116508, 115796, 115096, 114409, 113734, 113071, 112419, 111779, 111149, 110530, 109921, 109322, 108732, 108152, 107582, 107020,
        106467, 105922, 105386, 104858, 104337, 103824, 103319, 102821, 102331, 101847, 101370, 100899, 100435, 99978, 99526, 99081,
        98642, 98208, 97780, 97358, 96941, 96529, 96123, 95721, 95325, 94934, 94547, 94165, 93787, 93415, 93046, 92682,
        92322, 91966, 91614, 91267, 90923, 90583, 90247, 89915, 89586, 89261, 88939, 88621, 88306, 87995, 87686, 87381,
        87079, 86781, 86485, 86192, 85903, 85616, 85332, 85051, 84772, 84497, 84224, 83953, 83685, 83420, 83157, 82897,
        82639, 82384, 82131, 81880, 81632, 81385, 81141, 80899, 80660, 80422, 80187, 79953, 79722, 79492, 79265, 79039,
        78816, 78594, 78374, 78156, 77940, 77726, 77513, 77302, 77093, 76885, 76679, 76475, 76273, 76072, 75872, 75674,
        75478, 75283, 75090, 74898, 74708, 74519, 74332, 74146, 73961, 73778, 73596, 73415, 73236, 73058, 72881, 72706,
        72532, 72359, 72187, 72016, 71847, 71679, 71512, 71347, 71182, 71019, 70856, 70695, 70535, 70376, 70218, 70061,
        69905, 69750, 69596, 69444, 69292, 69141, 68991, 68842, 68694, 68548, 68402, 68256, 68112, 67969, 67827, 67685,
        67545, 67405, 67266, 67128, 66991, 66855, 66719, 66585, 66451, 66318, 66186, 66054, 65923, 65794, 65664,
    ]

    static func prepare(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
        if try q.input(0).dtype == .int16 {
            guard inZero == 0, outZero == 0 else { throw q.node.error("int16 values must have zero point 0") }
            let table = Int16LookupTable(inputScale: inScale, inputZeroPoint: 0, outputScale: outScale, outputZeroPoint: 0) { (x: Float) in
                x <= 0 ? 32767 * outScale : 1 / x.squareRoot()
            }
            return try checked(q) { table.lookup($0) }
        }
        let base = QuantizedMultiplier(1 / Double(inScale.squareRoot() * outScale))
        let multiplier = QuantizedMultiplier(multiplier: base.multiplier, shift: base.shift - 20)
        return try checked(q) { x in
            let value = x - inZero
            guard value > 0 else { return 127 }
            return min(max(multiplier.apply(inverseSquareRoots[Int(value) - 1]) &+ outZero, -128), 127)
        }
    }

    /// The kernel of `function`, refusing an input below the zero point.
    private static func checked(_ q: QuantizedOperands, _ function: @escaping @Sendable (Int32) -> Int32) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let zero = try q.scalar(0).zeroPoint, node = q.node
        let kernel = QuantizedActivations.map(q, function)
        return { inputs in
            let x = try inputs.required(0, node)
            if x.int32s().contains(where: { $0 < zero }) { throw node.error("Rsqrt is only defined for positive values") }
            return try kernel(inputs)
        }
    }
}
