import LiteIR
import LiteOps
import XCTest

/// Quantize and Dequantize on values worked out by hand from TFLite's reference formulas
/// (kernels/internal/reference/quantize.h and dequantize.h).
final class QuantizationKernelTests: XCTestCase {
    private func run(_ op: String, _ input: Tensor, _ attributes: [String: Attribute]) throws -> Tensor {
        let node = Node(name: op, op: op, inputs: ["x"], outputs: ["y"], attributes: attributes)
        _ = try OpRegistry.infer(InferenceContext(node: node, inputTypes: [input.type], constantInputs: [nil]))
        return try OpRegistry.evaluate(node, [input])[0]
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
