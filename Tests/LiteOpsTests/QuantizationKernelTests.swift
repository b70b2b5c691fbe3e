import LiteIR
import LiteOps
import XCTest

/// Quantize, Dequantize and the dynamic-range FullyConnected on values worked out by hand from
/// TFLite's reference formulas (kernels/internal/reference/quantize.h, dequantize.h;
/// kernels/fully_connected.cc EvalHybridDense with portable_tensor_utils.cc).
final class QuantizationKernelTests: XCTestCase {
    private func run(_ op: String, _ input: Tensor, _ attributes: [String: Attribute], _ more: [Tensor] = []) throws -> Tensor {
        let inputs = [input] + more
        let node = Node(name: op, op: op, inputs: inputs.indices.map { "in\($0)" }, outputs: ["y"], attributes: attributes)
        _ = try OpRegistry.infer(InferenceContext(node: node, inputTypes: inputs.map(\.type), constantInputs: inputs.map { _ in nil }))
        return try OpRegistry.evaluate(node, inputs)[0]
    }

    func testDynamicRangeFullyConnectedQuantizesEachRowOnTheFly() throws {
        let x = Tensor(shape: [1, 3], values: [Float](arrayLiteral: 1, -2, 0.5))
        let w = Tensor(shape: [2, 3], values: [Int8](arrayLiteral: 1, 2, 3, -1, 0, 4))
        let bias = Tensor(shape: [2], values: [Float](arrayLiteral: 0.5, -1))
        // Symmetric: range 2, x · 63.5 → 63.5, −127, 31.75 → q = 64, −127, 32 (halves away from
        // zero); dots −94 and 64; scale 2/127 · weight scale 0.1 (unit 0) or 0.2 (unit 1).
        let symmetric = try run("HybridFullyConnected", x, ["weight_scales": .floats([0.1, 0.2])], [w, bias]).values(Float.self)
        XCTAssertEqual(symmetric[0], 0.5 + Float(-94) * (Float(2) / 127 * 0.1), accuracy: 1e-6)
        XCTAssertEqual(symmetric[1], -1 + Float(64) * (Float(2) / 127 * 0.2), accuracy: 1e-6)
        // Asymmetric: [−2, 1] over 255 steps → scale 3/255, zero point 42 (either end gives 42),
        // q = round(42 + x · 85) = 127, −128, 85; dot − 42 · Σw: 126 − 252 and 213 − 126.
        let asymmetric = try run("HybridFullyConnected", x, ["weight_scales": .floats([0.1]), "asymmetric_quantize_inputs": .int(1)],
                                 [w, bias]).values(Float.self)
        XCTAssertEqual(asymmetric[0], 0.5 + Float(-126) * (Float(3.0 / 255) * 0.1), accuracy: 1e-6)
        XCTAssertEqual(asymmetric[1], -1 + Float(87) * (Float(3.0 / 255) * 0.1), accuracy: 1e-6)
        // An all-zero row gives the bias.
        let zero = try run("HybridFullyConnected", Tensor(shape: [1, 3], values: [Float](repeating: 0, count: 3)), ["weight_scales": .floats([0.1])],
                           [w, bias])
        XCTAssertEqual(zero.values(Float.self), [0.5, -1])
    }

    func testQuantizeRoundsHalvesAwayFromZeroAddsTheZeroPointAndClamps() throws {
        // x / 0.5 = −2, 1, 0.5, −0.5, 200, −300 → round away from zero, − 3, clamp to int8.
        let x = Tensor(shape: [6], values: [Float](arrayLiteral: -1, 0.5, 0.25, -0.25, 100, -150))
        let q = try run("Quantize", x, Quantization(scale: 0.5, zeroPoint: -3).attributes.merging(["dtype": .string("int8")]) { $1 })
        XCTAssertEqual(q.dtype, .int8)
        XCTAssertEqual(q.values(Int8.self), [-5, -2, -2, -4, 127, -128])
        let u = try run("Quantize", x, Quantization(scale: 0.5, zeroPoint: 128).attributes.merging(["dtype": .string("uint8")]) { $1 })
        XCTAssertEqual(u.values(UInt8.self), [126, 129, 129, 127, 255, 0])
    }

    func testPerAxisParametersFollowTheirSlice() throws {
        // [2, 3] along axis 1: scales 1, 0.5, 0.25 and zero points 0, 1, −1.
        let quantization = Quantization(scales: [1, 0.5, 0.25], zeroPoints: [0, 1, -1], axis: 1)
        let x = Tensor(shape: [2, 3], values: [Float](arrayLiteral: 1, 1, 1, -2, -2, -2))
        let q = try run("Quantize", x, quantization.attributes.merging(["dtype": .string("int8")]) { $1 })
        XCTAssertEqual(q.values(Int8.self), [1, 3, 3, -2, -3, -9])
        let back = try run("Dequantize", q, quantization.attributes)
        XCTAssertEqual(back.values(Float.self), [1, 1, 1, -2, -2, -2])
    }

    func testDequantizeScalesTheOffsetFromTheZeroPoint() throws {
        let q = Tensor(shape: [4], values: [Int8](arrayLiteral: -128, -3, 0, 127))
        let y = try run("Dequantize", q, Quantization(scale: 0.25, zeroPoint: -3).attributes)
        XCTAssertEqual(y.values(Float.self), [-31.25, 0, 0.75, 32.5])
        let half = Tensor(shape: [3], values: [Float16](arrayLiteral: 1.5, -0.000_061_035_156, 65504))
        XCTAssertEqual(try run("Dequantize", half, [:]).values(Float.self), [1.5, -0.000_061_035_156, 65504])
    }

    func testParametersThatDoNotFitAreRefusedNamingTheNode() {
        let x = Tensor(shape: [2, 3], values: [Float](repeating: 0, count: 6))
        for attributes: [String: Attribute] in [
            ["scales": .floats([0]), "zero_points": .ints([0])],
            ["scales": .floats([1]), "zero_points": .ints([200])],
            ["scales": .floats([1, 1]), "zero_points": .ints([0, 0])],
            ["scales": .floats([1, 1]), "zero_points": .ints([0, 0]), "axis": .int(1)],
        ] {
            XCTAssertThrowsError(try run("Quantize", x, attributes.merging(["dtype": .string("int8")]) { $1 })) { error in
                XCTAssertTrue("\(error)".contains("Quantize"), "\(error)")
            }
        }
    }
}
